import {
  OUTCOME_DETAIL_CODES,
  outcomeCorrectionReason,
  outcomeSituation,
  placementEndReason,
} from '@relais/contracts';
import { describe, expect, it } from 'vitest';
// income-continuity's own rule: the pages offer the form from the day it takes a situation.
import { EARLY_RECORDING_DAYS as SERVICE_EARLY_RECORDING_DAYS } from '../../../income-continuity/src/domain/outcomes.ts';
import { createTranslations, LOCALES } from './i18n.ts';
import {
  byUrgency,
  CORRECTION_REASONS,
  DETAIL_CODES,
  EARLY_RECORDING_DAYS,
  recordingOf,
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

  it('given income-continuity, then the pages offer early recording the same number of days before the due day', () => {
    expect(EARLY_RECORDING_DAYS).toBe(SERVICE_EARLY_RECORDING_DAYS);
  });

  it('given a check due on 1 December, then it can be recorded early from 17 November, not before', () => {
    const scheduled = check('c', 'scheduled', '2026-12-01');
    expect(recordingOf(scheduled, '2026-11-16')).toEqual({
      recording: 'later',
      recordableFrom: '2026-11-17',
    });
    expect(recordingOf(scheduled, '2026-11-17').recording).toBe('early');
    expect(recordingOf(scheduled, '2026-11-30').recording).toBe('early');
    expect(recordingOf(check('c', 'due', '2026-12-01'), '2026-12-01').recording).toBe('due');
    expect(recordingOf(check('c', 'overdue', '2026-12-01'), '2027-01-15').recording).toBe('due');
    expect(recordingOf(check('c', 'recorded', '2026-12-01'), '2026-11-20').recording).toBe('recorded');
  });
});
