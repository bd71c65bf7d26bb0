import { allowsNewPlacements } from '@relais/contracts';
import { DomainError } from '@relais/service-kit/errors';
import { validateEnterpriseNumber } from './identifiers.ts';
import type { Actor, GeoPoint, Role } from './model.ts';

/** Legal forms a host employer (utilisateur) may take under article 60 §7 (DOMAIN.md). */
export const LEGAL_TYPES = [
  'municipality',
  'asbl',
  'public_body',
  'social_economy',
  'partner_company',
] as const;
export type LegalType = (typeof LEGAL_TYPES)[number];

/** Where the host stands as a CPAS partner. */
export const PARTNER_STATUSES = [
  'pending_safety_visit',
  'awaiting_committee',
  'approved',
  'suspended',
  'ended',
] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** The prevention officers' verdict, owned by safety-visits and mirrored here. */
export type SafetyStatus =
  'not_assessed' | 'cleared' | 'cleared_with_conditions' | 'blocked' | 'visit_overdue';

/** A place of work of a host employer. */
export interface HostSite extends GeoPoint {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly commune: string;
}

/** A host employer as the placement service follows it. */
export interface HostEmployer {
  readonly id: string;
  readonly tenantId: string;
  /** Ten digits, checksum verified. */
  readonly enterpriseNumber: string;
  readonly name: string;
  readonly legalType: LegalType;
  readonly sector: string;
  readonly tutor: { readonly name: string; readonly email: string | null; readonly phone: string | null };
  readonly partnerStatus: PartnerStatus;
  readonly safetyStatus: SafetyStatus;
  readonly safetyAssessedOn: string | null;
  readonly sites: readonly HostSite[];
}

/** One change of partner status, for host_partner_history. */
export interface PartnerChange {
  readonly from: PartnerStatus | null;
  readonly to: PartnerStatus;
  readonly reason: string;
  /** The event that caused it (safety status, committee decision); null for a person's action. */
  readonly sourceEventId: string | null;
  /** The person who made it; null when the platform applies an event. */
  readonly actor: Actor | null;
}

/**
 * The staff who manage host employers. Not the CPAS administrator: a host's record names its
 * tutor, and the administrator keeps the CPAS's settings without reading people's details.
 */
export const HOST_ROLES: readonly Role[] = ['placement_officer'];
const SYSTEM: readonly Role[] = ['system'];
const LIVE: readonly PartnerStatus[] = [
  'pending_safety_visit',
  'awaiting_committee',
  'approved',
  'suspended',
];

interface PartnerTransition {
  readonly from: readonly PartnerStatus[];
  readonly to: PartnerStatus;
  readonly roles: readonly Role[];
}

/**
 * Every allowed change of partner status and who may make it. Seed 004 §4.4: a prevention
 * visit comes before the committee approves a partner, and a safety problem stops new placements.
 */
export const PARTNER_TRANSITIONS = {
  /** The pre-approval visit was favourable: the committee can decide. */
  safetyCleared: { from: ['pending_safety_visit'], to: 'awaiting_committee', roles: SYSTEM },
  committeeApproved: { from: ['awaiting_committee'], to: 'approved', roles: SYSTEM },
  /** Approved while safety suspended new placements in the meantime: approved, but suspended at once. */
  committeeApprovedWhileUnsafe: { from: ['awaiting_committee'], to: 'suspended', roles: SYSTEM },
  committeeRefused: { from: ['awaiting_committee'], to: 'ended', roles: SYSTEM },
  safetySuspended: { from: ['approved'], to: 'suspended', roles: SYSTEM },
  /** Only a suspension that safety caused is lifted by safety. */
  safetyClearedAgain: { from: ['suspended'], to: 'approved', roles: SYSTEM },
  officerSuspended: { from: ['approved'], to: 'suspended', roles: HOST_ROLES },
  /** Lifting a suspension needs a safety status that allows new placements. */
  officerReinstated: { from: ['suspended'], to: 'approved', roles: HOST_ROLES },
  officerEnded: { from: LIVE, to: 'ended', roles: HOST_ROLES },
} as const satisfies Record<string, PartnerTransition>;

/** The name of a declared partner transition. */
export type PartnerTransitionName = keyof typeof PARTNER_TRANSITIONS;

/** A host after a decision, with the change to record (none when only the safety mirror moved). */
export interface HostDecision {
  readonly host: HostEmployer;
  readonly change: PartnerChange | null;
}

const checkRole = (roles: readonly Role[], actor: Actor, what: string): void => {
  if (!roles.includes(actor.role))
    throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', `a ${actor.role} cannot ${what}`);
};

const apply = (
  host: HostEmployer,
  name: PartnerTransitionName,
  reason: string,
  cause: { readonly actor: Actor | null; readonly sourceEventId: string | null },
): HostDecision => {
  const transition: PartnerTransition = PARTNER_TRANSITIONS[name];
  checkRole(transition.roles, cause.actor ?? { id: 'system', role: 'system' }, `make ${name}`);
  if (!transition.from.includes(host.partnerStatus)) {
    throw new DomainError(
      'PARTNER_TRANSITION_NOT_ALLOWED',
      'conflict',
      `host ${host.id} is ${host.partnerStatus}: cannot move to ${transition.to}`,
    );
  }
  return {
    host: { ...host, partnerStatus: transition.to },
    change: { from: host.partnerStatus, to: transition.to, reason, ...cause },
  };
};

/** The officer's registration of a host employer (fields validated at the edge). */
export interface RegisterHost {
  readonly tenantId: string;
  readonly enterpriseNumber: string;
  readonly name: string;
  readonly legalType: LegalType;
  readonly sector: string;
  readonly tutor: HostEmployer['tutor'];
  readonly sites: readonly Omit<HostSite, 'id'>[];
}

/**
 * Registers a host: it waits for its pre-approval prevention visit and is not assessed yet.
 * The enterprise number (BCE/KBO) must pass its mod-97 check.
 */
export const registerHost = (
  command: RegisterHost,
  by: Actor,
  ids: { readonly host: string; readonly sites: readonly string[] },
): { readonly host: HostEmployer; readonly change: PartnerChange } => {
  checkRole(HOST_ROLES, by, 'register a host employer');
  const checked = validateEnterpriseNumber(command.enterpriseNumber);
  if (!checked.ok) {
    throw new DomainError(
      'ENTERPRISE_NUMBER_INVALID',
      'invalid',
      checked.reason === 'format'
        ? 'an enterprise number has 10 digits (0123.456.749)'
        : 'the enterprise number fails its mod-97 check',
      'enterpriseNumber',
    );
  }
  const sites = command.sites.map((site, i) => ({ ...site, id: ids.sites[i] ?? '' }));
  if (sites.some((s) => s.id === '')) throw new Error('registerHost needs one id per site');
  const host: HostEmployer = {
    ...command,
    id: ids.host,
    enterpriseNumber: checked.enterpriseNumber,
    partnerStatus: 'pending_safety_visit',
    safetyStatus: 'not_assessed',
    safetyAssessedOn: null,
    sites,
  };
  return {
    host,
    change: { from: null, to: 'pending_safety_visit', reason: 'registered', sourceEventId: null, actor: by },
  };
};

/** Adds a site to a host that is still a partner or on its way to be one. */
export const addSite = (host: HostEmployer, site: HostSite, by: Actor): HostEmployer => {
  checkRole(HOST_ROLES, by, 'add a site to a host employer');
  if (host.partnerStatus === 'ended')
    throw new DomainError('HOST_PARTNERSHIP_ENDED', 'conflict', `host ${host.id} is no longer a partner`);
  return { ...host, sites: [...host.sites, site] };
};

/** A safety status as safety-visits announced it. */
export interface SafetyAssessment {
  readonly safetyStatus: SafetyStatus;
  readonly assessedOn: string;
  readonly reasonCode: string;
  readonly sourceEventId: string;
}

const safetyTransition = (
  host: HostEmployer,
  next: SafetyStatus,
): Extract<PartnerTransitionName, 'safetyCleared' | 'safetySuspended' | 'safetyClearedAgain'> | null => {
  const allows = allowsNewPlacements(next);
  switch (host.partnerStatus) {
    case 'pending_safety_visit':
      return allows ? 'safetyCleared' : null;
    case 'approved':
      return allows ? null : 'safetySuspended';
    case 'suspended':
      // An officer's suspension (safety still allowing) is not lifted by a new clearance.
      return allows && !allowsNewPlacements(host.safetyStatus) ? 'safetyClearedAgain' : null;
    case 'awaiting_committee':
    case 'ended':
      return null;
    default:
      return host.partnerStatus satisfies never;
  }
};

/**
 * Mirrors a new safety status and moves the partner status it gates. Returns undefined when
 * nothing changes: the same status re-emitted, or an assessment older than the one we hold.
 */
export const recordSafetyStatus = (
  host: HostEmployer,
  assessment: SafetyAssessment,
): (HostDecision & { readonly approvalRequested: boolean }) | undefined => {
  const held = host.safetyAssessedOn;
  if (held !== null && assessment.assessedOn < held) return undefined;
  if (assessment.safetyStatus === host.safetyStatus && assessment.assessedOn === held) return undefined;
  const name = safetyTransition(host, assessment.safetyStatus);
  const decided = name
    ? apply(host, name, assessment.reasonCode, { actor: null, sourceEventId: assessment.sourceEventId })
    : { host, change: null };
  return {
    host: { ...decided.host, safetyStatus: assessment.safetyStatus, safetyAssessedOn: assessment.assessedOn },
    change: decided.change,
    approvalRequested: name === 'safetyCleared',
  };
};

/** The comité spécial's decision on a host partner approval. */
export interface PartnerDecision {
  readonly outcome: 'approved' | 'refused' | 'amended';
  readonly reasonCode: string | null;
  readonly sourceEventId: string;
}

/**
 * Applies the committee's decision to a host awaiting it. The same decision delivered again
 * (the host already approved, suspended since, or ended after a refusal) changes nothing.
 */
export const decidePartnerApproval = (
  host: HostEmployer,
  decision: PartnerDecision,
): HostDecision | undefined => {
  const approved = decision.outcome !== 'refused';
  if (host.partnerStatus !== 'awaiting_committee') {
    const alreadyApplied = approved
      ? host.partnerStatus === 'approved' || host.partnerStatus === 'suspended'
      : host.partnerStatus === 'ended';
    if (alreadyApplied) return undefined;
    throw new DomainError(
      'HOST_NOT_AWAITING_COMMITTEE',
      'conflict',
      `host ${host.id} is ${host.partnerStatus}: the committee's ${decision.outcome} decision does not apply`,
    );
  }
  const cause = { actor: null, sourceEventId: decision.sourceEventId };
  if (!approved) return apply(host, 'committeeRefused', decision.reasonCode ?? 'committee_refused', cause);
  const reason = decision.reasonCode ?? `committee_${decision.outcome}`;
  return allowsNewPlacements(host.safetyStatus)
    ? apply(host, 'committeeApproved', reason, cause)
    : apply(host, 'committeeApprovedWhileUnsafe', reason, cause);
};

/** What an officer may do to a partnership. */
export type OfficerPartnerAction = 'suspend' | 'reinstate' | 'end';

const OFFICER_TRANSITIONS = {
  suspend: 'officerSuspended',
  reinstate: 'officerReinstated',
  end: 'officerEnded',
} as const satisfies Record<OfficerPartnerAction, PartnerTransitionName>;

/** An officer suspends, reinstates or ends a partnership, with a reason. */
export const changePartnerStatus = (
  host: HostEmployer,
  action: OfficerPartnerAction,
  reason: string,
  by: Actor,
): HostDecision => {
  if (action === 'reinstate' && !allowsNewPlacements(host.safetyStatus)) {
    throw new DomainError(
      'HOST_NOT_CLEARED_FOR_PLACEMENTS',
      'conflict',
      `host ${host.id} has safety status ${host.safetyStatus}: a prevention visit must clear it first`,
    );
  }
  return apply(host, OFFICER_TRANSITIONS[action], reason, { actor: by, sourceEventId: null });
};

/** Whether new workers may be placed at the host: an approved partner whose safety allows it. */
export const clearedForPlacements = (host: Pick<HostEmployer, 'partnerStatus' | 'safetyStatus'>): boolean =>
  host.partnerStatus === 'approved' && allowsNewPlacements(host.safetyStatus);

/** The enterprise number as Belgians write it (0123.456.749). */
export const formatEnterpriseNumber = (digits: string): string =>
  `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
