import { DomainError } from '@relais/service-kit/errors';
import { addDays } from './days.ts';
import { clearedForPlacements, type HostEmployer } from './host.ts';
import type { Actor, LanguageLevel, PhysicalDemand, Role, TimeOfDay, Weekday } from './model.ts';

/** Where a post stands: open to matching, then filled, expired (stale) or closed by the officer. */
export const POSITION_STATUSES = ['open', 'filled', 'expired', 'closed'] as const;
export type PositionStatus = (typeof POSITION_STATUSES)[number];

/** A post a host employer offers for an article 60 placement. */
export interface Position {
  readonly id: string;
  readonly tenantId: string;
  readonly hostEmployerId: string;
  readonly siteId: string;
  readonly title: string;
  readonly tasks: string;
  readonly requiredSkills: readonly string[];
  readonly desiredSkills: readonly string[];
  readonly minLanguages: readonly LanguageLevel[];
  readonly schedule: { readonly days: readonly Weekday[]; readonly from: TimeOfDay; readonly to: TimeOfDay };
  readonly physicalDemands: readonly PhysicalDemand[];
  readonly drivingLicenceRequired: boolean;
  readonly criminalRecordAcceptable: boolean;
  readonly openings: number;
  readonly filled: number;
  readonly wishedStart: string | null;
  /** The host's deadline to fill the post (seed 004 §4.3: the job lost to delays). */
  readonly fillDeadline: string | null;
  readonly status: PositionStatus;
  readonly openedOn: string;
  readonly expiresOn: string;
}

/** The staff who open and close posts (the officers who know the hosts, as for HOST_ROLES). */
export const POSITION_ROLES: readonly Role[] = ['placement_officer'];

/** Every change of a post's status and who may make it (filling belongs to contracts). */
export const POSITION_TRANSITIONS = {
  open: { from: [], to: 'open', roles: POSITION_ROLES },
  close: { from: ['open'], to: 'closed', roles: POSITION_ROLES },
  /** A post nobody filled in `position_expiry_days` goes stale; matching stops offering it. */
  expire: { from: ['open'], to: 'expired', roles: ['system'] },
} as const satisfies Record<
  string,
  { readonly from: readonly PositionStatus[]; readonly to: PositionStatus; readonly roles: readonly Role[] }
>;

const checkRole = (roles: readonly Role[], by: Actor, what: string): void => {
  if (!roles.includes(by.role))
    throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', `a ${by.role} cannot ${what}`);
};

/** The officer's command to open a post (shapes validated at the edge). */
export type OpenPosition = Omit<Position, 'id' | 'filled' | 'status' | 'openedOn' | 'expiresOn'>;

/** What the use case looked up for the decider. */
export interface OpenPositionFacts {
  /** The host, or undefined when the CPAS has none with that id. */
  readonly host: HostEmployer | undefined;
  /** Codes of the command not in the CPAS's skills vocabulary. */
  readonly unknownSkills: readonly string[];
  readonly positionExpiryDays: number;
  readonly today: string;
}

const checkSkills = (command: OpenPosition, unknown: readonly string[]): void => {
  if (unknown.length === 0) return;
  const field = (['requiredSkills', 'desiredSkills'] as const)
    .map((list) => ({ list, index: command[list].findIndex((c) => unknown.includes(c)) }))
    .find((f) => f.index >= 0);
  throw new DomainError(
    'SKILL_UNKNOWN',
    'invalid',
    `not in the CPAS's skills vocabulary: ${unknown.join(', ')}`,
    field ? `${field.list}.${String(field.index)}` : 'requiredSkills',
  );
};

const checkShape = (command: OpenPosition, today: string): void => {
  const { schedule, minLanguages, fillDeadline } = command;
  if (schedule.from >= schedule.to) {
    throw new DomainError(
      'SCHEDULE_EMPTY',
      'invalid',
      `the schedule ${schedule.from}–${schedule.to} ends before it starts`,
      'schedule.to',
    );
  }
  const duplicate = minLanguages.findIndex((l, i) => minLanguages.findIndex((m) => m.code === l.code) !== i);
  if (duplicate >= 0) {
    throw new DomainError(
      'LANGUAGE_REPEATED',
      'invalid',
      'each language appears once',
      `minLanguages.${String(duplicate)}.code`,
    );
  }
  if (fillDeadline !== null && fillDeadline < today) {
    throw new DomainError(
      'FILL_DEADLINE_PAST',
      'invalid',
      `the deadline ${fillDeadline} is before today ${today}`,
      'fillDeadline',
    );
  }
};

/**
 * Opens a post at an approved host whose safety allows new placements (seed 004 §4.4: no new
 * workers where the prevention officer suspended them), on one of the host's own sites, with
 * skills from the CPAS's vocabulary. It goes stale `positionExpiryDays` after today.
 */
export const openPosition = (
  command: OpenPosition,
  facts: OpenPositionFacts,
  by: Actor,
  id: string,
): Position => {
  checkRole(POSITION_TRANSITIONS.open.roles, by, 'open a position');
  const { host } = facts;
  if (!host) {
    throw new DomainError(
      'HOST_EMPLOYER_UNKNOWN',
      'invalid',
      `no host employer ${command.hostEmployerId}`,
      'hostEmployerId',
    );
  }
  if (!host.sites.some((s) => s.id === command.siteId)) {
    throw new DomainError(
      'SITE_NOT_OF_HOST',
      'invalid',
      `site ${command.siteId} is not a site of host ${host.id}`,
      'siteId',
    );
  }
  if (!clearedForPlacements(host)) {
    throw new DomainError(
      'HOST_NOT_CLEARED_FOR_PLACEMENTS',
      'conflict',
      `host ${host.id} is ${host.partnerStatus} with safety status ${host.safetyStatus}: it cannot take new placements`,
      'hostEmployerId',
    );
  }
  checkSkills(command, facts.unknownSkills);
  checkShape(command, facts.today);
  return {
    ...command,
    id,
    filled: 0,
    status: 'open',
    openedOn: facts.today,
    expiresOn: addDays(facts.today, facts.positionExpiryDays),
  };
};

/** The officer closes an open post (withdrawn by the host, filled another way…). */
export const closePosition = (position: Position, by: Actor): Position => {
  const transition = POSITION_TRANSITIONS.close;
  checkRole(transition.roles, by, 'close a position');
  if (!(transition.from as readonly PositionStatus[]).includes(position.status)) {
    throw new DomainError('POSITION_NOT_OPEN', 'conflict', `position ${position.id} is ${position.status}`);
  }
  return { ...position, status: transition.to };
};

/** A post still open after its expiry day goes stale; undefined when it is not (or no longer) due. */
export const expirePosition = (position: Position, today: string): Position | undefined =>
  position.status === 'open' && position.expiresOn < today
    ? { ...position, status: POSITION_TRANSITIONS.expire.to }
    : undefined;

/** Roles that grow the CPAS's skills vocabulary. */
export const SKILL_VOCABULARY_ROLES: readonly Role[] = ['placement_officer', 'cpas_admin'];

/** A skill of the CPAS's controlled vocabulary, labelled in both national languages of Brussels. */
export interface Skill {
  readonly code: string;
  readonly labelFr: string;
  readonly labelNl: string;
}

/** Adds a skill to the vocabulary (uniqueness is the repository's: a duplicate code is a conflict). */
export const defineSkill = (skill: Skill, by: Actor): Skill => {
  checkRole(SKILL_VOCABULARY_ROLES, by, 'add a skill to the vocabulary');
  return skill;
};
