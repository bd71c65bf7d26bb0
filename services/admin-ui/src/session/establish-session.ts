import type { FastifyRequest } from 'fastify';
import { signInFailed } from '../app/sign-in.ts';
import type { IdentityProvider, SignedInAccount } from '../identity/identity-provider.ts';
import type { RedisSessionStore } from './redis-session-store.ts';

/** What opening a session needs: the store of sessions, and the provider that says what the account is now. */
export interface SessionDeps {
  readonly sessions: RedisSessionStore;
  readonly provider: IdentityProvider;
}

/**
 * Opens a session for an account that has just proved who it is, under a new id (a session id
 * planted in the browser before sign-in is worthless after it: no fixation), with a new CSRF secret.
 *
 * An administrator may disable the account, or change its roles or password, while this sign-in
 * is being checked (argon2id alone takes tens of milliseconds); ending the account's sessions
 * then finds none, and a session opened after it would outlive the change. So the account's
 * session generation is read first, then the account again: a change committed before that
 * second read shows in its stamp (`stamp` is what the sign-in saw), and one committed after it
 * ends the account's sessions after its commit, moving the generation on, so that this session,
 * opened under the old one, is not stored. Either way the sign-in fails as a wrong password
 * would, and no session is left.
 */
export const openSession = async (
  request: FastifyRequest,
  deps: SessionDeps,
  opened: { readonly account: SignedInAccount; readonly stamp: string; readonly signedInAt: number },
): Promise<void> => {
  const { account, stamp, signedInAt } = opened;
  const generation = await deps.sessions.generationOf(account.id);
  if ((await deps.provider.current(account.id))?.stamp !== stamp) throw signInFailed();
  await request.session.regenerate();
  request.session.user = account;
  request.session.signedInAt = signedInAt;
  request.session.generation = generation;
  // Stored now rather than when the answer goes: under its generation, or not at all.
  await request.session.save();
  if (!(await deps.sessions.has(request.session.sessionId))) {
    await request.session.destroy();
    throw signInFailed();
  }
};

/**
 * The session of someone who just replaced their password, which ended every session of the
 * account theirs included: opened as at sign-in, for the account as it is once the new password
 * is stored (a CPAS administrator may have disabled it or changed its roles meanwhile).
 */
export const reopenSession = async (
  request: FastifyRequest,
  deps: SessionDeps,
  accountId: string,
  signedInAt: number,
): Promise<SignedInAccount> => {
  const now = await deps.provider.current(accountId);
  if (!now) throw signInFailed();
  await openSession(request, deps, { ...now, signedInAt });
  return now.account;
};
