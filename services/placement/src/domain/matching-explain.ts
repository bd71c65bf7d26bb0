/**
 * Explanations of matching, in sentences an officer can read: why each filter passed or failed,
 * what each factor is worth. Built only for the results returned, from the same rules as the
 * ranking (matching-rules.ts), so an explanation never disagrees with the rank.
 */
import { wishDetail, wishValue } from './matching-wishes.ts';
import {
  DAY_OUTSIDE_WINDOWS,
  DAY_UNAVAILABLE,
  DAY_WITHOUT_WINDOW,
  dayFit,
  dayOrThrow,
  distanceKm,
  distanceValue,
  failureMask,
  languageRank,
  round4,
  scoreOf,
  skillsValue,
  WAITING_SATURATION_DAYS,
  waitingValue,
  type PreparedPosition,
} from './matching-rules.ts';
import {
  CEFR_LEVELS,
  MATCH_FILTERS,
  type FactorResult,
  type FilterResult,
  type MatchableCandidate,
  type MatchingWeights,
  type MatchResult,
} from './model.ts';

const list = (items: readonly string[]): string => items.join(', ');

const languagesDetail = (p: PreparedPosition, c: MatchableCandidate): string =>
  p.minLanguages.length === 0
    ? 'no language required'
    : p.minLanguages
        .map((min) => {
          const rank = languageRank(c, min.code);
          return `${min.code} ${min.level} required, has ${rank < 0 ? 'none' : (CEFR_LEVELS[rank] as string)}`;
        })
        .join('; ');

const scheduleDetail = (p: PreparedPosition, c: MatchableCandidate): string => {
  if (c.timeWindows.length === 0 && c.daysUnavailable.length === 0) return 'no constraint on days or hours';
  const problems: string[] = [];
  for (const day of p.days) {
    const fit = dayFit(p, c, day);
    if (fit === DAY_UNAVAILABLE) problems.push(`unavailable on ${day}`);
    if (fit === DAY_WITHOUT_WINDOW) problems.push(`no hours given for ${day}`);
    if (fit === DAY_OUTSIDE_WINDOWS) {
      const windows = c.timeWindows.filter((w) => w.day === day).map((w) => `${w.from}–${w.to}`);
      problems.push(`${day} ${p.text.shift} outside ${windows.join(' or ')}`);
    }
  }
  return problems.length > 0 ? problems.join('; ') : p.text.scheduleFits;
};

const READINESS: Readonly<Record<MatchableCandidate['workReadiness'], string>> = {
  ready: 'ready for work',
  ready_with_support: 'ready for work with support',
  not_ready: 'not ready for work yet',
};

const healthDetail = (p: PreparedPosition, c: MatchableCandidate): string => {
  const conflicts = c.healthRestrictions.filter((r) => p.demands.has(r));
  return conflicts.length > 0
    ? `restriction conflicts with the post: ${list(conflicts)}`
    : 'no conflicting health restriction';
};

const requiredSkillsDetail = (p: PreparedPosition, c: MatchableCandidate): string => {
  const missing = p.required.filter((s) => !c.skills.includes(s));
  return missing.length > 0 ? `missing: ${list(missing)}` : p.text.requiredHeld;
};

/** The nine verdicts, in MATCH_FILTERS order, from the failure bits and the facts behind them. */
const filterResults = (
  p: PreparedPosition,
  c: MatchableCandidate,
  mask: number,
  km: string,
): FilterResult[] => {
  const pos = p.position;
  const details: readonly string[] = [
    `status is ${c.status}`,
    READINESS[c.workReadiness],
    languagesDetail(p, c),
    pos.drivingLicenceRequired
      ? `licence required, has ${c.drivingLicence ? 'one' : 'none'}`
      : 'no licence required',
    scheduleDetail(p, c),
    healthDetail(p, c),
    `${km} from home, accepts up to ${String(c.maxTravelKm)} km`,
    pos.criminalRecordAcceptable
      ? 'a criminal record is acceptable for this post'
      : c.hasCriminalRecord
        ? 'post requires no criminal record, has one'
        : 'no criminal record',
    requiredSkillsDetail(p, c),
  ];
  return MATCH_FILTERS.map((filter, bit) => ({
    filter,
    passed: (mask & (1 << bit)) === 0,
    detail: details[bit] as string,
  }));
};

const factor = (
  name: keyof MatchingWeights,
  value: number,
  weights: MatchingWeights,
  detail: string,
): FactorResult => ({
  factor: name,
  value: round4(value),
  weight: weights[name],
  contribution: round4(value * weights[name]),
  detail,
});

const skillsDetail = (p: PreparedPosition, c: MatchableCandidate): string => {
  if (p.desired.size === 0) return 'no desired skill';
  const lacking = [...p.desired].filter((s) => !c.skills.includes(s));
  const held = `${String(p.desired.size - lacking.length)} of ${String(p.desired.size)} desired skills`;
  return lacking.length > 0 ? `${held} (lacks ${list(lacking)})` : held;
};

const waitingDetail = (c: MatchableCandidate, waitedDays: number): string =>
  `waiting ${String(Math.max(0, waitedDays))} days since the referral on ${c.referredOn}` +
  (waitedDays >= WAITING_SATURATION_DAYS ? ` (counts fully from ${String(WAITING_SATURATION_DAYS)})` : '');

/**
 * The full explanation of one candidate for one prepared position: the nine verdicts with their
 * facts and, if eligible, the four factors. Built only for results returned (strings cost).
 */
export const explain = (
  p: PreparedPosition,
  c: MatchableCandidate,
  w: MatchingWeights,
  totalWeight: number,
  todayDay: number,
): MatchResult => {
  const km = distanceKm(p, c.home);
  const kmText = `${km.toFixed(1)} km`;
  const mask = failureMask(p, c, km);
  const filters = filterResults(p, c, mask, kmText);
  if (mask !== 0) {
    return { candidateId: c.id, positionId: p.position.id, eligible: false, score: 0, filters, factors: [] };
  }
  const waitedDays = todayDay - dayOrThrow(c.referredOn, 'referredOn', c.id);
  const factors = [
    factor('skills', skillsValue(p, c), w, skillsDetail(p, c)),
    factor('wishes', wishValue(p.wishes, c), w, wishDetail(p.wishes, c)),
    factor(
      'distance',
      distanceValue(km, c.maxTravelKm),
      w,
      `${kmText} of the ${String(c.maxTravelKm)} km accepted`,
    ),
    factor('waiting', waitingValue(waitedDays), w, waitingDetail(c, waitedDays)),
  ];
  const score = scoreOf(p, c, km, waitedDays, w, totalWeight);
  return { candidateId: c.id, positionId: p.position.id, eligible: true, score, filters, factors };
};
