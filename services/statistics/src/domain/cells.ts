/** A group a figure is broken down by: a host employer or a sector (never a person, never a user). */
export interface Group {
  readonly kind: 'host' | 'sector';
  readonly key: string;
  readonly label: string;
}

/** How a figure is computed; a median or a rate says how many cases it rests on (`n`). */
export type CellKind = 'count' | 'median_days' | 'rate_per_100';

/** One figure before suppression. */
export interface RawCell {
  /** A month (`YYYY-MM`) or the whole period asked (`YYYY-MM..YYYY-MM`) for host and sector figures. */
  readonly period: string;
  readonly group: Group | null;
  readonly indicator: string;
  /** `name=value` of the breakdown (`outcome=not_conclusive`), or null. */
  readonly breakdown: string | null;
  readonly kind: CellKind;
  readonly value: number | null;
  /** How many cases the figure rests on: the count itself, the cases of a median, a rate's numerator. */
  readonly n: number;
  /** A rate's denominator. */
  readonly denominator?: number;
}

/** A published figure: the number, `suppressed` (too few cases to show without pointing at someone) or null (no case). */
export type CellValue = number | 'suppressed' | null;

/** One figure as published. */
export interface Cell {
  readonly period: string;
  readonly group: Group | null;
  readonly indicator: string;
  readonly breakdown: string | null;
  readonly kind: CellKind;
  readonly value: CellValue;
}

const small = (count: number, threshold: number) => count > 0 && count < threshold;

/**
 * Small-count suppression. A count from 1 to `threshold - 1` is published as `suppressed`; 0 is
 * shown (it says nothing about anyone). A median resting on fewer than `threshold` cases is
 * suppressed (a median of two durations is one person's). A rate is suppressed when its
 * numerator or denominator is a small count (one accident at a host with three workers).
 */
export const suppress = (cells: readonly RawCell[], threshold: number): Cell[] =>
  cells.map(({ n, denominator, value, ...cell }) => {
    switch (cell.kind) {
      case 'count':
        return { ...cell, value: small(n, threshold) ? 'suppressed' : value };
      case 'median_days':
        return { ...cell, value: n === 0 ? null : n < threshold ? 'suppressed' : value };
      case 'rate_per_100': {
        const d = denominator ?? 0;
        if (d === 0) return { ...cell, value: null };
        return { ...cell, value: small(n, threshold) || small(d, threshold) ? 'suppressed' : value };
      }
      default: {
        const never: never = cell.kind;
        return never;
      }
    }
  });
