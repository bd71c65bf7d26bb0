import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { Redis } from 'ioredis';
import { redisGuard, type RedisGuard } from './redis-availability.ts';

/** The session store, plus what account administration needs: ending every session of an account. */
export interface RedisSessionStore extends SessionStore {
  /** Ends every session of an account (disabled, roles changed, password changed). */
  destroyAllOf(accountId: string): Promise<void>;
}

const errorOf = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * Sessions in Redis over the service's ioredis client (connect-redis speaks node-redis only):
 * one JSON value per session, expiring with its cookie, and one set per account naming its
 * sessions so that they can all be ended at once. Every call is bounded by `guard`: Redis down,
 * each fails at once with `SessionStoreUnavailable` (503), never a request left waiting.
 */
export const createRedisSessionStore = (
  redis: Redis,
  options: { readonly keyPrefix: string; readonly idleMs: number; readonly maxAgeMs: number },
  guard: RedisGuard = redisGuard(redis),
): RedisSessionStore => {
  const sessionKey = (sessionId: string) => `${options.keyPrefix}session:${sessionId}`;
  const accountKey = (accountId: string) => `${options.keyPrefix}account-sessions:${accountId}`;
  const ttlOf = (session: Session): number => {
    const expires = session.cookie.expires;
    const left = expires instanceof Date ? expires.getTime() - Date.now() : options.idleMs;
    return Math.max(1000, Math.min(left, options.maxAgeMs));
  };
  return {
    set(sessionId, session, callback) {
      const write = redis.multi().set(sessionKey(sessionId), JSON.stringify(session), 'PX', ttlOf(session));
      if (session.user)
        write
          .sadd(accountKey(session.user.id), sessionId)
          .pexpire(accountKey(session.user.id), options.maxAgeMs);
      guard(() => write.exec()).then(
        (results) => {
          const failed = results?.find(([error]) => error)?.[0];
          callback(failed ?? undefined);
        },
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
      const sessionIds = await guard(() => redis.smembers(accountKey(accountId)));
      await guard(() => redis.del(accountKey(accountId), ...sessionIds.map(sessionKey)));
    },
  };
};
