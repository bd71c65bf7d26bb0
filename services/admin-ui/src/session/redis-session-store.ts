import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Redis } from 'ioredis';
import { redisGuard, type RedisGuard } from './redis-availability.ts';

/** The session store, plus what account administration needs: ending every session of an account. */
export interface RedisSessionStore extends SessionStore {
  /**
   * Ends every session of an account (disabled, roles changed, password changed), including one a
   * request in flight would store again when it answers: the account's generation moves on first.
   */
  destroyAllOf(accountId: string): Promise<void>;
  /** The account's session generation now (0 if its sessions were never ended): a new session is stored under it. */
  generationOf(accountId: string): Promise<number>;
  /** Whether a session is stored (a session of an older generation is refused: not stored, and its id holds nothing). */
  has(sessionId: string): Promise<boolean>;
}

/**
 * Stores a signed-in session only while its account's generation is the one it was opened under
 * (KEYS: the session, the account's set of sessions, the account's generation; ARGV: the session,
 * its time to live, its generation, its id, the set's time to live). Once the account's sessions
 * were ended, a request that was in flight then answers without bringing its session back.
 * Refused, it also removes what its id holds: a sign-in's `regenerate` has stored the new id
 * without its user first, and `has` must not find that entry and take the sign-in for done.
 */
const SET_IF_CURRENT = `
if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[3] then
  redis.call('DEL', KEYS[1])
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return 1`;

const errorOf = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * Sessions in Redis over the service's ioredis client (connect-redis speaks node-redis only):
 * one JSON value per session, expiring with its cookie, and one set per account naming its
 * sessions so that they can all be ended at once. Each account has a generation, moved on when its
 * sessions are ended; a signed-in session carries the generation it was opened under and is stored
 * only while that is still the account's (sessions are saved again at the end of every request,
 * rolling, and one in flight when the account was disabled would otherwise come back). Every call
 * is bounded by `guard`: Redis down, each fails at once with `SessionStoreUnavailable` (503), never
 * a request left waiting.
 */
export const createRedisSessionStore = (
  redis: Redis,
  options: { readonly keyPrefix: string; readonly idleMs: number; readonly maxAgeMs: number },
  guard: RedisGuard = redisGuard(redis),
): RedisSessionStore => {
  const sessionKey = (sessionId: string) => `${options.keyPrefix}session:${sessionId}`;
  const accountKey = (accountId: string) => `${options.keyPrefix}account-sessions:${accountId}`;
  const generationKey = (accountId: string) => `${options.keyPrefix}account-generation:${accountId}`;
  const ttlOf = (session: Session): number => {
    const expires = session.cookie.expires;
    const left = expires instanceof Date ? expires.getTime() - Date.now() : options.idleMs;
    return Math.max(1000, Math.min(left, options.maxAgeMs));
  };
  return {
    set(sessionId, session, callback) {
      const { user } = session;
      const write = user
        ? () =>
            redis.eval(
              SET_IF_CURRENT,
              3,
              sessionKey(sessionId),
              accountKey(user.id),
              generationKey(user.id),
              JSON.stringify(session),
              ttlOf(session),
              String(session.generation ?? 0),
              sessionId,
              options.maxAgeMs,
            )
        : () => redis.set(sessionKey(sessionId), JSON.stringify(session), 'PX', ttlOf(session));
      // A session of an ended generation is not stored, and that is no error: the request it
      // belongs to answers, and the next one finds no session.
      guard(write).then(
        () => callback(),
        (error: unknown) => callback(errorOf(error)),
      );
    },
    get(sessionId, callback) {
      guard(() => redis.get(sessionKey(sessionId))).then(
        (raw) => callback(null, raw === null ? null : (JSON.parse(raw) as Session)),
        (error: unknown) => callback(errorOf(error)),
      );
    },
    destroy(sessionId, callback) {
      guard(() => redis.del(sessionKey(sessionId))).then(
        () => callback(),
        (error: unknown) => callback(errorOf(error)),
      );
    },
    async destroyAllOf(accountId) {
      // First the generation, so that no session is stored under the old one from now on, then
      // the sessions stored until now. No expiry: one small key per account ever ended.
      await guard(() => redis.incr(generationKey(accountId)));
      const sessionIds = await guard(() => redis.smembers(accountKey(accountId)));
      await guard(() => redis.del(accountKey(accountId), ...sessionIds.map(sessionKey)));
    },
    async generationOf(accountId) {
      return Number((await guard(() => redis.get(generationKey(accountId)))) ?? 0);
    },
    async has(sessionId) {
      return (await guard(() => redis.exists(sessionKey(sessionId)))) === 1;
    },
  };
};
