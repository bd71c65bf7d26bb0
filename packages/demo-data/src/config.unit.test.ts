import { describe, expect, it } from 'vitest';
import { demoDataConfig } from './config.ts';

describe('demo data configuration', () => {
  it('is off unless asked, and loads in development', () => {
    expect(demoDataConfig({}).DEMO_DATA).toBe(false);
    expect(demoDataConfig({ DEMO_DATA: 'true', NODE_ENV: 'development' })).toMatchObject({
      DEMO_DATA: true,
      DEMO_DATA_SEED: 60,
    });
  });

  it('refuses demo data outside development', () => {
    expect(() => demoDataConfig({ DEMO_DATA: 'true', NODE_ENV: 'production' })).toThrow(
      /DEMO_DATA: .*development only/,
    );
    expect(() => demoDataConfig({ DEMO_DATA: 'true', NODE_ENV: 'test' })).toThrow(/development only/);
    expect(demoDataConfig({ DEMO_DATA: 'false', NODE_ENV: 'production' }).DEMO_DATA).toBe(false);
  });
});
