import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisGuard, SessionStoreUnavailable } from './redis-availability.ts';

const client = (status: string) => ({ status }) as unknown as Redis;

describe('redisGuard', () => {
  it('runs the work while the client is connected', async () => {
    await expect(redisGuard(client('ready'))(() => Promise.resolve('OK'))).resolves.toBe('OK');
  });

  it('refuses at once while the client is not connected, without running the work', async () => {
    let ran = false;
    const work = () => {
      ran = true;
      return Promise.resolve('OK');
    };
    for (const status of ['reconnecting', 'connecting', 'close', 'end']) {
      await expect(redisGuard(client(status))(work)).rejects.toBeInstanceOf(SessionStoreUnavailable);
    }
    expect(ran).toBe(false);
  });

  it('gives up on a command that does not answer within the wait', async () => {
    const started = Date.now();
    const never = () => new Promise<never>(() => undefined);
    await expect(redisGuard(client('ready'), 50)(never)).rejects.toMatchObject({
      code: 'SESSION_STORE_UNAVAILABLE',
      statusCode: 503,
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('turns a failed command into an unavailable store, keeping the cause', async () => {
    const cause = new Error('Connection is closed.');
    const failure = await redisGuard(client('ready'))(() => Promise.reject(cause)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SessionStoreUnavailable);
    expect((failure as SessionStoreUnavailable).cause).toBe(cause);
  });
});
