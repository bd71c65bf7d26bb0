import cookie from '@fastify/cookie';
import session from '@fastify/session';
import { DomainError } from '@relais/service-kit';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { IdentityProvider, SignedIn } from '../src/identity/identity-provider.ts';
import { openSession } from '../src/session/establish-session.ts';
import { createRedisSessionStore, type RedisSessionStore } from '../src/session/redis-session-store.ts';
import { SESSION_COOKIE } from '../src/session/session-data.ts';

// The last guard of openSession, deterministically: an administrator's change that commits after
// the account was read for the sign-in (so the stamp still matches) and ends the account's
// sessions before the new one is stored. The session store and Redis are the edge's own; the
// identity provider is the one part stood in for, as the place the change lands in between.

const keyPrefix = `relais:test:${randomBytes(4).toString('hex')}:`;
let redis: Redis;
let store: RedisSessionStore;
let app: FastifyInstance;

const signedIn = (): SignedIn => ({
  account: {
    id: randomUUID(),
    tenantId: randomUUID(),
    cpasName: 'CPAS de Test',
    displayName: 'Agent de test',
    roles: ['placement_officer'],
    mustChangePassword: false,
  },
  stamp: 'stamp-at-sign-in',
});

/** The account as the provider reads it, and what happens right after that read. */
let current: { readonly now: SignedIn; readonly afterRead: () => Promise<void> };

const provider: IdentityProvider = {
  authenticate: () => Promise.reject(new Error('not used: the password was checked before')),
  async current() {
    const { now, afterRead } = current;
    await afterRead();
    return now;
  },
};

const keysOf = (accountId: string) => redis.keys(`${keyPrefix}*${accountId}*`);

describe('admin-ui: opening a session', () => {
  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    store = createRedisSessionStore(redis, { keyPrefix, idleMs: 60_000, maxAgeMs: 3_600_000 });
    app = Fastify();
    await app.register(cookie);
    await app.register(session, {
      secret: randomBytes(32).toString('hex'),
      cookieName: SESSION_COOKIE,
      store,
      saveUninitialized: false,
      cookie: { path: '/', httpOnly: true, sameSite: 'strict', secure: false },
    });
    app.post('/open', async (request, reply) => {
      try {
        await openSession(
          request,
          { sessions: store, provider },
          {
            ...current.now,
            signedInAt: Date.now(),
          },
        );
      } catch (error) {
        if (error instanceof DomainError) return reply.status(401).send({ code: error.code });
        throw error;
      }
      return reply.status(204).send();
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    const left = await redis.keys(`${keyPrefix}*`);
    if (left.length > 0) await redis.del(...left);
    redis.disconnect();
  });

  it('stores the session under the account when nothing changes meanwhile', async () => {
    const now = signedIn();
    current = { now, afterRead: () => Promise.resolve() };
    const answer = await app.inject({ method: 'POST', url: '/open' });
    expect(answer.statusCode).toBe(204);
    expect(answer.headers['set-cookie']).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(await redis.smembers(`${keyPrefix}account-sessions:${now.account.id}`)).toHaveLength(1);
  });

  it('opens nothing when the account’s sessions are ended after it was read, before the session is stored', async () => {
    const now = signedIn();
    // The stamp matches (the change came after the read), but the account's generation moves on.
    current = { now, afterRead: () => store.destroyAllOf(now.account.id) };
    const answer = await app.inject({ method: 'POST', url: '/open' });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toEqual({ code: 'SIGN_IN_FAILED' });
    expect(answer.headers['set-cookie']).toBeUndefined();
    // Only the generation is left: no session, no set of sessions.
    expect(await keysOf(now.account.id)).toEqual([`${keyPrefix}account-generation:${now.account.id}`]);
  });
});
