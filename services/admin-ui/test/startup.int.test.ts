import { generateServiceTokenKeys } from '@relais/service-kit';
import { createTestDatabase, startTestService } from '@relais/testing';
import { describe, expect, inject, it } from 'vitest';
import { adminUiService } from '../src/service.ts';

const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};

/** Why the edge refuses to start with `env` (on a database of the test's own, dropped after). */
const refusal = async (env: Record<string, string>): Promise<string> => {
  const database = await createTestDatabase(infra.postgresUrl, 'admin-ui-start');
  try {
    const started = await startTestService(adminUiService, infra, { database, env });
    await started.service.stop();
    return 'started';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await database.drop();
  }
};

describe('admin-ui: starting', () => {
  it('refuses to start with a signing key the services’ verifying key does not match', async () => {
    const other = await generateServiceTokenKeys();
    expect(await refusal({ SERVICE_TOKEN_PRIVATE_KEY: other.privateKey })).toMatch(
      /SERVICE_TOKEN_PRIVATE_KEY does not match SERVICE_TOKEN_PUBLIC_KEY/,
    );
  });

  it('refuses a production start with the development session secret, or with demo accounts', async () => {
    const keys = await generateServiceTokenKeys();
    const production = {
      NODE_ENV: 'production',
      SERVICE_TOKEN_PRIVATE_KEY: keys.privateKey,
      SERVICE_TOKEN_PUBLIC_KEY: keys.publicKey,
    };
    expect(await refusal(production)).toMatch(/SESSION_SECRET: required in production/);
    expect(
      await refusal({
        ...production,
        SESSION_SECRET: 'a-secret-of-this-platform-at-least-32-chars',
        DEMO_ACCOUNTS: 'true',
      }),
    ).toMatch(/DEMO_ACCOUNTS: demo accounts have a published password/);
  });
});
