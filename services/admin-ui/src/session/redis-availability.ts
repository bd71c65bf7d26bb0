import type { Redis } from 'ioredis';

/** How long a request waits for one Redis command before it is told to come back later. */
export const REDIS_WAIT_MS = 2000;
/** What a refused caller is told to wait (Retry-After): the client reconnects every 2 s at most. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Redis does not answer, so sessions, sign-in counters and rate limits cannot be read or kept:
 * 503 with Retry-After. The edge fails closed: no session is trusted and no password is checked
 * without them (a session cached here would outlive its sign-out or its account's disabling).
 */
export class SessionStoreUnavailable extends Error {
  override readonly name = 'SessionStoreUnavailable';
  readonly code = 'SESSION_STORE_UNAVAILABLE';
  readonly statusCode = 503;
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`sign-in and sessions are unavailable for a moment (${reason}): try again shortly`, options);
  }
}

/** Runs Redis work while Redis answers; otherwise, or past the wait, refuses with `SessionStoreUnavailable`. */
export type RedisGuard = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Bounds every Redis use of the edge. While the client is not connected it refuses at once
 * (the client would queue the command until a reconnection attempt failed, seconds later); once
 * connected, a command gets `waitMs` (a server that stops answering without closing the
 * connection). Any failure of the command itself is an unavailable store too.
 */
export const redisGuard =
  (redis: Redis, waitMs = REDIS_WAIT_MS): RedisGuard =>
  async <T>(work: () => Promise<T>): Promise<T> => {
    if (redis.status !== 'ready') throw new SessionStoreUnavailable(`redis is ${redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(new SessionStoreUnavailable(`redis did not answer within ${String(waitMs)} ms`));
          }, waitMs);
        }),
      ]);
    } catch (error) {
      if (error instanceof SessionStoreUnavailable) throw error;
      throw new SessionStoreUnavailable('a redis command failed', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  };
