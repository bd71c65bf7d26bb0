import { DomainError } from '@relais/service-kit/errors';

/** Roles of CPAS staff; `system` is the platform acting on an event or a schedule. */
export type Role =
  | 'placement_officer'
  | 'safety_officer'
  | 'social_worker'
  | 'committee_member'
  | 'committee_secretary'
  | 'cpas_admin'
  | 'platform_operator'
  | 'system';

/** Who does something, for the history of every change. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
}

/** The platform, when a job or an event makes the change. */
export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

/** Refuses a change the actor's role may not make. */
export const checkRole = (roles: readonly Role[], actor: Actor, what: string): void => {
  if (!roles.includes(actor.role))
    throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', `a ${actor.role} cannot ${what}`);
};

/** A refusal naming the offending field (422). */
export const invalid = (code: string, message: string, field: string): DomainError =>
  new DomainError(code, 'invalid', message, field);

/** A refusal because of the record's current state (409). */
export const conflict = (code: string, message: string): DomainError =>
  new DomainError(code, 'conflict', message);

/** Why a host has a risk level: the periodic visit interval depends on it (settings per CPAS). */
export const RISK_LEVELS = ['low', 'standard', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** A host employer's safety status (the published vocabulary of HostSafetyStatusChanged). */
export type SafetyStatus =
  'not_assessed' | 'cleared' | 'cleared_with_conditions' | 'blocked' | 'visit_overdue';

/** A host employer as the prevention officers follow it: no contact, no personal data. */
export interface SafetyHost {
  readonly id: string;
  readonly tenantId: string;
  readonly enterpriseNumber: string;
  readonly name: string;
  readonly legalType: string;
  readonly sector: string;
  readonly riskLevel: RiskLevel;
  readonly assignedSafetyOfficerId: string | null;
  readonly safetyStatus: SafetyStatus;
  readonly statusReason: string;
  readonly statusSince: string | null;
  readonly nextPeriodicDue: string | null;
}

/** A place of work of a host. */
export interface Site {
  readonly id: string;
  readonly hostEmployerId: string;
  readonly name: string;
  readonly address: string;
  readonly commune: string;
}

/**
 * A placement known by its id, host and dates, and the pseudonymous id of its worker (never
 * their name or file): an accident names whom it happened to, so every access to it is audited
 * against that person. Null for a placement learnt before the id was kept.
 */
export interface KnownPlacement {
  readonly id: string;
  readonly tenantId: string;
  readonly personId: string | null;
  readonly hostEmployerId: string;
  readonly startDate: string;
  readonly lastWorkedDay: string | null;
}

/** Who may change a host's safety profile (risk level, assigned officer). */
export const PROFILE_ROLES: readonly Role[] = ['safety_officer', 'cpas_admin'];

/** Sets the risk level and the safety officer who follows the host. */
export const changeSafetyProfile = (
  host: SafetyHost,
  profile: { readonly riskLevel: RiskLevel; readonly assignedSafetyOfficerId: string | null },
  by: Actor,
): SafetyHost => {
  checkRole(PROFILE_ROLES, by, 'change a host safety profile');
  return { ...host, ...profile };
};
