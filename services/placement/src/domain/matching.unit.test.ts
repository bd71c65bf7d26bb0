import { describe, expect, it } from 'vitest';
import { matchCandidate, rankCandidates, rankPositions } from './matching.ts';
import type { MatchableCandidate, MatchablePosition, MatchFilter, MatchingWeights } from './model.ts';

const TODAY = '2026-03-02';
const SITE = { lat: 50.8467, lon: 4.3525 };
/** One degree of latitude is 111.2 km on the haversine's mean Earth radius. */
const kmNorth = (km: number) => ({ lat: SITE.lat + km / 111.195, lon: SITE.lon });
const weights: MatchingWeights = { skills: 0.35, wishes: 0.2, distance: 0.15, waiting: 0.3 };

const position: MatchablePosition = {
  id: 'pos-1',
  sector: 'horeca',
  title: 'Commis de cuisine',
  requiredSkills: ['cooking'],
  desiredSkills: ['haccp', 'first_aid'],
  minLanguages: [{ code: 'fr', level: 'A2' }],
  schedule: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '16:00' },
  physicalDemands: ['prolonged_standing'],
  drivingLicenceRequired: false,
  criminalRecordAcceptable: true,
  site: SITE,
};

const candidate: MatchableCandidate = {
  id: 'cand-1',
  status: 'available',
  workReadiness: 'ready',
  languages: [{ code: 'fr', level: 'B1' }],
  skills: ['cooking', 'haccp'],
  drivingLicence: false,
  timeWindows: [],
  daysUnavailable: [],
  home: SITE,
  maxTravelKm: 10,
  healthRestrictions: [],
  hasCriminalRecord: false,
  wishedSectors: ['horeca'],
  wishedJobs: [],
  referredOn: '2025-09-03', // 180 days before TODAY
};

const verdicts = (c: MatchableCandidate, p: MatchablePosition = position) =>
  Object.fromEntries(matchCandidate(p, c, weights, TODAY).filters.map((f) => [f.filter, f.passed]));
const filterOf = (filter: MatchFilter, c: MatchableCandidate, p: MatchablePosition = position) =>
  matchCandidate(p, c, weights, TODAY).filters.find((f) => f.filter === filter);
const factorOf = (name: keyof MatchingWeights, c: MatchableCandidate, p: MatchablePosition = position) =>
  matchCandidate(p, c, weights, TODAY).factors.find((f) => f.factor === name);

describe('matchCandidate', () => {
  it('given a candidate who passes every filter, when matched, then the nine verdicts and four factors explain the score', () => {
    const result = matchCandidate(position, candidate, weights, TODAY);
    expect(result.eligible).toBe(true);
    expect(result.filters.map((f) => [f.filter, f.passed])).toEqual([
      ['available', true],
      ['work_ready', true],
      ['languages', true],
      ['driving_licence', true],
      ['schedule', true],
      ['health', true],
      ['travel', true],
      ['criminal_record', true],
      ['required_skills', true],
    ]);
    expect(result.factors).toEqual([
      {
        factor: 'skills',
        value: 0.5,
        weight: 0.35,
        contribution: 0.175,
        detail: '1 of 2 desired skills (lacks first_aid)',
      },
      { factor: 'wishes', value: 1, weight: 0.2, contribution: 0.2, detail: 'sector horeca is wished' },
      {
        factor: 'distance',
        value: 1,
        weight: 0.15,
        contribution: 0.15,
        detail: '0.0 km of the 10 km accepted',
      },
      {
        factor: 'waiting',
        value: 0.4932,
        weight: 0.3,
        contribution: 0.1479,
        detail: 'waiting 180 days since the referral on 2025-09-03',
      },
    ]);
    // (0.175 + 0.2 + 0.15 + 0.3 × 180/365) / 1
    expect(result.score).toBe(0.6729);
  });

  it('given a candidate failing several filters, when matched, then every filter is still evaluated and explained, and there is no score', () => {
    const result = matchCandidate(
      { ...position, minLanguages: [{ code: 'nl', level: 'B1' }], drivingLicenceRequired: true },
      { ...candidate, status: 'paused', languages: [{ code: 'nl', level: 'A2' }], home: kmNorth(20) },
      weights,
      TODAY,
    );
    expect(result).toMatchObject({ eligible: false, score: 0, factors: [] });
    expect(result.filters).toEqual([
      { filter: 'available', passed: false, detail: 'status is paused' },
      { filter: 'work_ready', passed: true, detail: 'ready for work' },
      { filter: 'languages', passed: false, detail: 'nl B1 required, has A2' },
      { filter: 'driving_licence', passed: false, detail: 'licence required, has none' },
      { filter: 'schedule', passed: true, detail: 'no constraint on days or hours' },
      { filter: 'health', passed: true, detail: 'no conflicting health restriction' },
      { filter: 'travel', passed: false, detail: '20.0 km from home, accepts up to 10 km' },
      { filter: 'criminal_record', passed: true, detail: 'a criminal record is acceptable for this post' },
      { filter: 'required_skills', passed: true, detail: 'has all 1 required skills' },
    ]);
  });

  it.each(['referred', 'in_preparation', 'shortlisted', 'proposed', 'placed', 'paused', 'exited'] as const)(
    'given a candidate who is %s, when matched, then they are not available',
    (status) => {
      expect(verdicts({ ...candidate, status }).available).toBe(false);
    },
  );

  it('given a person ready with support, when matched, then they score exactly like a person ready without (no creaming)', () => {
    const supported = matchCandidate(
      position,
      { ...candidate, workReadiness: 'ready_with_support' },
      weights,
      TODAY,
    );
    expect(supported.eligible).toBe(true);
    expect(supported.score).toBe(matchCandidate(position, candidate, weights, TODAY).score);
    expect(verdicts({ ...candidate, workReadiness: 'not_ready' }).work_ready).toBe(false);
  });

  it.each([
    [[{ code: 'fr', level: 'A2' }], true, 'fr A2 required, has A2'],
    [[{ code: 'fr', level: 'C2' }], true, 'fr A2 required, has C2'],
    [[{ code: 'fr', level: 'A1' }], false, 'fr A2 required, has A1'],
    [[{ code: 'nl', level: 'C2' }], false, 'fr A2 required, has none'],
    [
      [
        { code: 'fr', level: 'A1' },
        { code: 'fr', level: 'B2' },
      ],
      true,
      'fr A2 required, has B2',
    ],
  ] as const)(
    'given languages %j, when the post needs fr A2, then passed is %s (%s)',
    (languages, passed, detail) => {
      expect(filterOf('languages', { ...candidate, languages })).toEqual({
        filter: 'languages',
        passed,
        detail,
      });
    },
  );

  it('given a post needing two languages, when the candidate meets one, then the filter fails and names both', () => {
    const bilingual = {
      ...position,
      minLanguages: [...position.minLanguages, { code: 'nl', level: 'A1' as const }],
    };
    expect(filterOf('languages', candidate, bilingual)).toEqual({
      filter: 'languages',
      passed: false,
      detail: 'fr A2 required, has B1; nl A1 required, has none',
    });
  });

  const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
  const every = (from: string, to: string) => weekdays.map((day) => ({ day, from, to }));

  it.each([
    ['no windows and no day off', {}, position.schedule, true, 'no constraint on days or hours'],
    [
      'windows that contain the shift',
      { timeWindows: every('07:00', '17:00') },
      position.schedule,
      true,
      'fits mon, tue, wed, thu, fri 08:00–16:00',
    ],
    [
      'windows exactly the shift',
      { timeWindows: every('08:00', '16:00') },
      position.schedule,
      true,
      'fits mon, tue, wed, thu, fri 08:00–16:00',
    ],
    ['a day off on wednesday', { daysUnavailable: ['wed'] }, position.schedule, false, 'unavailable on wed'],
    [
      'a day off the post does not work',
      { daysUnavailable: ['sat'] },
      position.schedule,
      true,
      'fits mon, tue, wed, thu, fri 08:00–16:00',
    ],
    [
      'an early finish every day',
      { timeWindows: every('08:00', '15:00') },
      position.schedule,
      false,
      'mon 08:00–16:00 outside 08:00–15:00; tue 08:00–16:00 outside 08:00–15:00; wed 08:00–16:00 outside 08:00–15:00; thu 08:00–16:00 outside 08:00–15:00; fri 08:00–16:00 outside 08:00–15:00',
    ],
    [
      'windows on weekdays only, for a saturday post',
      { timeWindows: every('07:00', '17:00') },
      { ...position.schedule, days: ['fri', 'sat'] },
      false,
      'no hours given for sat',
    ],
    [
      'a morning and an afternoon window, one fitting',
      {
        timeWindows: [
          { day: 'mon', from: '06:00', to: '09:00' },
          { day: 'mon', from: '07:30', to: '16:30' },
        ],
      },
      { ...position.schedule, days: ['mon'] },
      true,
      'fits mon 08:00–16:00',
    ],
    [
      'two windows that only together cover the shift',
      {
        timeWindows: [
          { day: 'mon', from: '08:00', to: '12:00' },
          { day: 'mon', from: '12:00', to: '16:00' },
        ],
      },
      { ...position.schedule, days: ['mon'] },
      false,
      'mon 08:00–16:00 outside 08:00–12:00 or 12:00–16:00',
    ],
    [
      'windows up to midnight, for a night shift',
      { timeWindows: [{ day: 'mon', from: '18:00', to: '24:00' }] },
      { days: ['mon'], from: '22:00', to: '06:00' },
      false,
      'mon 22:00–06:00 outside 18:00–24:00',
    ],
    [
      'no windows, for a night shift',
      {},
      { days: ['mon'], from: '22:00', to: '06:00' },
      true,
      'no constraint on days or hours',
    ],
  ] as const)(
    'given %s, when matched on the schedule, then passed is %s',
    (_, change, schedule, passed, detail) => {
      expect(filterOf('schedule', { ...candidate, ...change }, { ...position, schedule })).toEqual({
        filter: 'schedule',
        passed,
        detail,
      });
    },
  );

  it('given a health restriction that is one of the post physical demands, when matched, then health fails and names it', () => {
    expect(
      filterOf('health', { ...candidate, healthRestrictions: ['heavy_lifting', 'prolonged_standing'] }),
    ).toEqual({
      filter: 'health',
      passed: false,
      detail: 'restriction conflicts with the post: prolonged_standing',
    });
    expect(verdicts({ ...candidate, healthRestrictions: ['night_work'] }).health).toBe(true);
  });

  it('given a home 12 km from the site, when the person accepts 11 km or 13 km, then travel fails or passes, and distance scores what is left', () => {
    expect(filterOf('travel', { ...candidate, home: kmNorth(12), maxTravelKm: 11 })).toEqual({
      filter: 'travel',
      passed: false,
      detail: '12.0 km from home, accepts up to 11 km',
    });
    expect(factorOf('distance', { ...candidate, home: kmNorth(12), maxTravelKm: 13 })?.value).toBeCloseTo(
      1 / 13,
      3,
    );
    expect(factorOf('distance', { ...candidate, home: kmNorth(12), maxTravelKm: 12.001 })?.value).toBeCloseTo(
      0,
      3,
    );
  });

  it.each([
    [true, true, true],
    [false, true, false],
    [false, false, true],
  ])(
    'given a record acceptable: %s and a record: %s, when matched, then criminal_record passes: %s',
    (acceptable, has, passed) => {
      expect(
        verdicts(
          { ...candidate, hasCriminalRecord: has },
          { ...position, criminalRecordAcceptable: acceptable },
        ).criminal_record,
      ).toBe(passed);
    },
  );

  it('given a post requiring a driving licence and skills, when the candidate lacks them, then both filters fail and say what is missing', () => {
    const p = {
      ...position,
      drivingLicenceRequired: true,
      requiredSkills: ['cooking', 'forklift', 'driving_van'],
    };
    expect(filterOf('required_skills', candidate, p)).toEqual({
      filter: 'required_skills',
      passed: false,
      detail: 'missing: forklift, driving_van',
    });
    expect(verdicts(candidate, p).driving_licence).toBe(false);
    expect(verdicts({ ...candidate, drivingLicence: true }, p).driving_licence).toBe(true);
  });

  it.each([
    ['a wished sector', { wishedSectors: ['HORECA'] }, 1, 'sector horeca is wished'],
    [
      'a wished job that is the title, in other case and accents',
      { wishedSectors: [], wishedJobs: ['COMMIS DE CUISINÉ'] },
      1,
      'wished job “COMMIS DE CUISINÉ” matches the title',
    ],
    [
      'a wished job sharing a word with the title',
      { wishedSectors: [], wishedJobs: ['aide cuisine'] },
      0.5,
      'wished job “aide cuisine” partly matches the title',
    ],
    ['no wish at all', { wishedSectors: [], wishedJobs: [] }, 0.5, 'no wish expressed (neutral)'],
    [
      'wishes elsewhere',
      { wishedSectors: ['care'], wishedJobs: ['jardinier', 'de'] },
      0,
      'no wish matches the sector horeca or the title “Commis de cuisine”',
    ],
  ])('given %s, when matched, then wishes is %s', (_, change, value, detail) => {
    expect(factorOf('wishes', { ...candidate, ...change })).toMatchObject({ value, detail });
  });

  it.each([
    ['2026-03-02', 0],
    ['2026-03-10', 0],
    ['2025-03-02', 1],
    ['2020-01-01', 1],
  ])(
    'given a referral on %s, when matched on 2026-03-02, then waiting is %s (saturating at a year)',
    (referredOn, value) => {
      expect(factorOf('waiting', { ...candidate, referredOn })?.value).toBe(value);
    },
  );

  it('given no desired skill, when matched, then skills is 1', () => {
    expect(factorOf('skills', candidate, { ...position, desiredSkills: [] })).toMatchObject({
      value: 1,
      detail: 'no desired skill',
    });
  });

  it('given weights that sum to 0, when matched, then the score is 0', () => {
    expect(
      matchCandidate(position, candidate, { skills: 0, wishes: 0, distance: 0, waiting: 0 }, TODAY).score,
    ).toBe(0);
  });

  it('given only the waiting weight, when matched, then the score is the waiting factor', () => {
    expect(
      matchCandidate(position, candidate, { skills: 0, wishes: 0, distance: 0, waiting: 2 }, TODAY).score,
    ).toBe(0.4932);
  });

  it('given a negative weight, an invalid date or a malformed schedule, when matched, then it is refused naming the field', () => {
    expect(() => matchCandidate(position, candidate, { ...weights, distance: -1 }, TODAY)).toThrow(
      expect.objectContaining({
        code: 'INVALID_MATCHING_WEIGHTS',
        kind: 'invalid',
        field: 'weights.distance',
      }),
    );
    expect(() => matchCandidate(position, candidate, weights, '2026-02-30')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE', field: 'today' }),
    );
    expect(() =>
      matchCandidate(position, { ...candidate, referredOn: '03/09/2025' }, weights, TODAY),
    ).toThrow(expect.objectContaining({ code: 'INVALID_DATE', field: 'referredOn' }));
    expect(() =>
      matchCandidate(
        { ...position, schedule: { ...position.schedule, to: '4pm' } },
        candidate,
        weights,
        TODAY,
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SCHEDULE', field: 'schedule.to' }));
    expect(() =>
      matchCandidate(
        { ...position, schedule: { ...position.schedule, from: '1/:00' } },
        candidate,
        weights,
        TODAY,
      ),
    ).toThrow(expect.objectContaining({ code: 'INVALID_SCHEDULE', field: 'schedule.from' }));
  });
});

describe('rankCandidates', () => {
  const tied = (id: string, referredOn: string): MatchableCandidate => ({ ...candidate, id, referredOn });

  it('given candidates with equal scores, when ranked, then the one waiting longer comes first, then the smaller id', () => {
    const onlySkills = { skills: 1, wishes: 0, distance: 0, waiting: 0 };
    const ranking = rankCandidates(
      position,
      [
        tied('c', '2025-06-01'),
        tied('b', '2024-01-01'),
        tied('a', '2025-06-01'),
        { ...tied('d', '2026-01-01'), skills: ['cooking', 'haccp', 'first_aid'] },
      ],
      onlySkills,
      TODAY,
    );
    expect(ranking.ranked.map((r) => [r.candidateId, r.score])).toEqual([
      ['d', 1],
      ['b', 0.5],
      ['a', 0.5],
      ['c', 0.5],
    ]);
  });

  it('given a mix of eligible and excluded candidates, when ranked with includeExcluded, then the excluded come explained, nearest misses first, and each failed filter is counted', () => {
    const candidates = [
      candidate,
      { ...candidate, id: 'far-and-paused', status: 'paused' as const, home: kmNorth(30) },
      { ...candidate, id: 'far', home: kmNorth(30) },
      { ...candidate, id: 'no-french', languages: [] },
    ];
    const ranking = rankCandidates(position, candidates, weights, TODAY, { includeExcluded: true });
    expect(ranking.ranked.map((r) => r.candidateId)).toEqual(['cand-1']);
    expect(ranking.excluded.map((r) => r.candidateId)).toEqual(['far', 'no-french', 'far-and-paused']);
    expect(ranking.excludedCountByFilter).toEqual({
      available: 1,
      work_ready: 0,
      languages: 1,
      driving_licence: 0,
      schedule: 0,
      health: 0,
      travel: 2,
      criminal_record: 0,
      required_skills: 0,
    });
    expect(rankCandidates(position, candidates, weights, TODAY).excluded).toEqual([]);
  });

  it('given a limit, when ranked, then only the best come back, and a limit of 0 or a bad limit behave', () => {
    const many = ['2025-01-01', '2024-01-01', '2023-01-01', '2025-06-01'].map((d, i) =>
      tied(`c${String(i)}`, d),
    );
    expect(
      rankCandidates(position, many, weights, TODAY, { limit: 2 }).ranked.map((r) => r.candidateId),
    ).toEqual(['c2', 'c1']);
    expect(rankCandidates(position, many, weights, TODAY, { limit: 0 }).ranked).toEqual([]);
    expect(() => rankCandidates(position, many, weights, TODAY, { limit: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_LIMIT', field: 'limit' }),
    );
  });

  it('given no candidates, when ranked, then nothing is ranked and nothing counted', () => {
    const ranking = rankCandidates(position, [], weights, TODAY, { includeExcluded: true });
    expect(ranking.ranked).toEqual([]);
    expect(Object.values(ranking.excludedCountByFilter).every((n) => n === 0)).toBe(true);
  });
});

describe('rankPositions', () => {
  it('given several positions, when ranked for one candidate, then eligible positions come by score then id, with the excluded counted', () => {
    const near = { ...position, id: 'near' };
    const farther = { ...position, id: 'farther', site: kmNorth(5) };
    const twin = { ...position, id: 'a-twin' };
    const dutch = { ...position, id: 'dutch', minLanguages: [{ code: 'nl', level: 'B1' as const }] };
    const ranking = rankPositions(candidate, [farther, dutch, near, twin], weights, TODAY, {
      includeExcluded: true,
    });
    expect(ranking.ranked.map((r) => r.positionId)).toEqual(['a-twin', 'near', 'farther']);
    expect(ranking.ranked.every((r) => r.candidateId === 'cand-1')).toBe(true);
    expect(ranking.excluded.map((r) => r.positionId)).toEqual(['dutch']);
    expect(ranking.excludedCountByFilter.languages).toBe(1);
    expect(
      rankPositions(candidate, [farther, dutch, near, twin], weights, TODAY, { limit: 1 }).ranked.map(
        (r) => r.positionId,
      ),
    ).toEqual(['a-twin']);
  });
});
