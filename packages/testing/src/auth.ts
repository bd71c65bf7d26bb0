import {
  createTokenSigner,
  generateServiceTokenKeys,
  type Principal,
  type TokenSigner,
  type UserRole,
} from '@relais/service-kit';
import { v7 as uuidv7 } from 'uuid';

interface TestKeys {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly signer: TokenSigner;
}

let keys: Promise<TestKeys> | undefined;

/**
 * The key pair tests sign service tokens with, made once per test process: services started
 * by a test are given its public key, so only this process's tokens open them.
 */
export const testTokenKeys = (): Promise<TestKeys> => {
  keys ??= generateServiceTokenKeys().then(async (pair) => ({
    ...pair,
    signer: await createTokenSigner(pair.privateKey),
  }));
  return keys;
};

/** The environment a service needs to verify the test's tokens. */
export const testTokenEnv = async (): Promise<{ SERVICE_TOKEN_PUBLIC_KEY: string }> => ({
  SERVICE_TOKEN_PUBLIC_KEY: (await testTokenKeys()).publicKey,
});

/** A signed-in user of a CPAS, for tests: a stable id per test, one or more roles. */
export interface TestUser {
  readonly tenantId: string;
  readonly roles: UserRole | readonly UserRole[];
  readonly userId?: string;
}

/** A service token for a test user, as the signed-in edge would mint it. */
export const tokenFor = async (user: TestUser, options: { ttlSeconds?: number } = {}): Promise<string> => {
  const principal: Principal = {
    userId: user.userId ?? uuidv7(),
    tenantId: user.tenantId,
    roles: typeof user.roles === 'string' ? [user.roles] : user.roles,
  };
  return (await testTokenKeys()).signer.sign(principal, options);
};

/** `Authorization` header of a test user: `headers: await authHeaders({ tenantId, roles: 'social_worker' })`. */
export const authHeaders = async (user: TestUser): Promise<{ authorization: string }> => ({
  authorization: `Bearer ${await tokenFor(user)}`,
});
