import type { UserRole } from '@relais/service-kit';

/** Who signed in, as the rest of the edge needs them: the session and the service tokens hold this. */
export interface SignedInAccount {
  readonly id: string;
  readonly tenantId: string;
  readonly cpasName: string;
  readonly displayName: string;
  readonly roles: readonly UserRole[];
  /** The password was set by an administrator: the holder replaces it before anything else. */
  readonly mustChangePassword: boolean;
}

/** What a person gives to sign in with a local password. */
export interface PasswordCredentials {
  readonly email: string;
  readonly password: string;
}

/**
 * An account that may sign in, as it is at one moment, with an opaque stamp of that moment (its
 * CPAS, roles, credentials and whether it must change its password): a session opens only if the
 * account still has that stamp then ({@link IdentityProvider.current}).
 */
export interface SignedIn {
  readonly account: SignedInAccount;
  readonly stamp: string;
}

/**
 * The outcome of a sign-in. A wrong password and an unknown email are one reason on purpose:
 * the answer must not tell which emails have accounts.
 */
export type AuthenticationResult =
  | ({ readonly ok: true } & SignedIn)
  | { readonly ok: false; readonly reason: 'invalid_credentials' }
  | { readonly ok: false; readonly reason: 'locked'; readonly retryAfterSeconds: number };

/**
 * Proves who a person is. The local implementation checks a password held here
 * (`local-password-provider.ts`). A CPAS's own directory replaces it through OpenID Connect: an
 * `OidcProvider` runs the authorization-code flow with PKCE (a `GET /auth/oidc/start` redirect and
 * a `GET /auth/oidc/callback` that exchanges the code and verifies the ID token's issuer, audience,
 * nonce and signature), then maps the token's `sub` to an `accounts` row by an `external_subject`
 * column (roles and CPAS stay ours: a directory says who someone is, the CPAS administrator says
 * what they may do), and yields the same {@link SignedInAccount}. Everything after it (session
 * regeneration, CSRF, service tokens, sign-out) is unchanged; lockout and password rules then
 * belong to the directory, and accounts of that CPAS keep a NULL `password_hash`.
 */
export interface IdentityProvider {
  authenticate(credentials: PasswordCredentials): Promise<AuthenticationResult>;
  /** The account as it is now, or null if it can no longer sign in (disabled, gone). */
  current(accountId: string): Promise<SignedIn | null>;
}
