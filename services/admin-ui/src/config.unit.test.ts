import { generateServiceTokenKeys, loadConfig } from '@relais/service-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema, DEVELOPMENT_SESSION_SECRET } from './config.ts';

let keys: Record<string, string>;
const load = (env: Record<string, string>) => loadConfig(configSchema, { ...keys, ...env });
const ownSecret = 'a-session-secret-of-this-platform-at-least-32-chars';

describe('admin-ui configuration', () => {
  beforeAll(async () => {
    const pair = await generateServiceTokenKeys();
    keys = {
      SERVICE_TOKEN_PUBLIC_KEY: pair.publicKey,
      SERVICE_TOKEN_PRIVATE_KEY: pair.privateKey.replaceAll('\n', '\\n'),
    };
  });

  it('given only the keys outside production, then development defaults apply: port 3000, Secure cookies, the services on 3001-3004', () => {
    expect(load({})).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/relais_admin_ui',
      SESSION_SECRET: DEVELOPMENT_SESSION_SECRET,
      COOKIE_SECURE: true,
      TRUST_PROXY: 'loopback',
      SESSION_IDLE_MINUTES: 30,
      SESSION_MAX_HOURS: 10,
      SIGN_IN_MAX_FAILURES: 5,
      SIGN_IN_LOCK_SECONDS: 900,
      PLACEMENT_URL: 'http://127.0.0.1:3001',
      SAFETY_VISITS_URL: 'http://127.0.0.1:3002',
      TRIAL_PERIOD_URL: 'http://127.0.0.1:3003',
      INCOME_CONTINUITY_URL: 'http://127.0.0.1:3004',
      DEMO_ACCOUNTS: false,
    });
    expect(load({}).COMMITTEE_URL).toBeUndefined();
  });

  it('given no signing key, then the edge refuses to start, naming it', () => {
    expect(() =>
      loadConfig(configSchema, { SERVICE_TOKEN_PUBLIC_KEY: keys.SERVICE_TOKEN_PUBLIC_KEY }),
    ).toThrow(/SERVICE_TOKEN_PRIVATE_KEY/);
  });

  it('given production without a session secret, or with the published one, then the edge refuses to start', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: required in production/);
    expect(() => load({ NODE_ENV: 'production', SESSION_SECRET: DEVELOPMENT_SESSION_SECRET })).toThrow(
      /SESSION_SECRET: the development secret is public/,
    );
    expect(load({ NODE_ENV: 'production', SESSION_SECRET: ownSecret })).toMatchObject({
      SESSION_SECRET: ownSecret,
    });
  });

  it('given production with demo accounts or cookies without Secure, then the edge refuses to start', () => {
    expect(() => load({ NODE_ENV: 'production', SESSION_SECRET: ownSecret, DEMO_ACCOUNTS: 'true' })).toThrow(
      /DEMO_ACCOUNTS: demo accounts have a published password/,
    );
    expect(() => load({ NODE_ENV: 'test', DEMO_ACCOUNTS: 'true' })).toThrow(/DEMO_ACCOUNTS/);
    expect(() => load({ NODE_ENV: 'production', SESSION_SECRET: ownSecret, COOKIE_SECURE: 'false' })).toThrow(
      /COOKIE_SECURE/,
    );
    expect(load({ DEMO_ACCOUNTS: 'true', COOKIE_SECURE: 'false' })).toMatchObject({
      DEMO_ACCOUNTS: true,
      COOKIE_SECURE: false,
    });
  });

  it('given a short secret, a bad flag or a service URL that is not HTTP, then each is refused, naming it', () => {
    expect(() => load({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET: at least 32 characters/);
    expect(() => load({ DEMO_ACCOUNTS: 'yes please' })).toThrow(/DEMO_ACCOUNTS/);
    expect(() => load({ COMMITTEE_URL: 'ftp://committee' })).toThrow(/COMMITTEE_URL/);
  });
});
