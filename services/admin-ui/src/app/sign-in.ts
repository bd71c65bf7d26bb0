import { DomainError } from '@relais/service-kit';
import { TooManyAttempts } from '../domain/too-many-attempts.ts';
import type { IdentityProvider, PasswordCredentials, SignedIn } from '../identity/identity-provider.ts';

/**
 * Checks who is signing in. An unknown email and a wrong password get one answer, word for word;
 * a locked account (or a locked unknown email) is told when to try again.
 */
export const signIn = async (
  provider: IdentityProvider,
  credentials: PasswordCredentials,
): Promise<SignedIn> => {
  const result = await provider.authenticate(credentials);
  if (result.ok) return { account: result.account, stamp: result.stamp };
  if (result.reason === 'locked') {
    throw new TooManyAttempts(
      'ACCOUNT_LOCKED',
      'too many wrong passwords: sign-in is locked for a while',
      result.retryAfterSeconds,
    );
  }
  throw signInFailed();
};

/** The one answer for an unknown email, a wrong password and an account that can no longer sign in. */
export const signInFailed = (): DomainError =>
  new DomainError('SIGN_IN_FAILED', 'unauthenticated', 'the email or the password is not right');
