import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

/**
 * argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane: Password Storage Cheat
 * Sheet): ≈ 14 ms a hash on this machine, memory-hard so a GPU farm gains little. Run on libuv's
 * thread pool (the async API), never on the event loop.
 */
const ARGON2ID = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes and checks passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** Spends the time of a real check, for an email with no account (no timing tells them apart). */
  verifyNothing(password: string): Promise<void>;
}

/** The argon2id hasher (PHC strings `$argon2id$v=19$m=19456,t=2,p=1$…`). */
export const createPasswordHasher = (): PasswordHasher => {
  let dummy: Promise<string> | undefined;
  const check = async (passwordHash: string, password: string): Promise<boolean> => {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash opens nothing.
      return false;
    }
  };
  return {
    hash: (password) => hash(password, ARGON2ID),
    verify: check,
    async verifyNothing(password) {
      dummy ??= hash(randomBytes(32).toString('base64url'), ARGON2ID);
      await check(await dummy, password);
    },
  };
};
