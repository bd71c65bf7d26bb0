/**
 * The placement officer's vocabulary, as types shared by the deciders, the matching and the
 * repositories. Pure: no I/O here.
 */

/** Roles of CPAS staff (sign-in arrives with issue 7; the deciders already check them). */
export type Role =
  | 'placement_officer'
  | 'safety_officer'
  | 'social_worker'
  | 'committee_member'
  | 'committee_secretary'
  | 'cpas_admin'
  | 'platform_operator'
  | 'system';

/** Who does something, for the history of every transition. */
export interface Actor {
  readonly id: string;
  readonly role: Role;
}

/** CEFR levels in order; A1 lowest. */
export const CEFR_LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
export type CefrLevel = (typeof CEFR_LEVELS)[number];

/** A language (ISO 639-1 code: fr, nl, en, ar…) at a CEFR level. */
export interface LanguageLevel {
  readonly code: string;
  readonly level: CefrLevel;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A time of day, 'HH:MM' (24 h). */
export type TimeOfDay = string;

/** When a person can work on one weekday (e.g. must finish by 16:00 to fetch the children). */
export interface TimeWindow {
  readonly day: Weekday;
  readonly from: TimeOfDay;
  readonly to: TimeOfDay;
}

/**
 * Physical demands of a post and, mirrored, health restrictions of a person: a restriction
 * excludes posts with the same demand (no heavy lifting ↔ heavy lifting).
 */
export const PHYSICAL_DEMANDS = [
  'heavy_lifting',
  'prolonged_standing',
  'night_work',
  'work_at_height',
  'outdoor_work',
  'repetitive_movements',
  'chemical_exposure',
  'driving',
] as const;
export type PhysicalDemand = (typeof PHYSICAL_DEMANDS)[number];

/** A point on the map (WGS 84), for travel distance. */
export interface GeoPoint {
  readonly lat: number;
  readonly lon: number;
}

export type IncomeCategory = 'cohabitant' | 'single' | 'with_dependants';
export type WorkReadiness = 'not_ready' | 'ready_with_support' | 'ready';

export const CANDIDATE_STATUSES = [
  'referred',
  'in_preparation',
  'available',
  'shortlisted',
  'proposed',
  'placed',
  'paused',
  'exited',
] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** What matching needs to know about a candidate (no identity, no contact). */
export interface MatchableCandidate {
  readonly id: string;
  readonly status: CandidateStatus;
  readonly workReadiness: WorkReadiness;
  readonly languages: readonly LanguageLevel[];
  readonly skills: readonly string[];
  readonly drivingLicence: boolean;
  /** Empty means no constraint on days and hours. */
  readonly timeWindows: readonly TimeWindow[];
  readonly daysUnavailable: readonly Weekday[];
  readonly home: GeoPoint;
  readonly maxTravelKm: number;
  readonly healthRestrictions: readonly PhysicalDemand[];
  readonly hasCriminalRecord: boolean;
  readonly wishedSectors: readonly string[];
  readonly wishedJobs: readonly string[];
  /** The day the social service referred the person: the start of their wait. */
  readonly referredOn: string;
}

/** What matching needs to know about a position. */
export interface MatchablePosition {
  readonly id: string;
  readonly sector: string;
  readonly title: string;
  readonly requiredSkills: readonly string[];
  readonly desiredSkills: readonly string[];
  readonly minLanguages: readonly LanguageLevel[];
  readonly schedule: { readonly days: readonly Weekday[]; readonly from: TimeOfDay; readonly to: TimeOfDay };
  readonly physicalDemands: readonly PhysicalDemand[];
  readonly drivingLicenceRequired: boolean;
  readonly criminalRecordAcceptable: boolean;
  readonly site: GeoPoint;
}

/** Weights of the soft factors, configurable per CPAS; they need not sum to 1. */
export interface MatchingWeights {
  readonly skills: number;
  readonly wishes: number;
  readonly distance: number;
  readonly waiting: number;
}

/** Hard filters, each either passed or the reason a candidate is excluded. */
export const MATCH_FILTERS = [
  'available',
  'work_ready',
  'languages',
  'driving_licence',
  'schedule',
  'health',
  'travel',
  'criminal_record',
  'required_skills',
] as const;
export type MatchFilter = (typeof MATCH_FILTERS)[number];

/** One filter's verdict, with a short reason a person can read. */
export interface FilterResult {
  readonly filter: MatchFilter;
  readonly passed: boolean;
  readonly detail: string;
}

/** One soft factor: its raw value in [0, 1], its weight and its contribution to the score. */
export interface FactorResult {
  readonly factor: keyof MatchingWeights;
  readonly value: number;
  readonly weight: number;
  readonly contribution: number;
  readonly detail: string;
}

/** A ranked, explained match. */
export interface MatchResult {
  readonly candidateId: string;
  readonly positionId: string;
  readonly eligible: boolean;
  readonly score: number;
  readonly filters: readonly FilterResult[];
  readonly factors: readonly FactorResult[];
}
