import { DomainError } from '@relais/service-kit/errors';
import { addDays, type Actor } from './model.ts';
import { assertAllowed, type TrialPeriod } from './trial-period.ts';

/** The structured items every voice rates at a check-in. */
export const CHECK_IN_ITEMS = [
  'punctuality',
  'task_mastery',
  'team_integration',
  'safety_behaviour',
  'language_at_work',
] as const;
export type CheckInItem = (typeof CHECK_IN_ITEMS)[number];

/** Difficulties met during the period: situations to support, never faults. */
export const DIFFICULTIES = ['childcare', 'transport', 'health', 'language', 'relations'] as const;
export type DifficultyCode = (typeof DIFFICULTIES)[number];

/** Support actions the worker, the tutor and the officer can agree on. */
export const SUPPORT_ACTIONS = [
  'adapt_schedule',
  'adapt_tasks',
  'language_course',
  'childcare_search',
  'transport_solution',
  'health_referral',
  'tutor_meeting',
  'safety_training',
  'other',
] as const;
export type SupportActionKind = (typeof SUPPORT_ACTIONS)[number];

/** The three voices, always kept apart. */
export const VOICES = ['worker', 'tutor', 'officer'] as const;
export type VoiceName = (typeof VOICES)[number];

/** 1 not yet, 2 partly, 3 mostly, 4 fully. No neutral mid-point: each voice takes a side. */
export type Rating = 1 | 2 | 3 | 4;
/** A voice's ratings; an item left out was not observed by that voice. */
export type Ratings = Partial<Record<CheckInItem, Rating>>;

/** What one voice said at one check-in. */
export interface Voice {
  readonly voice: VoiceName;
  readonly ratings: Ratings;
  readonly comment: string | null;
  readonly source: 'recorded_by_officer' | 'tutor_link';
  readonly givenOn: string;
  readonly recordedBy: string | null;
  readonly tutorLinkId: string | null;
}

/** An item on which the voices are strongly apart, for the officer's attention. */
export interface Disagreement {
  readonly item: CheckInItem;
  readonly spread: number;
  readonly ratings: Partial<Record<VoiceName, Rating>>;
}

export interface Difficulty {
  readonly code: DifficultyCode;
  readonly note: string | null;
}

export interface SupportAction {
  readonly kind: SupportActionKind;
  readonly description: string;
  readonly by: 'worker' | 'tutor' | 'officer' | 'cpas';
  readonly dueOn: string | null;
}

/** One check-in of a trial: planned from the schedule, held once, or cancelled when the trial closes. */
export interface CheckIn {
  readonly id: string;
  readonly tenantId: string;
  readonly trialPeriodId: string;
  readonly sequence: number;
  readonly dueOn: string;
  readonly status: 'scheduled' | 'held' | 'cancelled';
  readonly heldOn: string | null;
  readonly difficulties: readonly Difficulty[];
  readonly supportActions: readonly SupportAction[];
  readonly voices: readonly Voice[];
  readonly disagreements: readonly Disagreement[];
  readonly flagged: boolean;
  readonly remindedOn: string | null;
}

/**
 * The rule: two voices are strongly apart on an item when their ratings differ by 2 or more
 * on the 4-point scale ("partly" against "fully", "not yet" against "mostly"): one side sees a
 * difficulty the other does not see at all. Adjacent ratings are ordinary nuance. An item
 * needs at least two voices rating it. It is a definition of the scale, not a legal value.
 */
export const STRONG_DISAGREEMENT_SPREAD = 2;

/** The items on which the given voices strongly disagree, in the items' order. */
export const findDisagreements = (voices: readonly Pick<Voice, 'voice' | 'ratings'>[]): Disagreement[] =>
  CHECK_IN_ITEMS.flatMap((item) => {
    const rated = voices.flatMap((v) => {
      const rating = v.ratings[item];
      return rating === undefined ? [] : [[v.voice, rating] as const];
    });
    if (rated.length < 2) return [];
    const values = rated.map(([, r]) => r);
    const spread = Math.max(...values) - Math.min(...values);
    return spread >= STRONG_DISAGREEMENT_SPREAD ? [{ item, spread, ratings: Object.fromEntries(rated) }] : [];
  });

const withVoices = (checkIn: CheckIn, given: readonly Voice[]): CheckIn => {
  const voices = [...given].sort((a, b) => VOICES.indexOf(a.voice) - VOICES.indexOf(b.voice));
  const disagreements = findDisagreements(voices);
  return { ...checkIn, voices, disagreements, flagged: disagreements.length > 0 };
};

const assertOpen = (checkIn: CheckIn): void => {
  if (checkIn.status === 'cancelled') {
    throw new DomainError('CHECK_IN_CANCELLED', 'conflict', `check-in ${checkIn.id} was cancelled`);
  }
};

const hasTutorView = (checkIn: CheckIn) => checkIn.voices.some((v) => v.voice === 'tutor');

const tutorViewGiven = (checkIn: CheckIn) =>
  new DomainError('TUTOR_VIEW_ALREADY_GIVEN', 'conflict', `the tutor's view of check-in ${checkIn.id} is in`);

/** What the officer records at a check-in: the worker's and their own voice, maybe the tutor's too. */
export interface RecordCheckIn {
  readonly heldOn: string;
  readonly worker: Pick<Voice, 'ratings' | 'comment'>;
  readonly officer: Pick<Voice, 'ratings' | 'comment'>;
  /** The tutor's view as told to the officer, when it did not come through the link. */
  readonly tutor: Pick<Voice, 'ratings' | 'comment'> | null;
  readonly difficulties: readonly Difficulty[];
  readonly supportActions: readonly SupportAction[];
}

/**
 * Records a held check-in. The voices are stored apart; a tutor's view already given through
 * the link is kept and cannot be given twice. Disagreements are computed over all voices.
 */
export const recordCheckIn = (
  trial: TrialPeriod,
  checkIn: CheckIn,
  command: RecordCheckIn,
  by: Actor,
  today: string,
): { readonly checkIn: CheckIn; readonly newVoices: readonly Voice[] } => {
  assertAllowed('recordCheckIn', trial, by);
  assertOpen(checkIn);
  if (checkIn.status === 'held') {
    throw new DomainError(
      'CHECK_IN_ALREADY_HELD',
      'conflict',
      `check-in ${checkIn.id} was held on ${checkIn.heldOn ?? ''}`,
    );
  }
  if (command.heldOn < trial.startDate || command.heldOn > today) {
    throw new DomainError(
      'CHECK_IN_DATE_OUT_OF_RANGE',
      'invalid',
      `a check-in is held between the trial's first day ${trial.startDate} and today ${today}`,
      'heldOn',
    );
  }
  if (command.tutor && hasTutorView(checkIn)) throw tutorViewGiven(checkIn);
  const codes = command.difficulties.map((d) => d.code);
  if (new Set(codes).size !== codes.length) {
    throw new DomainError(
      'DUPLICATE_DIFFICULTY',
      'invalid',
      'each difficulty is listed once',
      'difficulties',
    );
  }
  const given = (voice: VoiceName, v: Pick<Voice, 'ratings' | 'comment'>): Voice => ({
    voice,
    ratings: v.ratings,
    comment: v.comment,
    source: 'recorded_by_officer',
    givenOn: command.heldOn,
    recordedBy: by.id,
    tutorLinkId: null,
  });
  const newVoices = [
    given('worker', command.worker),
    ...(command.tutor ? [given('tutor', command.tutor)] : []),
    given('officer', command.officer),
  ];
  const held: CheckIn = {
    ...checkIn,
    status: 'held',
    heldOn: command.heldOn,
    difficulties: command.difficulties,
    supportActions: command.supportActions,
  };
  return { checkIn: withVoices(held, [...checkIn.voices, ...newVoices]), newVoices };
};

/** Checks that a tutor link may be issued for a check-in (officer, running trial, no tutor view yet). */
export const assertTutorLinkIssuable = (trial: TrialPeriod, checkIn: CheckIn, by: Actor): void => {
  assertAllowed('issueTutorLink', trial, by);
  assertOpen(checkIn);
  if (hasTutorView(checkIn)) throw tutorViewGiven(checkIn);
};

/** The host tutor's view, given through their signed link, joins the check-in (held or not yet). */
export const addTutorView = (
  trial: TrialPeriod,
  checkIn: CheckIn,
  view: Pick<Voice, 'ratings' | 'comment'>,
  linkId: string,
  today: string,
): { readonly checkIn: CheckIn; readonly voice: Voice } => {
  if (trial.status !== 'running') {
    throw new DomainError('TRIAL_NOT_RUNNING', 'conflict', `trial period ${trial.id} is ${trial.status}`);
  }
  assertOpen(checkIn);
  if (hasTutorView(checkIn)) throw tutorViewGiven(checkIn);
  const voice: Voice = {
    voice: 'tutor',
    ratings: view.ratings,
    comment: view.comment,
    source: 'tutor_link',
    givenOn: today,
    recordedBy: null,
    tutorLinkId: linkId,
  };
  return { checkIn: withVoices(checkIn, [...checkIn.voices, voice]), voice };
};

/** A tutor link's state in the database. */
export interface TutorLink {
  readonly id: string;
  readonly tenantId: string;
  readonly checkInId: string;
  readonly expiresAt: string;
  readonly usedAt: string | null;
  readonly revokedAt: string | null;
}

/** A link is used once, before it expires, unless a newer one replaced it. */
export const assertLinkUsable = (link: TutorLink, now: Date): void => {
  if (link.usedAt) throw new DomainError('TUTOR_LINK_USED', 'conflict', 'this link was already used');
  if (link.revokedAt)
    throw new DomainError('TUTOR_LINK_REVOKED', 'conflict', 'a newer link replaced this one');
  if (Date.parse(link.expiresAt) <= now.getTime()) {
    throw new DomainError(
      'TUTOR_LINK_EXPIRED',
      'conflict',
      'this link has expired: ask the officer for a new one',
    );
  }
};

/**
 * A check-in is overdue once its grace days have passed without it being held (due Monday,
 * two grace days: still on time on Wednesday, overdue on Thursday). Reminded once.
 */
export const isOverdue = (checkIn: CheckIn, today: string, graceDays: number): boolean =>
  checkIn.status === 'scheduled' && checkIn.remindedOn === null && addDays(checkIn.dueOn, graceDays) < today;
