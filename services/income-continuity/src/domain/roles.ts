import { DomainError } from '@relais/service-kit/errors';

/**
 * Who may change a person's income file: the social service, which owns the RI file (the
 * placement officer reads it; the committee decides through its own events).
 */
export const SOCIAL_SERVICE_ROLES: readonly string[] = ['social_worker', 'cpas_admin'];

/** Refuses a request made in a role that may not do `what`. */
export const checkRole = (
  role: string,
  what: string,
  allowed: readonly string[] = SOCIAL_SERVICE_ROLES,
): void => {
  if (!allowed.includes(role))
    throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', `a ${role} cannot ${what}`);
};
