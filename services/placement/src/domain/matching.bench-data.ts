/**
 * Deterministic synthetic candidates and positions around Brussels, for the matching benchmark
 * (issue 10) and for tests that need many candidates. Same seed, same data, on every machine.
 * Not real people: no name, no NISS. The proportions are guesses meant to exercise every
 * filter, not statistics of any CPAS.
 */
import {
  PHYSICAL_DEMANDS,
  WEEKDAYS,
  type CandidateStatus,
  type LanguageLevel,
  type MatchableCandidate,
  type MatchablePosition,
  type TimeWindow,
  type Weekday,
  type WorkReadiness,
} from './model.ts';

/** The day the synthetic data is "seen" from (referrals fall in the three years before). */
export const SYNTHETIC_TODAY = '2026-03-02';

/** mulberry32: a tiny, fast, seeded PRNG (uniform in [0, 1)). */
const prng = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

type Random = ReturnType<typeof prng>;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const some = <T>(random: Random, items: readonly T[], max: number): T[] => {
  const count = Math.floor(random() * (max + 1));
  return [...new Set(Array.from({ length: count }, () => pick(random, items)))];
};

/** Weighted choice: `[value, weight][]`. */
const weighted = <T>(random: Random, choices: readonly (readonly [T, number])[]): T => {
  let r = random() * choices.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of choices) if ((r -= w) < 0) return value;
  return (choices[choices.length - 1] as readonly [T, number])[0];
};

const SKILLS = [
  'cleaning',
  'maintenance',
  'gardening',
  'cooking',
  'dishwashing',
  'reception',
  'filing',
  'data_entry',
  'forklift',
  'stock_management',
  'childcare',
  'elderly_care',
  'painting',
  'plumbing_basics',
  'electricity_basics',
  'sewing',
  'sales',
  'cash_register',
  'driving_van',
  'first_aid',
  'haccp',
  'ironing',
  'laundry',
  'moving',
];
const SECTORS = [
  'cleaning',
  'horeca',
  'care',
  'green_spaces',
  'logistics',
  'administration',
  'retail',
  'building',
];
const JOBS = [
  'commis de cuisine',
  'aide cuisine',
  'technicien de surface',
  'ouvrier polyvalent',
  'jardinier',
  'magasinier',
  'réceptionniste',
  'employé administratif',
  'aide-soignant',
  'puériculteur',
  'vendeur',
  'chauffeur livreur',
  'schoonmaker',
  'keukenhulp',
  'magazijnier',
];
const TITLES = [
  'Commis de cuisine',
  'Technicien de surface',
  'Ouvrier polyvalent — espaces verts',
  'Magasinier',
  'Employé administratif',
  'Aide-soignant en maison de repos',
  'Vendeur en magasin de seconde main',
  'Keukenhulp',
];
const LANGUAGES = ['fr', 'nl', 'en', 'ar', 'es', 'tr', 'ro', 'pt'];
const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
const SHIFTS: readonly (readonly [string, string])[] = [
  ['08:00', '16:00'],
  ['07:00', '15:00'],
  ['09:00', '17:00'],
  ['08:30', '12:30'],
  ['13:00', '19:00'],
];
const WINDOWS: readonly (readonly [string, string])[] = [
  ['07:00', '19:00'],
  ['08:00', '16:00'],
  ['09:00', '15:00'],
  ['08:00', '12:30'],
  ['06:00', '22:00'],
];
const WORKING_WEEK: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Brussels-Capital Region, roughly: 50.85 N, 4.35 E, ± 10 km. */
const aroundBrussels = (random: Random, spread = 1) => ({
  lat: 50.8467 + (random() - 0.5) * 0.18 * spread,
  lon: 4.3525 + (random() - 0.5) * 0.28 * spread,
});

const languagesOf = (random: Random): LanguageLevel[] => {
  const codes = [
    weighted(random, [
      ['fr', 7],
      ['nl', 2],
      ['ar', 1],
    ] as const),
    ...some(random, LANGUAGES, 2),
  ];
  return [...new Set(codes)].map((code) => ({ code, level: pick(random, LEVELS) }));
};

const windowsOf = (random: Random): TimeWindow[] => {
  if (random() < 0.5) return [];
  const [from, to] = pick(random, WINDOWS);
  const days = random() < 0.7 ? WORKING_WEEK : some(random, WEEKDAYS, 6);
  return days.map((day) => ({ day, from, to }));
};

const candidateOf = (random: Random, seed: number, i: number): MatchableCandidate => ({
  id: `cand-${String(seed)}-${String(i).padStart(7, '0')}`,
  status: weighted<CandidateStatus>(random, [
    ['available', 70],
    ['in_preparation', 10],
    ['shortlisted', 5],
    ['placed', 8],
    ['paused', 4],
    ['referred', 3],
  ]),
  workReadiness: weighted<WorkReadiness>(random, [
    ['ready', 55],
    ['ready_with_support', 35],
    ['not_ready', 10],
  ]),
  languages: languagesOf(random),
  skills: some(random, SKILLS, 6),
  drivingLicence: random() < 0.35,
  timeWindows: windowsOf(random),
  daysUnavailable: random() < 0.2 ? some(random, WEEKDAYS, 2) : [],
  home: aroundBrussels(random, 1.4),
  maxTravelKm: pick(random, [5, 8, 10, 15, 20, 30]),
  healthRestrictions: random() < 0.15 ? some(random, PHYSICAL_DEMANDS, 2) : [],
  hasCriminalRecord: random() < 0.1,
  wishedSectors: some(random, SECTORS, 2),
  wishedJobs: some(random, JOBS, 2),
  referredOn: new Date(Date.UTC(2023, 2, 2 + Math.floor(random() * 1095))).toISOString().slice(0, 10),
});

/** `n` synthetic candidates; the same (n, seed) always gives the same candidates. */
export const syntheticCandidates = (n: number, seed: number): MatchableCandidate[] => {
  const random = prng(seed);
  return Array.from({ length: n }, (_, i) => candidateOf(random, seed, i));
};

/** A synthetic open position around Brussels; the same seed always gives the same position. */
export const syntheticPosition = (seed: number): MatchablePosition => {
  const random = prng(seed ^ 0x5eed);
  const [from, to] = pick(random, SHIFTS);
  return {
    id: `pos-${String(seed)}`,
    sector: pick(random, SECTORS),
    title: pick(random, TITLES),
    requiredSkills: some(random, SKILLS, 1),
    desiredSkills: some(random, SKILLS, 4),
    minLanguages: [{ code: 'fr', level: pick(random, ['A1', 'A2', 'B1'] as const) }],
    schedule: { days: random() < 0.8 ? WORKING_WEEK : some(random, WEEKDAYS, 5), from, to },
    physicalDemands: some(random, PHYSICAL_DEMANDS, 2),
    drivingLicenceRequired: random() < 0.15,
    criminalRecordAcceptable: random() < 0.7,
    site: aroundBrussels(random),
  };
};
