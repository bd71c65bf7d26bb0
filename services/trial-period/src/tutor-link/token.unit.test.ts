import { describe, expect, it } from 'vitest';
import { signTutorLink, verifyTutorLink } from './token.ts';

const secret = 'a-test-secret-of-at-least-thirty-two-characters';
const claims = {
  linkId: '0190a000-0000-7000-8000-000000000010',
  tenantId: '0190a000-0000-7000-8000-000000000001',
  expiresAt: new Date('2026-03-10T00:00:00Z'),
};
const before = new Date('2026-03-09T23:59:59Z');

describe('tutor link tokens (HMAC-SHA256)', () => {
  it('given a signed token, when verified before expiry, then it gives back the link and the CPAS', () => {
    expect(verifyTutorLink(secret, signTutorLink(secret, claims), before)).toEqual(claims);
  });

  it('given a signed token, when verified at its expiry, then TUTOR_LINK_EXPIRED', () => {
    expect(() => verifyTutorLink(secret, signTutorLink(secret, claims), claims.expiresAt)).toThrow(
      expect.objectContaining({ code: 'TUTOR_LINK_EXPIRED' }),
    );
  });

  it.each([
    ['another secret', () => signTutorLink(`${secret}!`, claims)],
    [
      'a changed tenant',
      () => {
        const [v, , sig] = signTutorLink(secret, claims).split('.');
        const forged = Buffer.from(
          JSON.stringify({ l: claims.linkId, t: '0190a000-0000-7000-8000-000000000002', e: 1773100800 }),
        ).toString('base64url');
        return `${v ?? ''}.${forged}.${sig ?? ''}`;
      },
    ],
    ['a truncated signature', () => signTutorLink(secret, claims).slice(0, -4)],
    ['garbage', () => 'not-a-token-at-all-really'],
  ])(
    'given a token with %s, when verified, then TUTOR_LINK_INVALID (404, nothing revealed)',
    (_what, make) => {
      expect(() => verifyTutorLink(secret, make(), before)).toThrow(
        expect.objectContaining({ code: 'TUTOR_LINK_INVALID', kind: 'not_found' }),
      );
    },
  );
});
