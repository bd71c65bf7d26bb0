import { loadConfig } from '@relais/service-kit';
import { describe, expect, it } from 'vitest';
import { configSchema, DEVELOPMENT_TUTOR_LINK_SECRET } from './config.ts';

/** A syntactically valid verifying key: every service must have one, so the tests give it. */
const SERVICE_TOKEN_PUBLIC_KEY =
  '-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\\n-----END PUBLIC KEY-----';
const load = (env: Record<string, string>) => loadConfig(configSchema, { SERVICE_TOKEN_PUBLIC_KEY, ...env });
const ownSecret = 'a-secret-of-this-cpas-platform-at-least-32-chars';

describe('trial-period configuration', () => {
  it('given no tutor link secret outside production, then the development secret and a 7-day validity apply', () => {
    expect(load({})).toMatchObject({
      NODE_ENV: 'development',
      TUTOR_LINK_SECRET: DEVELOPMENT_TUTOR_LINK_SECRET,
      TUTOR_LINK_TTL_HOURS: 168,
    });
  });

  it('given production without a tutor link secret, then the service refuses to start, naming the variable', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/TUTOR_LINK_SECRET: required in production/);
  });

  it('given production with the published development secret, then the service refuses to start', () => {
    expect(() => load({ NODE_ENV: 'production', TUTOR_LINK_SECRET: DEVELOPMENT_TUTOR_LINK_SECRET })).toThrow(
      /TUTOR_LINK_SECRET: the development secret is public/,
    );
  });

  it('given production with a secret of its own, then it is used', () => {
    expect(load({ NODE_ENV: 'production', TUTOR_LINK_SECRET: ownSecret })).toMatchObject({
      NODE_ENV: 'production',
      TUTOR_LINK_SECRET: ownSecret,
    });
  });

  it('given a short secret or an unknown NODE_ENV, then each is refused, naming the variable', () => {
    expect(() => load({ TUTOR_LINK_SECRET: 'short' })).toThrow(/TUTOR_LINK_SECRET/);
    expect(() => load({ NODE_ENV: 'prod' })).toThrow(/NODE_ENV/);
  });
});
