import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, jwtVerify, SignJWT } from 'jose';
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

/** On whose behalf a request is made: the signed-in user, their CPAS and roles. No personal data. */
export interface Principal {
  readonly userId: string;
  readonly tenantId: string;
  readonly roles: readonly UserRole[];
}

const claimsSchema = z.object({
  sub: z.uuid(),
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
export const createTokenSigner = async (privateKeyPem: string): Promise<TokenSigner> => {
  const key = await importPKCS8(privateKeyPem, SERVICE_TOKEN_ALGORITHM);
  return {
    sign: (principal, options = {}) =>
      new SignJWT({ tid: principal.tenantId, roles: [...principal.roles] })
        .setProtectedHeader({ alg: SERVICE_TOKEN_ALGORITHM, typ: 'JWT' })
        .setSubject(principal.userId)
        .setIssuer(SERVICE_TOKEN_ISSUER)
        .setAudience(SERVICE_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${String(options.ttlSeconds ?? SERVICE_TOKEN_TTL_SECONDS)}s`)
        .sign(key),
  };
};

/** A verifier over an SPKI PEM Ed25519 public key: algorithm, issuer, audience and expiry checked. */
export const createTokenVerifier = async (publicKeyPem: string): Promise<TokenVerifier> => {
  const key = await importSPKI(publicKeyPem, SERVICE_TOKEN_ALGORITHM);
  return {
    async verify(token) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: [SERVICE_TOKEN_ALGORITHM],
          issuer: SERVICE_TOKEN_ISSUER,
          audience: SERVICE_TOKEN_AUDIENCE,
          requiredClaims: ['exp', 'iat', 'sub'],
          maxTokenAge: `${String(SERVICE_TOKEN_TTL_SECONDS * 5)}s`,
          clockTolerance: '5s',
        }));
      } catch (error) {
        throw new TokenError(error instanceof Error ? error.message : 'invalid token');
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new TokenError('token claims are not those of a Relais user');
      return { userId: claims.data.sub, tenantId: claims.data.tid, roles: claims.data.roles };
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
