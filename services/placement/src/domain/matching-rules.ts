/**
 * The rules of matching, evaluated per candidate on the hot path: a position prepared once,
 * nine hard filters as bits, four soft factors and the score. No allocation per candidate:
 * ranking 50,000 candidates must stay well under 50 ms (issue 10).
 */
import { DomainError } from '@relais/service-kit/errors';
import { dayNumber } from './days.ts';
import { prepareWishes, wishValue, type PreparedWishes } from './matching-wishes.ts';
import {
  CEFR_LEVELS,
  WEEKDAYS,
  type CefrLevel,
  type GeoPoint,
  type LanguageLevel,
  type MatchableCandidate,
  type MatchablePosition,
  type MatchingWeights,
  type Weekday,
} from './model.ts';

/** The waiting time at which the fairness factor reaches 1: a year. */
export const WAITING_SATURATION_DAYS = 365;

const EARTH_RADIUS_KM = 6371.0088;
const RADIANS = Math.PI / 180;
const MINUTES_PER_DAY = 24 * 60;

const WEEKDAY_BIT: Readonly<Record<Weekday, number>> = {
  mon: 1,
  tue: 2,
  wed: 4,
  thu: 8,
  fri: 16,
  sat: 32,
  sun: 64,
};

const LEVEL_RANK = Object.fromEntries(CEFR_LEVELS.map((level, rank) => [level, rank])) as Record<
  CefrLevel,
  number
>;

/** A position compiled once per ranking: what every candidate is compared with. */
export interface PreparedPosition {
  readonly position: MatchablePosition;
  readonly minLanguages: readonly (LanguageLevel & { readonly rank: number })[];
  /** The working days, deduplicated, in week order. */
  readonly days: readonly Weekday[];
  /** The working days as bits (WEEKDAY_BIT). */
  readonly dayMask: number;
  /** Shift start and end in minutes; an overnight shift ends after 1440. */
  readonly from: number;
  readonly to: number;
  readonly demands: ReadonlySet<string>;
  readonly required: readonly string[];
  readonly desired: ReadonlySet<string>;
  readonly siteLat: number;
  readonly siteLon: number;
  readonly siteCosLat: number;
  readonly wishes: PreparedWishes;
  /** Explanations that depend on the position only, written once. */
  readonly text: {
    readonly shift: string;
    readonly scheduleFits: string;
    readonly requiredHeld: string;
  };
}

const digitAt = (text: string, i: number): number => {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};

/** 'HH:MM' to minutes since midnight ('24:00' allowed as an end); NaN if malformed. */
const minutesOf = (time: string): number => {
  if (time.length !== 5 || time[2] !== ':') return Number.NaN;
  const h = digitAt(time, 0) * 10 + digitAt(time, 1);
  const m = digitAt(time, 3) * 10 + digitAt(time, 4);
  return m <= 59 && (h < 24 || (h === 24 && m === 0)) ? h * 60 + m : Number.NaN;
};

/** Compiles a position once per ranking; refuses a schedule whose times are not HH:MM. */
export const preparePosition = (position: MatchablePosition): PreparedPosition => {
  const { from, to, days } = position.schedule;
  const start = minutesOf(from);
  const end = minutesOf(to);
  if (Number.isNaN(start)) {
    throw new DomainError('INVALID_SCHEDULE', 'invalid', `start ${from} is not HH:MM`, 'schedule.from');
  }
  if (Number.isNaN(end)) {
    throw new DomainError('INVALID_SCHEDULE', 'invalid', `end ${to} is not HH:MM`, 'schedule.to');
  }
  const siteLat = position.site.lat * RADIANS;
  const workingDays = WEEKDAYS.filter((day) => days.includes(day));
  return {
    position,
    minLanguages: position.minLanguages.map((l) => ({ ...l, rank: LEVEL_RANK[l.level] })),
    days: workingDays,
    dayMask: workingDays.reduce((mask, day) => mask | WEEKDAY_BIT[day], 0),
    from: start,
    // A shift ending at or before its start runs past midnight: it fits no same-day window.
    to: end > start ? end : end + MINUTES_PER_DAY,
    demands: new Set(position.physicalDemands),
    required: [...new Set(position.requiredSkills)],
    desired: new Set(position.desiredSkills),
    siteLat,
    siteLon: position.site.lon * RADIANS,
    siteCosLat: Math.cos(siteLat),
    wishes: prepareWishes(position),
    text: {
      shift: `${from}–${to}`,
      scheduleFits:
        workingDays.length === 0
          ? 'no working day set for the post'
          : `fits ${workingDays.join(', ')} ${from}–${to}`,
      requiredHeld:
        position.requiredSkills.length === 0
          ? 'no skill required'
          : `has all ${String(new Set(position.requiredSkills).size)} required skills`,
    },
  };
};

/** Refuses negative or non-finite weights; returns their sum. */
export const checkWeights = (weights: MatchingWeights): number => {
  let total = 0;
  for (const key of ['skills', 'wishes', 'distance', 'waiting'] as const) {
    const weight = weights[key];
    if (!Number.isFinite(weight) || weight < 0) {
      throw new DomainError(
        'INVALID_MATCHING_WEIGHTS',
        'invalid',
        `weight ${key} must be ≥ 0`,
        `weights.${key}`,
      );
    }
    total += weight;
  }
  return total;
};

/** The day number of an ISO date, refusing a malformed one on its field. */
export const dayOrThrow = (isoDate: string, field: 'today' | 'referredOn', candidateId?: string): number => {
  const day = dayNumber(isoDate);
  if (Number.isNaN(day)) {
    const whose = candidateId === undefined ? '' : `candidate ${candidateId}: `;
    throw new DomainError(
      'INVALID_DATE',
      'invalid',
      `${whose}${field} ${isoDate} is not a YYYY-MM-DD date`,
      field,
    );
  }
  return day;
};

/** Great-circle (haversine) distance from the site to a home, in km. */
export const distanceKm = (p: PreparedPosition, home: GeoPoint): number => {
  const lat = home.lat * RADIANS;
  const sinLat = Math.sin((lat - p.siteLat) / 2);
  const sinLon = Math.sin((home.lon * RADIANS - p.siteLon) / 2);
  const a = sinLat * sinLat + p.siteCosLat * Math.cos(lat) * sinLon * sinLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
};

/** The candidate's best level in a language, as a rank (−1: does not speak it). */
export const languageRank = (c: MatchableCandidate, code: string): number => {
  let best = -1;
  for (const l of c.languages) if (l.code === code && LEVEL_RANK[l.level] > best) best = LEVEL_RANK[l.level];
  return best;
};

const meetsLanguages = (p: PreparedPosition, c: MatchableCandidate): boolean => {
  for (const min of p.minLanguages) if (languageRank(c, min.code) < min.rank) return false;
  return true;
};

const DAY_FITS = 0;
/** How a shift fits a candidate's day: unavailable, no window that day, or outside every window. */
export const DAY_UNAVAILABLE = 1;
export const DAY_WITHOUT_WINDOW = 2;
export const DAY_OUTSIDE_WINDOWS = 3;
type DayFit =
  typeof DAY_FITS | typeof DAY_UNAVAILABLE | typeof DAY_WITHOUT_WINDOW | typeof DAY_OUTSIDE_WINDOWS;

/**
 * Whether the shift fits the candidate on one day. Time windows, when given, list every day the
 * person can work: a day without a window while other days have some is a day they cannot.
 */
export const dayFit = (p: PreparedPosition, c: MatchableCandidate, day: Weekday): DayFit => {
  if (c.daysUnavailable.includes(day)) return DAY_UNAVAILABLE;
  if (c.timeWindows.length === 0) return DAY_FITS;
  let hasWindow = false;
  for (const w of c.timeWindows) {
    if (w.day !== day) continue;
    hasWindow = true;
    if (minutesOf(w.from) <= p.from && p.to <= minutesOf(w.to)) return DAY_FITS;
  }
  return hasWindow ? DAY_OUTSIDE_WINDOWS : DAY_WITHOUT_WINDOW;
};

/** `dayFit` over all the working days at once, with day bits (one pass over the windows). */
const fitsSchedule = (p: PreparedPosition, c: MatchableCandidate): boolean => {
  let blocked = 0;
  for (const day of c.daysUnavailable) blocked |= WEEKDAY_BIT[day];
  if ((blocked & p.dayMask) !== 0) return false;
  if (c.timeWindows.length === 0) return true;
  let fitting = 0;
  for (const w of c.timeWindows) {
    const bit = WEEKDAY_BIT[w.day];
    if ((p.dayMask & bit) !== 0 && minutesOf(w.from) <= p.from && p.to <= minutesOf(w.to)) fitting |= bit;
  }
  return fitting === p.dayMask;
};

const fitsHealth = (p: PreparedPosition, c: MatchableCandidate): boolean => {
  for (const r of c.healthRestrictions) if (p.demands.has(r)) return false;
  return true;
};

/** Whether the candidate holds every required skill (few: a scan beats building a set). */
const holdsAll = (skills: readonly string[], required: readonly string[]): boolean => {
  for (const skill of required) if (!skills.includes(skill)) return false;
  return true;
};

/** How many distinct skills of the candidate are in the set (a skill listed twice counts once). */
const heldCount = (skills: readonly string[], set: ReadonlySet<string>): number => {
  let held = 0;
  for (let i = 0; i < skills.length; i++) {
    const skill = skills[i] as string;
    if (set.has(skill) && skills.indexOf(skill) === i) held++;
  }
  return held;
};

/** Bit i set: filter MATCH_FILTERS[i] failed. 0: eligible. Every filter is evaluated. */
export const failureMask = (p: PreparedPosition, c: MatchableCandidate, km: number): number =>
  (c.status === 'available' ? 0 : 1) |
  (c.workReadiness !== 'not_ready' ? 0 : 2) |
  (meetsLanguages(p, c) ? 0 : 4) |
  (!p.position.drivingLicenceRequired || c.drivingLicence ? 0 : 8) |
  (fitsSchedule(p, c) ? 0 : 16) |
  (fitsHealth(p, c) ? 0 : 32) |
  (km <= c.maxTravelKm ? 0 : 64) |
  (p.position.criminalRecordAcceptable || !c.hasCriminalRecord ? 0 : 128) |
  (holdsAll(c.skills, p.required) ? 0 : 256);

/** Share of the desired skills held; 1 when none is desired. */
export const skillsValue = (p: PreparedPosition, c: MatchableCandidate): number =>
  p.desired.size === 0 ? 1 : heldCount(c.skills, p.desired) / p.desired.size;

/** 1 at the door, falling linearly to 0 at the distance the person accepts. */
export const distanceValue = (km: number, maxKm: number): number =>
  maxKm > 0 ? Math.min(1, Math.max(0, 1 - km / maxKm)) : km === 0 ? 1 : 0;

/** Days waited over a year, capped at 1; a referral dated after today counts as 0. */
export const waitingValue = (waitedDays: number): number =>
  Math.min(1, Math.max(0, waitedDays / WAITING_SATURATION_DAYS));

/** Rounds to 4 decimals (monotonic: a higher value never rounds lower). */
export const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Σ value × weight / Σ weight, rounded to 4 decimals; every path computes it here, in this order. */
const weightedScore = (
  w: MatchingWeights,
  totalWeight: number,
  skills: number,
  wishes: number,
  distance: number,
  waiting: number,
): number =>
  totalWeight === 0
    ? 0
    : round4(
        (skills * w.skills + wishes * w.wishes + distance * w.distance + waiting * w.waiting) / totalWeight,
      );

/** The score of an eligible candidate, from the four factor values (the one formula used everywhere). */
export const scoreOf = (
  p: PreparedPosition,
  c: MatchableCandidate,
  km: number,
  waitedDays: number,
  w: MatchingWeights,
  totalWeight: number,
): number =>
  weightedScore(
    w,
    totalWeight,
    skillsValue(p, c),
    wishValue(p.wishes, c),
    distanceValue(km, c.maxTravelKm),
    waitingValue(waitedDays),
  );
