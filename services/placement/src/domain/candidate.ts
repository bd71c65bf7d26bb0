import { DomainError } from '@relais/service-kit/errors';
import type {
  Actor,
  CandidateStatus,
  IncomeCategory,
  LanguageLevel,
  MatchableCandidate,
  PhysicalDemand,
  TimeWindow,
  Weekday,
  WorkReadiness,
} from './model.ts';

/** A candidate for an article 60 placement, as the placement officer follows them. */
export interface Candidate extends MatchableCandidate {
  readonly tenantId: string;
  readonly niss: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly incomeCategory: IncomeCategory;
  readonly skillsNote: string | null;
  readonly experienceNote: string | null;
  readonly homeCommune: string;
  readonly wishesInOwnWords: string | null;
  readonly daysNeededForRights: number;
  readonly version: number;
}

/** The social service's referral, validated at the edge except for the rules below. */
export interface ReferCandidate {
  readonly tenantId: string;
  readonly niss: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly incomeCategory: IncomeCategory;
  readonly languages: readonly LanguageLevel[];
  readonly skills: readonly string[];
  readonly skillsNote: string | null;
  readonly experienceNote: string | null;
  readonly drivingLicence: boolean;
  readonly timeWindows: readonly TimeWindow[];
  readonly daysUnavailable: readonly Weekday[];
  readonly homeCommune: string;
  readonly home: { readonly lat: number; readonly lon: number };
  readonly maxTravelKm: number;
  readonly healthRestrictions: readonly PhysicalDemand[];
  readonly hasCriminalRecord: boolean;
  readonly wishedSectors: readonly string[];
  readonly wishedJobs: readonly string[];
  readonly wishesInOwnWords: string | null;
  readonly workReadiness: WorkReadiness;
  readonly daysNeededForRights: number;
  readonly referredOn: string;
}

/** Roles that refer a person to the placement service. */
export const REFER_ROLES: readonly Actor['role'][] = ['social_worker', 'placement_officer'];

/** Roles that update a candidate's profile. */
export const UPDATE_PROFILE_ROLES: readonly Actor['role'][] = ['placement_officer'];

/** Roles that follow every candidate of the CPAS (the platform moves them on events). */
const FOLLOW_EVERY_CANDIDATE: readonly Actor['role'][] = ['placement_officer', 'system'];

/** Whether someone follows every candidate of the CPAS, rather than only the people they referred. */
export const followsEveryCandidate = (by: Actor): boolean => FOLLOW_EVERY_CANDIDATE.includes(by.role);

/**
 * Whether someone may read or move a candidate's file: officers follow every candidate, a social
 * worker only the people they referred themselves. A colleague's referral holds health and
 * criminal-record data that is not theirs to read (GDPR art. 5(1)(c), least data). Anyone else
 * is refused. `referredBy` is who made the referral (undefined when unknown).
 */
export const assertFollowsCandidate = (by: Actor, referredBy: string | undefined): void => {
  if (followsEveryCandidate(by)) return;
  if (by.role === 'social_worker' && referredBy === by.id) return;
  throw new DomainError(
    'CANDIDATE_NOT_REFERRED_BY_CALLER',
    'forbidden',
    `a ${by.role} follows only the candidates they referred`,
  );
};

const checkTimeWindows = (windows: readonly TimeWindow[]) => {
  windows.forEach((w, i) => {
    if (w.from >= w.to) {
      throw new DomainError(
        'TIME_WINDOW_EMPTY',
        'invalid',
        `time window ${w.day} ${w.from}–${w.to} ends before it starts`,
        `timeWindows.${String(i)}`,
      );
    }
  });
};

/**
 * Registers a referral: the person starts as `referred`. The NISS has been validated and
 * normalised by the caller; a referral cannot be dated in the future.
 */
export const referCandidate = (command: ReferCandidate, by: Actor, today: string, id: string): Candidate => {
  if (!REFER_ROLES.includes(by.role)) {
    throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', `a ${by.role} cannot refer a candidate`);
  }
  if (command.referredOn > today) {
    throw new DomainError(
      'REFERRED_IN_FUTURE',
      'invalid',
      `the referral date ${command.referredOn} is after today`,
      'referredOn',
    );
  }
  checkTimeWindows(command.timeWindows);
  const status: CandidateStatus = 'referred';
  return { ...command, id, status, version: 1 };
};

/** The fields an officer may change after the referral (not the identity, not the status). */
export type CandidateProfileChange = Partial<
  Pick<
    Candidate,
    | 'email'
    | 'phone'
    | 'languages'
    | 'skills'
    | 'skillsNote'
    | 'experienceNote'
    | 'drivingLicence'
    | 'timeWindows'
    | 'daysUnavailable'
    | 'homeCommune'
    | 'home'
    | 'maxTravelKm'
    | 'healthRestrictions'
    | 'hasCriminalRecord'
    | 'wishedSectors'
    | 'wishedJobs'
    | 'wishesInOwnWords'
    | 'workReadiness'
    | 'daysNeededForRights'
  >
>;

/** Applies a profile change; an exited person's file is closed. */
export const updateProfile = (candidate: Candidate, change: CandidateProfileChange, by: Actor): Candidate => {
  if (!UPDATE_PROFILE_ROLES.includes(by.role)) {
    throw new DomainError(
      'ROLE_NOT_ALLOWED',
      'forbidden',
      `a ${by.role} cannot change a candidate's profile`,
    );
  }
  if (candidate.status === 'exited') {
    throw new DomainError(
      'CANDIDATE_EXITED',
      'conflict',
      `candidate ${candidate.id} has left the placement service`,
    );
  }
  if (change.timeWindows) checkTimeWindows(change.timeWindows);
  return { ...candidate, ...change, version: candidate.version + 1 };
};
