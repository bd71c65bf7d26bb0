import type { FastifyRequest } from 'fastify';
import type { SignedInAccount } from '../identity/identity-provider.ts';

declare module 'fastify' {
  /** What a session holds in Redis: who signed in and when (no password, no email). */
  interface Session {
    user?: SignedInAccount;
    /** Epoch milliseconds of sign-in, on the service's clock: the absolute end counts from it. */
    signedInAt?: number;
    /** The account's session generation it was opened under (redis-session-store.ts); absent: 0. */
    generation?: number;
    /** The CSRF secret (@fastify/csrf-protection). */
    _csrf?: string;
  }
}

/** The name of the session cookie. */
export const SESSION_COOKIE = 'relais_session';

/** The request's session, or null once destroyed (the plugin's types say it is always there). */
export const sessionOf = (request: FastifyRequest) =>
  (request.session as FastifyRequest['session'] | null | undefined) ?? null;
