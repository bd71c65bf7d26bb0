import {
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importPKCS8,
  importSPKI,
  jwtVerify,
  SignJWT,
  type JWTPayload,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { ROLES, type UserRole } from './roles.ts';

/**
 * The signed-in edge (admin UI backend) passes each call to a service with a short-lived token
 * signed with its private Ed25519 key; services hold only the public key, so a compromised
 * service cannot mint tokens. The algorithm is pinned on both sides (a verifier that accepts
 * whatever `alg` the token names is the classic JWT hole).
 */
export const SERVICE_TOKEN_ALGORITHM = 'EdDSA';
/** Who signs service tokens. */
export const SERVICE_TOKEN_ISSUER = 'relais-edge';
/** Who service tokens are for. */
export const SERVICE_TOKEN_AUDIENCE = 'relais-services';
/** Lifetime of a service token: one call's worth, plus clock skew between processes. */
export const SERVICE_TOKEN_TTL_SECONDS = 120;
/**
 * The edge reuses a principal's token while it has at least half its life left, so a service sees
 * one token per user and minute and checks its signature once. An Ed25519 verification cost a
 * placement read 0.13 ms of its 1.04 ms of CPU (profile of the API benchmark, 2026-12-06), a
 * signature the edge as much. A token stays what it was: 120 s at most, for one user's roles.
 */
export const SERVICE_TOKEN_REUSE_SECONDS = SERVICE_TOKEN_TTL_SECONDS / 2;
/** Leeway for clocks that differ between processes. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** The oldest token accepted, whatever its expiry says. */
const MAX_TOKEN_AGE_SECONDS = SERVICE_TOKEN_TTL_SECONDS * 5;
/** Tokens remembered, by the signer and by each verifier (a few hundred bytes each). */
const CACHED_TOKENS = 5000;

/** On whose behalf a request is made: the signed-in user, their CPAS and roles. No personal data. */
export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly UserRole[];
}

const claimsSchema = z.object({
  sub: z.uuid(),
  iat: z.number(),
  exp: z.number(),
  tid: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
});

/** Why a token was refused (logged without the token). */
export class TokenError extends Error {
  override readonly name = 'TokenError';
}

/** Signs service tokens (the edge, and tests acting as the edge). */
export interface TokenSigner {
  sign(principal: Principal, options?: { readonly ttlSeconds?: number }): Promise<string>;
}

/** Verifies service tokens (every service). */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

/** A signer over a PKCS#8 PEM Ed25519 private key. */
export const createTokenSigner = async (
  privateKeyPem: string,
  options: { readonly now?: () => number } = {},
): Promise<TokenSigner> => {
  const key = await importPKCS8(privateKeyPem, SERVICE_TOKEN_ALGORITHM);
  const now = options.now ?? Date.now;
  const mint = (principal: Principal, ttlSeconds: number) =>
    new SignJWT({ tid: principal.tenantId, roles: [...principal.roles] })
      .setProtectedHeader({ alg: SERVICE_TOKEN_ALGORITHM, typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(SERVICE_TOKEN_ISSUER)
      .setAudience(SERVICE_TOKEN_AUDIENCE)
      .setIssuedAt(new Date(now()))
      .setExpirationTime(new Date(now() + ttlSeconds * 1000))
      .sign(key);
  // Keyed by everything the token says, so a change of roles is a new token at once.
  const issued = new LRUCache<string, { readonly token: string; readonly at: number }>({
    max: CACHED_TOKENS,
  });
  return {
    async sign(principal, signOptions = {}) {
      // A token asked for with its own lifetime (tests of expiry) is never shared.
      if (signOptions.ttlSeconds !== undefined) return mint(principal, signOptions.ttlSeconds);
      const id = `${principal.userId}|${principal.tenantId}|${principal.roles.join(',')}`;
      const kept = issued.get(id);
      if (kept && now() - kept.at < SERVICE_TOKEN_REUSE_SECONDS * 1000) return kept.token;
      const at = now();
      const token = await mint(principal, SERVICE_TOKEN_TTL_SECONDS);
      issued.set(id, { token, at });
      return token;
    },
  };
};

/** What a verified token granted, and until when (epoch seconds). */
interface Verified {
  readonly principal: Principal;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/**
 * A verifier over an SPKI PEM Ed25519 public key: algorithm, issuer, audience and expiry checked.
 * A token seen before is not verified again (its bytes are what was verified): only its time
 * claims are checked against the clock, so it is refused the moment it expires, as on first use.
 */
export const createTokenVerifier = async (
  publicKeyPem: string,
  options: { readonly now?: () => number } = {},
): Promise<TokenVerifier> => {
  const key = await importSPKI(publicKeyPem, SERVICE_TOKEN_ALGORITHM);
  const now = options.now ?? Date.now;
  const verified = new LRUCache<string, Verified>({ max: CACHED_TOKENS });
  const stillValid = (entry: Verified) => {
    const seconds = now() / 1000;
    return (
      seconds <= entry.expiresAt + CLOCK_TOLERANCE_SECONDS &&
      seconds - entry.issuedAt <= MAX_TOKEN_AGE_SECONDS + CLOCK_TOLERANCE_SECONDS
    );
  };
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known && stillValid(known)) return known.principal;
      if (known) verified.delete(token);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [SERVICE_TOKEN_ALGORITHM],
          issuer: SERVICE_TOKEN_ISSUER,
          audience: SERVICE_TOKEN_AUDIENCE,
          requiredClaims: ['exp', 'iat', 'sub'],
          maxTokenAge: `${String(MAX_TOKEN_AGE_SECONDS)}s`,
          clockTolerance: `${String(CLOCK_TOLERANCE_SECONDS)}s`,
          currentDate: new Date(now()),
        }));
      } catch (error) {
        throw new TokenError(error instanceof Error ? error.message : 'invalid token');
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new TokenError('token claims are not those of a Relais user');
      const principal = { userId: claims.data.sub, tenantId: claims.data.tid, roles: claims.data.roles };
      verified.set(token, { principal, issuedAt: claims.data.iat, expiresAt: claims.data.exp });
      return principal;
    },
  };
};

/** A fresh Ed25519 key pair as PEM strings (development start and tests; production brings its own). */
export const generateServiceTokenKeys = async (): Promise<{ publicKey: string; privateKey: string }> => {
  const { publicKey, privateKey } = await generateKeyPair(SERVICE_TOKEN_ALGORITHM, {
    crv: 'Ed25519',
    extractable: true,
  });
  return { publicKey: await exportSPKI(publicKey), privateKey: await exportPKCS8(privateKey) };
};
