import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.ts';
import { suppress, type RawCell } from './cells.ts';
import type { Fact } from './facts.ts';

let seq = 0;
const fact = (type: string, occurredAt: string, data: Record<string, unknown>): Fact => ({
  eventId: `00000000-0000-7000-8000-${String((seq += 1)).padStart(12, '0')}`,
  type,
  version: 1,
  occurredAt,
  personId: typeof data.personId === 'string' ? data.personId : null,
  data,
});

const host = 'host-a';
/** A placement started in March, whose trial ended not conclusive in April, income reopened the next day. */
const story = (n: number, outcome: 'not_conclusive' | 'ended_early' | 'conclusive'): Fact[] => {
  const personId = `person-${String(n)}`;
  const placementId = `placement-${String(n)}`;
  const trialPeriodId = `trial-${String(n)}`;
  const facts = [
    fact('EngagementProposed', '2026-02-20T09:00:00Z', {
      proposalId: `proposal-${String(n)}`,
      personId,
      hostEmployerId: host,
      startDate: '2026-03-02',
      hostDeadline: '2026-03-01',
    }),
    fact('PlacementStarted', '2026-03-02T06:00:00Z', {
      placementId,
      personId,
      hostEmployerId: host,
      startDate: '2026-03-02',
    }),
  ];
  if (outcome === 'conclusive')
    return [
      ...facts,
      fact('TrialPassed', '2026-04-10T10:00:00Z', {
        trialPeriodId,
        placementId,
        personId,
        decidedOn: '2026-04-10',
      }),
    ];
  return [
    ...facts,
    fact('TrialEnded', '2026-04-10T10:00:00Z', {
      trialPeriodId,
      placementId,
      personId,
      outcome,
      lastWorkedDay: '2026-04-10',
      reasonCode: 'transport',
      initiatedBy: 'worker',
    }),
    fact('IncomeReopened', '2026-04-10T10:00:01Z', {
      reopeningId: `reopening-${String(n)}`,
      personId,
      placementId,
      trialPeriodId,
      effectiveFrom: '2026-04-11',
    }),
  ];
};

const range = { from: '2026-01', to: '2026-06', asOf: '2026-07-01' };
const find = (cells: readonly RawCell[], indicator: string, breakdown: string | null, period: string) =>
  cells.find(
    (c) => c.indicator === indicator && c.breakdown === breakdown && c.period === period && !c.group,
  );

describe('aggregate: the figures of one CPAS', () => {
  const facts = [
    fact('HostEmployerRegistered', '2026-01-05T09:00:00Z', {
      hostEmployerId: host,
      name: 'Asbl Exemple',
      sector: 'cleaning',
    }),
    ...[1, 2, 3, 4, 5, 6].flatMap((n) => story(n, 'not_conclusive')),
    ...[7, 8].flatMap((n) => story(n, 'ended_early')),
    ...[9, 10, 11, 12, 13].flatMap((n) => story(n, 'conclusive')),
  ];
  const cells = aggregate(facts, range);

  it('counts placements started per month', () => {
    expect(find(cells, 'placements_started', null, '2026-03')?.value).toBe(13);
    expect(find(cells, 'placements_started', null, '2026-02')?.value).toBe(0);
  });

  it('given trials not conclusive, when aggregated, then they are their own situation and never a failure', () => {
    expect(find(cells, 'trials_ended', 'outcome=not_conclusive', '2026-04')?.value).toBe(6);
    expect(find(cells, 'trials_ended', 'outcome=ended_early', '2026-04')?.value).toBe(2);
    expect(find(cells, 'trials_ended', 'outcome=conclusive', '2026-04')?.value).toBe(5);
    // Words and structure: no indicator or breakdown speaks of failure or success, no rate divides them.
    const words = cells.map((c) => `${c.indicator} ${c.breakdown ?? ''}`).join('\n');
    expect(words).not.toMatch(/fail|success|échec|réussite/i);
    expect(cells.filter((c) => c.indicator.startsWith('trials') && c.kind !== 'count')).toEqual([]);
  });

  it('measures the days from the last worked day to the reopening: no uncovered day', () => {
    expect(find(cells, 'income_reopenings', null, '2026-04')?.value).toBe(8);
    expect(find(cells, 'days_last_worked_day_to_income_reopening', null, '2026-04')).toMatchObject({
      value: 1,
      n: 8,
    });
    expect(find(cells, 'income_reopenings_with_uncovered_days', null, '2026-04')?.value).toBe(0);
  });

  it('counts a proposal decided after the host deadline as a job lost to delays, and the days to the contract start', () => {
    expect(find(cells, 'jobs_lost_to_delays', null, '2026-03')?.value).toBe(13);
    expect(find(cells, 'days_proposal_to_contract_start', null, '2026-03')).toMatchObject({
      value: 10,
      n: 13,
    });
  });

  it('measures the days from the host’s choice to the contract start, and counts a choice never proposed by the deadline as a job lost', () => {
    const choice = (n: number, chosenOn: string, hostDeadline: string | null) =>
      fact('HostChoiceRecorded', `${chosenOn}T10:00:00Z`, {
        shortlistId: `shortlist-${String(n)}`,
        personId: `person-${String(n)}`,
        hostEmployerId: host,
        chosenOn,
        hostDeadline,
      });
    const withChoices = aggregate(
      [
        ...facts,
        ...[1, 2, 3, 4, 5].map((n) => choice(n, '2026-02-10', '2026-03-01')),
        // Chosen, never put to the committee: lost once the deadline has passed, not before.
        choice(30, '2026-05-04', '2026-05-20'),
        choice(31, '2026-06-20', '2026-06-30'),
      ],
      range,
    );
    expect(find(withChoices, 'days_host_choice_to_contract_start', null, '2026-03')).toMatchObject({
      value: 20,
      n: 5,
    });
    expect(find(withChoices, 'host_choices', null, '2026-02')?.value).toBe(5);
    expect(find(withChoices, 'jobs_lost_to_delays', null, '2026-05')?.value).toBe(1);
    expect(
      find(
        aggregate([choice(31, '2026-06-20', '2026-06-30')], { ...range, asOf: '2026-06-25' }),
        'jobs_lost_to_delays',
        null,
        '2026-06',
      ),
    ).toBeUndefined();
  });

  it('breaks accidents down per host and per sector, as a rate per 100 placements, never per user', () => {
    const withAccidents = aggregate(
      [
        ...facts,
        ...[1, 2, 3, 4, 5].map((n) =>
          fact('WorkAccidentReported', '2026-03-20T10:00:00Z', {
            accidentId: `accident-${String(n)}`,
            placementId: `placement-${String(n)}`,
            hostEmployerId: host,
            occurredOn: '2026-03-20',
          }),
        ),
      ],
      range,
    );
    const sector = withAccidents.find(
      (c) => c.group?.kind === 'sector' && c.indicator === 'work_accidents_per_100_placements',
    );
    expect(sector).toMatchObject({ group: { key: 'cleaning' }, value: 38.5, n: 5, denominator: 13 });
    expect(
      withAccidents.find((c) => c.group?.kind === 'host' && c.indicator === 'work_accidents'),
    ).toMatchObject({
      group: { label: 'Asbl Exemple' },
      value: 5,
    });
    expect(
      withAccidents
        .map((c) => c.group?.kind ?? 'cpas')
        .filter((k) => !['cpas', 'host', 'sector'].includes(k)),
    ).toEqual([]);
  });

  it('applies a corrected trial outcome instead of the first one', () => {
    const corrected = aggregate(
      [
        ...story(20, 'not_conclusive'),
        fact('TrialOutcomeCorrected', '2026-04-15T10:00:00Z', {
          trialPeriodId: 'trial-20',
          placementId: 'placement-20',
          personId: 'person-20',
          previous: { outcome: 'not_conclusive', lastWorkedDay: '2026-04-10' },
          corrected: {
            outcome: 'ended_early',
            lastWorkedDay: '2026-04-09',
            reasonCode: 'health',
            initiatedBy: 'worker',
          },
        }),
      ],
      range,
    );
    expect(find(corrected, 'trials_ended', 'outcome=ended_early', '2026-04')?.n).toBe(1);
    expect(find(corrected, 'trials_ended', 'outcome=not_conclusive', '2026-04')).toBeUndefined();
  });

  it('counts the situation 3, 6 and 12 months after the placement, by the month it ended, a correction replacing the record', () => {
    const outcome = (n: number, monthsAfterEnd: number, situation: string, checkId = `check-${String(n)}`) =>
      fact('PlacementOutcomeRecorded', '2026-07-15T10:00:00Z', {
        outcomeId: `outcome-${String(n)}`,
        checkId,
        placementId: `placement-${String(n)}`,
        personId: `person-${String(n)}`,
        monthsAfterEnd,
        lastWorkedDay: '2026-04-10',
        endReason: 'trial_not_conclusive',
        observedOn: '2026-07-15',
        situation,
      });
    const outcomes = aggregate(
      [
        ...[1, 2, 3, 4, 5].map((n) => outcome(n, 3, 'employed')),
        outcome(6, 3, 'unknown'),
        { ...outcome(7, 3, 'employed', 'check-6'), occurredAt: '2026-07-20T10:00:00Z' },
      ],
      range,
    );
    expect(find(outcomes, 'placement_outcomes_after', 'months=3;situation=employed', '2026-04')?.value).toBe(
      6,
    );
    expect(
      find(outcomes, 'placement_outcomes_after', 'months=3;situation=unknown', '2026-04'),
    ).toBeUndefined();
  });

  it('gives the same figures whatever order the facts arrive in (topics are read side by side)', () => {
    expect(aggregate([...facts].reverse(), range)).toEqual(cells);
  });
});

describe('suppress: small counts never published', () => {
  const cell = (kind: RawCell['kind'], value: number | null, n: number, denominator?: number): RawCell => ({
    period: '2026-04',
    group: null,
    indicator: 'x',
    breakdown: null,
    kind,
    value,
    n,
    ...(denominator === undefined ? {} : { denominator }),
  });

  it('shows 0 and counts from the threshold, suppresses 1 to threshold - 1', () => {
    const values = suppress(
      [0, 1, 4, 5, 12].map((n) => cell('count', n, n)),
      5,
    ).map((c) => c.value);
    expect(values).toEqual([0, 'suppressed', 'suppressed', 5, 12]);
  });

  it('suppresses a median resting on too few cases, and a rate with a small numerator or denominator', () => {
    expect(suppress([cell('median_days', 3, 2)], 5)[0]?.value).toBe('suppressed');
    expect(suppress([cell('median_days', null, 0)], 5)[0]?.value).toBeNull();
    expect(suppress([cell('median_days', 3, 5)], 5)[0]?.value).toBe(3);
    expect(suppress([cell('rate_per_100', 50, 2, 4)], 5)[0]?.value).toBe('suppressed');
    expect(suppress([cell('rate_per_100', 10, 1, 10)], 5)[0]?.value).toBe('suppressed');
    expect(suppress([cell('rate_per_100', 0, 0, 3)], 5)[0]?.value).toBe('suppressed');
    expect(suppress([cell('rate_per_100', 0, 0, 10)], 5)[0]?.value).toBe(0);
    expect(suppress([cell('rate_per_100', 50, 5, 10)], 5)[0]?.value).toBe(50);
  });
});

describe('suppress: a total never gives a suppressed count back (complementary suppression)', () => {
  const host = (key: string, sector: string) => ({ kind: 'host' as const, key, label: key, sector });
  const sector = (key: string) => ({ kind: 'sector' as const, key, label: key });
  const count = (period: string, group: RawCell['group'], n: number): RawCell => ({
    period,
    group,
    indicator: 'placements_started',
    breakdown: null,
    kind: 'count',
    value: n,
    n,
  });
  const values = (cells: readonly RawCell[]) =>
    suppress(cells, 5).map((c) => `${c.group?.key ?? c.period}=${String(c.value)}`);
  const whole = '2026-03..2026-04';

  it('given one small host in a sector, then another host of that sector is hidden too, not the sector', () => {
    expect(
      values([
        count('2026-03', null, 12),
        count(whole, sector('s'), 12),
        count(whole, host('a', 's'), 2),
        count(whole, host('b', 's'), 10),
      ]),
    ).toEqual(['2026-03=12', 's=12', 'a=suppressed', 'b=suppressed']);
  });

  it('given a small sector beside a large one, then the large one and its host are hidden too (the months give the total)', () => {
    expect(
      values([
        count('2026-03', null, 23),
        count(whole, sector('s1'), 3),
        count(whole, host('a', 's1'), 3),
        count(whole, sector('s2'), 20),
        count(whole, host('b', 's2'), 20),
      ]),
    ).toEqual(['2026-03=23', 's1=suppressed', 'a=suppressed', 's2=suppressed', 'b=suppressed']);
  });

  it('given one small month, when the sectors give the total, then another month is hidden too', () => {
    expect(
      values([
        count('2026-03', null, 2),
        count('2026-04', null, 10),
        count(whole, sector('s'), 12),
        count(whole, host('a', 's'), 12),
      ]),
    ).toEqual(['2026-03=suppressed', '2026-04=suppressed', 's=12', 'a=12']);
  });

  it('given a sector with one small host only, then the sector is hidden with it, and nothing else needs to be', () => {
    expect(
      values([count('2026-03', null, 2), count(whole, sector('s'), 2), count(whole, host('a', 's'), 2)]),
    ).toEqual(['2026-03=suppressed', 's=suppressed', 'a=suppressed']);
  });
});
