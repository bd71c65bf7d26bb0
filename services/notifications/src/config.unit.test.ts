import { loadConfig } from '@relais/service-kit';
import { describe, expect, it } from 'vitest';
import { configSchema, smtpTlsOf } from './config.ts';

const key =
  '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA2lBwCCmMpyAhmHBSj6i1xYr6ySnH5qrAj1DXmPvqYbE=\n-----END PUBLIC KEY-----';
const load = (env: Record<string, string>) =>
  loadConfig(configSchema, { SERVICE_TOKEN_PUBLIC_KEY: key, ...env });

describe('notifications configuration', () => {
  it('runs on port 3006 with its own database, and sends no email without SMTP_URL', () => {
    const config = load({});
    expect(config.PORT).toBe(3006);
    expect(config.DATABASE_URL).toMatch(/\/relais_notifications$/);
    expect(config.SMTP_URL).toBeUndefined();
  });

  it('uses implicit TLS for smtps:// and requires STARTTLS for smtp://', () => {
    expect(smtpTlsOf(load({ SMTP_URL: 'smtps://relay.example:465' }))).toBe('implicit');
    expect(smtpTlsOf(load({ SMTP_URL: 'smtp://relay.example:587' }))).toBe('starttls');
    expect(() => load({ SMTP_URL: 'smtps://relay.example', SMTP_TLS: 'none' })).toThrow(/SMTP_TLS/);
  });

  it('refuses an SMTP relay without TLS in production unless someone allowed it explicitly', () => {
    const plain = { NODE_ENV: 'production', SMTP_URL: 'smtp://relay.example:25', SMTP_TLS: 'none' };
    expect(() => load(plain)).toThrow(/SMTP_URL: an SMTP relay without TLS is refused in production/);
    expect(smtpTlsOf(load({ ...plain, SMTP_ALLOW_INSECURE: 'true' }))).toBe('none');
    expect(smtpTlsOf(load({ SMTP_URL: 'smtp://127.0.0.1:2525', SMTP_TLS: 'none' }))).toBe('none');
  });
});
