import { loadConfig } from '@relais/service-kit';
import { describe, expect, it } from 'vitest';
import { configSchema, DEVELOPMENT_TUTOR_LINK_SECRET } from './config.ts';

describe('trial-period configuration', () => {
  it('given no tutor link secret outside production, then the development secret and a 7-day validity apply', () => {
    expect(loadConfig(configSchema, {})).toMatchObject({
      TUTOR_LINK_SECRET: DEVELOPMENT_TUTOR_LINK_SECRET,
      TUTOR_LINK_TTL_HOURS: 168,
    });
  });

  it('given production without a tutor link secret, then the service refuses to start, naming the variable', () => {
    expect(() => loadConfig(configSchema, { NODE_ENV: 'production' })).toThrow(
      /TUTOR_LINK_SECRET: required in production/,
    );
  });

  it('given a short secret, then it is refused', () => {
    expect(() => loadConfig(configSchema, { TUTOR_LINK_SECRET: 'short' })).toThrow(/TUTOR_LINK_SECRET/);
  });
});
