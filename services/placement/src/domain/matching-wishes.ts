/**
 * The "wishes" factor of matching: does the post match what the person said they want to do?
 *
 * Kept simple and explainable:
 * - 1    the post's sector is one of the wished sectors, or a wished job matches the title
 *        (every word of the wished job is a word of the title: "commis de cuisine" matches
 *        "Commis de cuisine (m/f/x)");
 * - 0.5  a wished job matches the title partly (a word of 4 letters or more in common: "aide
 *        cuisine" ↔ "commis de cuisine"), or the person expressed no wish at all: someone who
 *        could not yet say what they want is neither rewarded nor pushed down;
 * - 0    wishes were expressed and none matches.
 * Comparison ignores case and accents (fr/nl titles: "Aide-ménagère" = "aide menagere") and
 * words under 3 letters ("de", "la", "en"), so a wish never matches on a little word alone.
 */
import type { MatchableCandidate, MatchablePosition } from './model.ts';

/** Value of a full match, a partial match, and of having expressed no wish. */
const WISH_MATCH = 1;
const WISH_PARTIAL = 0.5;
const WISH_NONE_EXPRESSED = 0.5;

const WORD_MIN_LETTERS = 3;
const PARTIAL_MIN_LETTERS = 4;

/** A position's sector and title, folded once; wish matches memoised per distinct wish text. */
export interface PreparedWishes {
  readonly sector: string;
  readonly title: string;
  readonly sectorKey: string;
  readonly titleWords: ReadonlySet<string>;
  /** Memo only (a pure function of the wish text for this position): wishes repeat across people. */
  readonly sectorMemo: Map<string, boolean>;
  readonly jobMemo: Map<string, number>;
}

const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

const wordsOf = (text: string): string[] =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= WORD_MIN_LETTERS);

/** Folds a position's sector and title once per ranking. */
export const prepareWishes = (position: MatchablePosition): PreparedWishes => ({
  sector: position.sector,
  title: position.title,
  sectorKey: fold(position.sector),
  titleWords: new Set(wordsOf(position.title)),
  sectorMemo: new Map(),
  jobMemo: new Map(),
});

const sectorWished = (pw: PreparedWishes, sector: string): boolean => {
  let wished = pw.sectorMemo.get(sector);
  if (wished === undefined) {
    wished = fold(sector) === pw.sectorKey;
    pw.sectorMemo.set(sector, wished);
  }
  return wished;
};

const jobMatch = (pw: PreparedWishes, job: string): number => {
  let match = pw.jobMemo.get(job);
  if (match === undefined) {
    const words = wordsOf(job);
    match =
      words.length > 0 && words.every((w) => pw.titleWords.has(w))
        ? WISH_MATCH
        : words.some((w) => w.length >= PARTIAL_MIN_LETTERS && pw.titleWords.has(w))
          ? WISH_PARTIAL
          : 0;
    pw.jobMemo.set(job, match);
  }
  return match;
};

/** The wishes factor in [0, 1] (see the module comment). */
export const wishValue = (pw: PreparedWishes, c: MatchableCandidate): number => {
  if (c.wishedSectors.length === 0 && c.wishedJobs.length === 0) return WISH_NONE_EXPRESSED;
  for (const sector of c.wishedSectors) if (sectorWished(pw, sector)) return WISH_MATCH;
  let best = 0;
  for (const job of c.wishedJobs) {
    const match = jobMatch(pw, job);
    if (match === WISH_MATCH) return WISH_MATCH;
    if (match > best) best = match;
  }
  return best;
};

/** Why the wishes factor has its value, in a sentence an officer can read. */
export const wishDetail = (pw: PreparedWishes, c: MatchableCandidate): string => {
  if (c.wishedSectors.length === 0 && c.wishedJobs.length === 0) return 'no wish expressed (neutral)';
  const sector = c.wishedSectors.find((s) => sectorWished(pw, s));
  if (sector !== undefined) return `sector ${pw.sector} is wished`;
  const full = c.wishedJobs.find((j) => jobMatch(pw, j) === WISH_MATCH);
  if (full !== undefined) return `wished job “${full}” matches the title`;
  const partial = c.wishedJobs.find((j) => jobMatch(pw, j) === WISH_PARTIAL);
  if (partial !== undefined) return `wished job “${partial}” partly matches the title`;
  return `no wish matches the sector ${pw.sector} or the title “${pw.title}”`;
};
