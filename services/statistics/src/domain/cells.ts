/** A group a figure is broken down by: a host employer or a sector (never a person, never a user). */
export interface Group {
  readonly kind: 'host' | 'sector';
  readonly key: string;
  readonly label: string;
  /** A host's sector (the key of its sector group): a host's figures add up to its sector's. */
  readonly sector?: string;
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
 * numerator or denominator is a small count (one accident at a host with three workers). Then
 * {@link protectTotals} hides what a total would give back.
 */
export const suppress = (cells: readonly RawCell[], threshold: number): Cell[] =>
  protectTotals(primary(cells, threshold));

const primary = (cells: readonly RawCell[], threshold: number): Cell[] =>
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

/** Hides the smallest shown cell of `parts` (a non-zero one first); false if none is left to hide. */
const hideAnother = (cells: Cell[], parts: readonly number[]): boolean => {
  const shown = parts
    .filter((i) => typeof cells[i]?.value === 'number')
    .sort((a, b) => {
      const [x, y] = [cells[a]?.value as number, cells[b]?.value as number];
      return Number(x === 0) - Number(y === 0) || x - y;
    });
  const i = shown[0];
  const cell = i === undefined ? undefined : cells[i];
  if (i === undefined || !cell) return false;
  cells[i] = { ...cell, value: 'suppressed' };
  return true;
};

const hidden = (cells: readonly Cell[], parts: readonly number[]) =>
  parts.filter((i) => cells[i]?.value === 'suppressed').length;

/**
 * Complementary suppression: a suppressed count must not be given back by subtraction. The counts
 * of one indicator add up three ways: the hosts of a sector to the sector's figure; the sectors to
 * the CPAS's total for the period; the months to that same total, which is known as soon as all
 * the months or all the sectors are shown. Wherever exactly one part of a known total is hidden,
 * the smallest other part is hidden too (a sector with nothing left to hide is hidden itself), and
 * a hidden sector whose hosts are all shown gets one of them hidden; repeated until nothing
 * changes. Medians and rates add up to nothing and are left as they are.
 */
export const protectTotals = (published: readonly Cell[]): Cell[] => {
  const cells = [...published];
  interface Relation {
    readonly months: number[];
    readonly sectors: Map<string, number>;
    readonly hosts: Map<string, number[]>;
  }
  const relations = new Map<string, Relation>();
  cells.forEach((cell, i) => {
    if (cell.kind !== 'count') return;
    const key = JSON.stringify([cell.indicator, cell.breakdown]);
    const r: Relation = relations.get(key) ?? { months: [], sectors: new Map(), hosts: new Map() };
    relations.set(key, r);
    if (!cell.group) {
      if (!cell.period.includes('..')) r.months.push(i);
    } else if (cell.group.kind === 'sector') r.sectors.set(cell.group.key, i);
    else {
      const sector = cell.group.sector ?? 'unknown';
      r.hosts.set(sector, [...(r.hosts.get(sector) ?? []), i]);
    }
  });
  for (let changed = true; changed;) {
    changed = false;
    for (const { months, sectors, hosts } of relations.values()) {
      for (const [sector, i] of sectors) {
        const parts = hosts.get(sector) ?? [];
        const sectorHidden = cells[i]?.value === 'suppressed';
        const hostsHidden = hidden(cells, parts);
        if (!sectorHidden && hostsHidden === 1) {
          if (
            !hideAnother(
              cells,
              parts.filter((p) => cells[p]?.value !== 'suppressed'),
            )
          )
            cells[i] = { ...(cells[i] as Cell), value: 'suppressed' };
          changed = true;
        } else if (sectorHidden && hostsHidden === 0 && hideAnother(cells, parts)) changed = true;
      }
      const sectorParts = [...sectors.values()];
      const totalKnown =
        (months.length > 0 && hidden(cells, months) === 0) ||
        (sectorParts.length > 0 && hidden(cells, sectorParts) === 0);
      if (!totalKnown) continue;
      for (const parts of [months, sectorParts])
        if (hidden(cells, parts) === 1 && hideAnother(cells, parts)) changed = true;
    }
  }
  return cells;
};
