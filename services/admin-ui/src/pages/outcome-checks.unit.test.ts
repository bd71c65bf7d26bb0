import {
  OUTCOME_DETAIL_CODES,
  outcomeCorrectionReason,
  outcomeSituation,
  placementEndReason,
} from '@relais/contracts';
import { describe, expect, it } from 'vitest';
import { createTranslations, LOCALES } from './i18n.ts';
import {
  byUrgency,
  CORRECTION_REASONS,
  DETAIL_CODES,
  SITUATIONS,
  type OutcomeCheck,
} from './outcome-checks.ts';

const check = (id: string, standing: OutcomeCheck['standing'], dueOn: string): OutcomeCheck => ({
  id,
  personId: 'p',
  placementId: 'x',
  monthsAfterEnd: 3,
  lastWorkedDay: '2026-01-31',
  endReason: 'completed',
  dueOn,
  standing,
  currentOutcomeId: null,
  records: [],
});

describe('the outcome checks’ controlled lists', () => {
  it('given the contracts, then the forms offer exactly their situations, details and correction reasons', () => {
    expect(SITUATIONS).toEqual(outcomeSituation.options);
    expect(DETAIL_CODES).toEqual(OUTCOME_DETAIL_CODES);
    expect(CORRECTION_REASONS).toEqual(outcomeCorrectionReason.options);
  });

  it('given French and Dutch, then every code has its label in each (never the code itself)', () => {
    const keys = [
      ...SITUATIONS.map((s) => `outcomes.situation.${s}`),
      ...Object.values(DETAIL_CODES)
        .flat()
        .map((d) => `outcomes.detail.${d}`),
      ...CORRECTION_REASONS.map((r) => `outcomes.correctionReason.${r}`),
      ...placementEndReason.options.map((r) => `outcomes.endReason.${r}`),
      ...['scheduled', 'due', 'overdue', 'recorded'].map((s) => `outcomes.standing.${s}`),
    ];
    for (const locale of LOCALES) {
      const t = createTranslations()(locale);
      for (const key of keys) expect(t(key), `${locale} ${key}`).not.toBe(key);
    }
  });

  it('given checks, then the overdue come first, then the due, each the oldest first', () => {
    const ordered = byUrgency([
      check('due-late', 'due', '2026-11-20'),
      check('scheduled', 'scheduled', '2026-12-30'),
      check('overdue', 'overdue', '2026-09-01'),
      check('due-early', 'due', '2026-11-01'),
    ]);
    expect(ordered.map((c) => c.id)).toEqual(['overdue', 'due-early', 'due-late', 'scheduled']);
  });
});
