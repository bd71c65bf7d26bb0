import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@relais/service-kit';
import { z } from 'zod';

/** What a tutor link token carries: which link, of which CPAS, until when. No personal data. */
export interface TutorLinkClaims {
  readonly linkId: string;
  readonly tenantId: string;
  readonly expiresAt: Date;
}

const claimsSchema = z.object({ l: z.uuid(), t: z.uuid(), e: z.number().int().positive() });
const VERSION = 'v1';

const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`${VERSION}.${payload}`).digest();

/**
 * Signs a link token: `v1.<claims base64url>.<HMAC-SHA256 base64url>`. The token itself is not
 * stored; the link's row records its single use, so a stolen used link opens nothing.
 */
export const signTutorLink = (secret: string, claims: TutorLinkClaims): string => {
  const payload = Buffer.from(
    JSON.stringify({
      l: claims.linkId,
      t: claims.tenantId,
      e: Math.floor(claims.expiresAt.getTime() / 1000),
    }),
  ).toString('base64url');
  return `${VERSION}.${payload}.${sign(secret, payload).toString('base64url')}`;
};

/**
 * Verifies a token's signature and expiry (the database then checks use and revocation). Any
 * forged or malformed token is TUTOR_LINK_INVALID, answered 404: it reveals nothing.
 */
export const verifyTutorLink = (secret: string, token: string, now: Date): TutorLinkClaims => {
  const invalid = new DomainError('TUTOR_LINK_INVALID', 'not_found', 'this link is not valid', 'token');
  const [version, payload, signature, ...rest] = token.split('.');
  if (version !== VERSION || !payload || !signature || rest.length > 0) throw invalid;
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const claims = claimsSchema.safeParse(json);
  if (!claims.success) throw invalid;
  const expiresAt = new Date(claims.data.e * 1000);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new DomainError(
      'TUTOR_LINK_EXPIRED',
      'conflict',
      'this link has expired: ask the officer for a new one',
    );
  }
  return { linkId: claims.data.l, tenantId: claims.data.t, expiresAt };
};
