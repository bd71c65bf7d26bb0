import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from './days.ts';
import { matchCandidate, rankCandidates, rankPositions } from './matching.ts';
import {
  CANDIDATE_STATUSES,
  CEFR_LEVELS,
  MATCH_FILTERS,
  PHYSICAL_DEMANDS,
  WEEKDAYS,
  type MatchableCandidate,
  type MatchablePosition,
  type MatchResult,
  type TimeWindow,
} from './model.ts';

const TODAY = '2026-03-02';
// Small vocabularies so that random candidates and positions often meet.
const SKILLS = ['cooking', 'cleaning', 'haccp', 'forklift', 'reception', 'gardening'];
const LANGS = ['fr', 'nl', 'en'];
const SECTORS = ['horeca', 'cleaning', 'care'];
const TIMES = ['06:00', '08:00', '09:00', '12:00', '14:00', '16:00', '18:00'];

const level = fc.constantFrom(...CEFR_LEVELS);
const language = fc.record({ code: fc.constantFrom(...LANGS), level });
const near = fc.record({
  lat: fc.double({ min: 50.75, max: 50.95, noNaN: true }),
  lon: fc.double({ min: 4.2, max: 4.5, noNaN: true }),
});
const window: fc.Arbitrary<TimeWindow> = fc
  .record({ day: fc.constantFrom(...WEEKDAYS), a: fc.constantFrom(...TIMES), b: fc.constantFrom(...TIMES) })
  .filter(({ a, b }) => a < b)
  .map(({ day, a, b }) => ({ day, from: a, to: b }));
const date = (min: string, max: string) =>
  fc.integer({ min: dayNumber(min), max: dayNumber(max) }).map(fromDayNumber);

const candidateArb: fc.Arbitrary<Omit<MatchableCandidate, 'id'>> = fc.record({
  status: fc.oneof(
    { weight: 4, arbitrary: fc.constant('available' as const) },
    { weight: 1, arbitrary: fc.constantFrom(...CANDIDATE_STATUSES) },
  ),
  workReadiness: fc.constantFrom('not_ready', 'ready_with_support', 'ready'),
  languages: fc.array(language, { maxLength: 3 }),
  skills: fc.array(fc.constantFrom(...SKILLS), { maxLength: 5 }),
  drivingLicence: fc.boolean(),
  timeWindows: fc.oneof(fc.constant([]), fc.array(window, { maxLength: 8 })),
  daysUnavailable: fc.oneof(fc.constant([]), fc.subarray([...WEEKDAYS], { maxLength: 2 })),
  home: near,
  maxTravelKm: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 30, noNaN: true })),
  healthRestrictions: fc.subarray([...PHYSICAL_DEMANDS], { maxLength: 2 }),
  hasCriminalRecord: fc.boolean(),
  wishedSectors: fc.subarray(SECTORS),
  wishedJobs: fc.subarray(['commis de cuisine', 'aide cuisine', 'jardinier', 'technicien de surface']),
  referredOn: date('2022-01-01', '2026-04-01'),
});

const positionArb: fc.Arbitrary<MatchablePosition> = fc.record({
  id: fc.constantFrom('pos-a', 'pos-b', 'pos-c'),
  sector: fc.constantFrom(...SECTORS),
  title: fc.constantFrom('Commis de cuisine', 'Technicien de surface', 'Jardinier'),
  requiredSkills: fc.subarray(SKILLS, { maxLength: 2 }),
  desiredSkills: fc.subarray(SKILLS, { maxLength: 3 }),
  minLanguages: fc.uniqueArray(language, { maxLength: 2, selector: (l) => l.code }),
  schedule: fc
    .record({
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      from: fc.constantFrom(...TIMES),
      to: fc.constantFrom(...TIMES),
    })
    .filter((s) => s.from < s.to),
  physicalDemands: fc.subarray([...PHYSICAL_DEMANDS], { maxLength: 3 }),
  drivingLicenceRequired: fc.boolean(),
  criminalRecordAcceptable: fc.boolean(),
  site: near,
});

const weightsArb = fc.record({
  skills: fc.double({ min: 0, max: 5, noNaN: true }),
  wishes: fc.double({ min: 0, max: 5, noNaN: true }),
  distance: fc.double({ min: 0, max: 5, noNaN: true }),
  waiting: fc.double({ min: 0, max: 5, noNaN: true }),
});

/** Candidates with unique ids, and the same candidates in another order. */
const candidatesAndShuffle = fc
  .array(candidateArb, { maxLength: 40 })
  .map((cs) => cs.map((c, i): MatchableCandidate => ({ ...c, id: `c${String(i).padStart(2, '0')}` })))
  .chain((cs) =>
    fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length })),
  );

const ids = (results: readonly MatchResult[]) => results.map((r) => r.candidateId);

describe('rankCandidates, for any candidates, position and weights', () => {
  it('(a) is deterministic and does not depend on the order of the candidates', () => {
    fc.assert(
      fc.property(positionArb, candidatesAndShuffle, weightsArb, (position, [cs, shuffled], weights) => {
        const ranking = rankCandidates(position, cs, weights, TODAY, { includeExcluded: true });
        expect(rankCandidates(position, shuffled, weights, TODAY, { includeExcluded: true })).toEqual(
          ranking,
        );
        expect(rankCandidates(position, cs, weights, TODAY, { includeExcluded: true })).toEqual(ranking);
      }),
    );
  });

  it('(b) never ranks a candidate failing a hard filter, and ranks every other one, with the same explanation as matchCandidate', () => {
    fc.assert(
      fc.property(positionArb, candidatesAndShuffle, weightsArb, (position, [cs], weights) => {
        const ranked = new Map(
          rankCandidates(position, cs, weights, TODAY).ranked.map((r) => [r.candidateId, r]),
        );
        for (const c of cs) {
          const alone = matchCandidate(position, c, weights, TODAY);
          expect(alone.eligible).toBe(alone.filters.every((f) => f.passed));
          if (alone.eligible) expect(ranked.get(c.id)).toEqual(alone);
          else expect(ranked.has(c.id)).toBe(false);
        }
      }),
    );
  });

  it('(b′) ranks by score, then by the longer wait, then by id', () => {
    fc.assert(
      fc.property(positionArb, candidatesAndShuffle, weightsArb, (position, [cs], weights) => {
        const byId = new Map(cs.map((c) => [c.id, c]));
        const ranked = rankCandidates(position, cs, weights, TODAY).ranked;
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1] as MatchResult, ranked[i] as MatchResult];
          const [ca, cb] = [byId.get(a.candidateId), byId.get(b.candidateId)] as MatchableCandidate[];
          const ordered =
            a.score > b.score ||
            (a.score === b.score &&
              ((ca as MatchableCandidate).referredOn < (cb as MatchableCandidate).referredOn ||
                ((ca as MatchableCandidate).referredOn === (cb as MatchableCandidate).referredOn &&
                  a.candidateId < b.candidateId)));
          expect(ordered).toBe(true);
        }
      }),
    );
  });

  it('(c) waiting longer (an earlier referral) never lowers a score', () => {
    fc.assert(
      fc.property(
        positionArb,
        candidateArb,
        weightsArb,
        fc.integer({ min: 1, max: 2000 }),
        (position, c, weights, earlierBy) => {
          const now = matchCandidate(position, { ...c, id: 'x' }, weights, TODAY);
          const earlier = { ...c, id: 'x', referredOn: fromDayNumber(dayNumber(c.referredOn) - earlierBy) };
          expect(matchCandidate(position, earlier, weights, TODAY).score).toBeGreaterThanOrEqual(now.score);
        },
      ),
    );
  });

  it('(d) gives every candidate a score in [0, 1], and each factor a value in [0, 1]', () => {
    fc.assert(
      fc.property(positionArb, candidatesAndShuffle, weightsArb, (position, [cs], weights) => {
        for (const r of rankCandidates(position, cs, weights, TODAY, { includeExcluded: true }).ranked) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(1);
          for (const f of r.factors) expect(f.value >= 0 && f.value <= 1).toBe(true);
        }
      }),
    );
  });

  it('(e) with includeExcluded, puts every candidate exactly once in ranked ∪ excluded, and counts each failed filter', () => {
    fc.assert(
      fc.property(positionArb, candidatesAndShuffle, weightsArb, (position, [cs], weights) => {
        const ranking = rankCandidates(position, cs, weights, TODAY, { includeExcluded: true });
        expect([...ids(ranking.ranked), ...ids(ranking.excluded)].sort()).toEqual(cs.map((c) => c.id).sort());
        expect(ranking.excluded.every((r) => !r.eligible && r.filters.some((f) => !f.passed))).toBe(true);
        for (const filter of MATCH_FILTERS) {
          const failing = ranking.excluded.filter((r) =>
            r.filters.some((f) => f.filter === filter && !f.passed),
          );
          expect(ranking.excludedCountByFilter[filter]).toBe(failing.length);
        }
      }),
    );
  });

  it('(f) with a limit k, returns the first k of the full ranking, and the same counts', () => {
    fc.assert(
      fc.property(positionArb, candidatesAndShuffle, weightsArb, fc.nat(45), (position, [cs], weights, k) => {
        const full = rankCandidates(position, cs, weights, TODAY);
        const limited = rankCandidates(position, cs, weights, TODAY, { limit: k });
        expect(limited.ranked).toEqual(full.ranked.slice(0, k));
        expect(limited.excludedCountByFilter).toEqual(full.excludedCountByFilter);
      }),
    );
  });
});

describe('hard filters against their rules, stated plainly', () => {
  it('languages: passes exactly when every required language is spoken at the required CEFR level or above', () => {
    fc.assert(
      fc.property(positionArb, candidateArb, (position, c) => {
        const expected = position.minLanguages.every((min) =>
          c.languages.some(
            (l) => l.code === min.code && CEFR_LEVELS.indexOf(l.level) >= CEFR_LEVELS.indexOf(min.level),
          ),
        );
        const result = matchCandidate(
          position,
          { ...c, id: 'x' },
          { skills: 1, wishes: 1, distance: 1, waiting: 1 },
          TODAY,
        );
        expect(result.filters.find((f) => f.filter === 'languages')?.passed).toBe(expected);
      }),
    );
  });

  it('schedule: passes exactly when on every working day the person is not off and, if they gave any hours, one window holds the shift', () => {
    fc.assert(
      fc.property(positionArb, candidateArb, (position, c) => {
        const { days, from, to } = position.schedule;
        const expected = days.every(
          (day) =>
            !c.daysUnavailable.includes(day) &&
            (c.timeWindows.length === 0 ||
              c.timeWindows.some((w) => w.day === day && w.from <= from && to <= w.to)),
        );
        const result = matchCandidate(
          position,
          { ...c, id: 'x' },
          { skills: 1, wishes: 1, distance: 1, waiting: 1 },
          TODAY,
        );
        const schedule = result.filters.find((f) => f.filter === 'schedule');
        expect(schedule?.passed).toBe(expected);
        if (!expected) expect(schedule?.detail).toMatch(/unavailable on|no hours given for|outside/);
      }),
    );
  });

  it('required skills, health, licence and record: pass exactly by their rule', () => {
    fc.assert(
      fc.property(positionArb, candidateArb, (position, c) => {
        const result = matchCandidate(
          position,
          { ...c, id: 'x' },
          { skills: 1, wishes: 1, distance: 1, waiting: 1 },
          TODAY,
        );
        const passed = Object.fromEntries(result.filters.map((f) => [f.filter, f.passed]));
        expect(passed.required_skills).toBe(position.requiredSkills.every((s) => c.skills.includes(s)));
        expect(passed.health).toBe(!c.healthRestrictions.some((r) => position.physicalDemands.includes(r)));
        expect(passed.driving_licence).toBe(!position.drivingLicenceRequired || c.drivingLicence);
        expect(passed.criminal_record).toBe(position.criminalRecordAcceptable || !c.hasCriminalRecord);
        expect(passed.available).toBe(c.status === 'available');
        expect(passed.work_ready).toBe(c.workReadiness !== 'not_ready');
      }),
    );
  });
});

describe('rankPositions, for any candidate and positions', () => {
  it('ranks exactly the positions the candidate passes every filter for, each as matchCandidate explains it, by score then id', () => {
    fc.assert(
      fc.property(
        candidateArb,
        fc
          .array(positionArb, { maxLength: 12 })
          .map((ps) => ps.map((p, i) => ({ ...p, id: `p${String(i).padStart(2, '0')}` }))),
        weightsArb,
        (c, positions, weights) => {
          const candidate = { ...c, id: 'x' };
          const ranking = rankPositions(candidate, positions, weights, TODAY, { includeExcluded: true });
          const eligible = positions
            .map((p) => matchCandidate(p, candidate, weights, TODAY))
            .filter((r) => r.eligible)
            .sort((a, b) => b.score - a.score || (a.positionId < b.positionId ? -1 : 1));
          expect(ranking.ranked).toEqual(eligible);
          expect(ranking.ranked.length + ranking.excluded.length).toBe(positions.length);
        },
      ),
    );
  });
});
