import { DomainError } from '@relais/service-kit/errors';

/**
 * Operating the platform is not a CPAS's to hand out: a CPAS administrator grants every role of
 * CPAS staff, never `platform_operator` (which creates CPAS and sees across them).
 */
export const PLATFORM_ROLE = 'platform_operator';

/** Refuses roles a CPAS administrator may not grant. */
export const checkGrantable = (roles: readonly string[]): void => {
  if (roles.includes(PLATFORM_ROLE)) {
    throw new DomainError(
      'ROLE_NOT_GRANTABLE',
      'forbidden',
      'a CPAS administrator cannot grant platform_operator',
      'roles',
    );
  }
};

/**
 * Refuses an administrator disabling or re-roling their own account: a CPAS must not lock its
 * last administrator out by mistake, and nobody should review their own access.
 */
export const checkNotOwnAccount = (actorId: string, accountId: string, what: string): void => {
  if (actorId === accountId) {
    throw new DomainError('OWN_ACCOUNT', 'conflict', `ask another administrator to ${what} your own account`);
  }
};

/** Bounds of a password: long enough to resist guessing, short enough not to make hashing a weapon. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

/** Refuses a password shorter than the policy (length beats composition rules: NIST SP 800-63B §3.1.1). */
export const checkNewPassword = (password: string, field: string): void => {
  if (Array.from(password).length < PASSWORD_LENGTH.min) {
    throw new DomainError(
      'PASSWORD_TOO_SHORT',
      'invalid',
      `at least ${PASSWORD_LENGTH.min} characters`,
      field,
    );
  }
};

/** The form an email is stored and looked up in: one account per mailbox whatever the case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
