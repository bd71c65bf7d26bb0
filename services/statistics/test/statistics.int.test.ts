import {
  authHeaders,
  produceEvents,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StatisticsConfig } from '../src/config.ts';
import { statisticsService } from '../src/service.ts';
import { PlacementOutcomeRecordedV1, TOPICS, topicName } from '@relais/contracts';
import { v7 as uuidv7 } from 'uuid';
import { event, hostOf, placementStory } from './events.ts';

const cpasA = '0190a000-0000-7000-8000-0000000051a1';
const cpasB = '0190a000-0000-7000-8000-0000000051b1';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let stats: TestService<StatisticsConfig>;

interface Cell {
  period: string;
  group: { kind: string; key: string; label: string } | null;
  indicator: string;
  breakdown: string | null;
  value: number | 'suppressed' | null;
}
interface Statistics {
  cells: Cell[];
  suppressionThreshold: number;
}

const officerOf = (tenantId: string) => ({ tenantId, roles: 'placement_officer' as const });
const get = async (url: string, user: Parameters<typeof authHeaders>[0]) =>
  stats.service.app.inject({ method: 'GET', url, headers: await authHeaders(user) });
const figures = async (tenantId: string) =>
  (await get('/statistics?from=2026-01&to=2026-06', officerOf(tenantId))).json<Statistics>();
const cell = (s: Statistics, indicator: string, breakdown: string | null, period: string) =>
  s.cells.find(
    (c) => c.indicator === indicator && c.breakdown === breakdown && c.period === period && !c.group,
  )?.value;

const operator = { tenantId: cpasA, roles: 'platform_operator' as const };
interface GenerationItem {
  generation: number;
  status: string;
  factsCarriedOver: number;
  carriedOverBefore: string | null;
}
/** Asks for a rebuild as the platform operator. */
const askRebuild = async (reason: string) =>
  stats.service.app.inject({
    method: 'POST',
    url: '/read-model/rebuilds',
    headers: await authHeaders(operator),
    payload: { reason },
  });
/** Waits until `generation` is the active one. */
const activeGeneration = (generation: number, what: string) =>
  waitFor(
    async () =>
      (await get('/read-model/generations', operator))
        .json<{ items: GenerationItem[] }>()
        .items.find((g) => g.generation === generation && g.status === 'active'),
    { timeoutMs: 60000, what },
  );

const hostA = hostOf(cpasA);
const hostB = hostOf(cpasB, 'Commune de Demostad', 'administration');
const storiesA = [
  // The first one with what income-continuity tells of the income and of an aid request (the case on a date).
  ...Array.from({ length: 6 }, (_, i) =>
    placementStory(cpasA, hostA.hostEmployerId, 'not_conclusive', { accident: true, coverage: i === 0 }),
  ),
  ...Array.from({ length: 2 }, () => placementStory(cpasA, hostA.hostEmployerId, 'ended_early')),
  ...Array.from({ length: 5 }, () => placementStory(cpasA, hostA.hostEmployerId, 'conclusive')),
];
const storiesB = Array.from({ length: 7 }, () => placementStory(cpasB, hostB.hostEmployerId, 'conclusive'));
// The situation three months after the end, for five of CPAS A's ended trials (issue 11's outcome checks).
const outcomesA = storiesA.slice(0, 5).map((story) =>
  event(PlacementOutcomeRecordedV1, cpasA, '2026-07-15T10:00:00Z', {
    outcomeId: uuidv7(),
    checkId: uuidv7(),
    personId: story.personId,
    placementId: story.placementId,
    monthsAfterEnd: 3,
    lastWorkedDay: '2026-04-10',
    endReason: 'trial_not_conclusive',
    dueOn: '2026-07-10',
    observedOn: '2026-07-15',
    situation: 'employed',
    detailCode: 'fixed_term_contract',
    correctsOutcomeId: null,
    correctionReason: null,
  }),
);
const eventCount = 2 + outcomesA.length + [...storiesA, ...storiesB].reduce((n, s) => n + s.events.length, 0);

describe('statistics: events in, figures out, per CPAS', () => {
  beforeAll(async () => {
    stats = await startTestService(statisticsService, infra);
    await produceEvents(kafka, stats.prefix, [hostA.registered, hostB.registered, ...outcomesA]);
    for (const story of [...storiesA, ...storiesB])
      await produceEvents(kafka, stats.prefix, story.events, story.personId);
    await waitFor(
      async () => {
        const { rows } = await stats.db.query<{ n: number }>('SELECT count(*)::int AS n FROM facts');
        return rows[0]?.n === eventCount;
      },
      { timeoutMs: 60000, what: 'every event in the read model' },
    );
  }, 120000);
  afterAll(async () => {
    await stats.close();
  });

  it('counts placements, trial outcomes side by side, reopenings with no uncovered day, and suppresses small counts', async () => {
    const s = await figures(cpasA);
    expect(s.suppressionThreshold).toBe(5);
    expect(cell(s, 'placements_started', null, '2026-03')).toBe(13);
    expect(cell(s, 'trials_ended', 'outcome=not_conclusive', '2026-04')).toBe(6);
    expect(cell(s, 'trials_ended', 'outcome=conclusive', '2026-04')).toBe(5);
    expect(cell(s, 'trials_ended', 'outcome=ended_early', '2026-04')).toBe('suppressed');
    expect(cell(s, 'income_reopenings', null, '2026-04')).toBe(8);
    expect(cell(s, 'income_reopenings_with_uncovered_days', null, '2026-04')).toBe(0);
    expect(cell(s, 'days_last_worked_day_to_income_reopening', null, '2026-04')).toBe(1);
    expect(cell(s, 'days_to_committee_decision', 'subject=income_reopening', '2026-04')).toBe(10);
    expect(cell(s, 'jobs_lost_to_delays', null, '2026-03')).toBeUndefined();
    // Chosen by the host on 16 February, started on 2 March.
    expect(cell(s, 'days_host_choice_to_contract_start', null, '2026-03')).toBe(14);
    expect(cell(s, 'host_choices', null, '2026-02')).toBe(13);
    const accidentsAtHost = s.cells.find((c) => c.group?.kind === 'host' && c.indicator === 'work_accidents');
    expect(accidentsAtHost).toMatchObject({ group: { label: 'Asbl Les Jardins' }, value: 6 });
    expect(cell(s, 'placement_outcomes_after', 'months=3;situation=employed', '2026-04')).toBe(5);
    expect(JSON.stringify(s)).not.toMatch(/fail|success/i);
    expect(JSON.stringify(s)).not.toContain('fixed_term_contract');
  });

  it('never shows one CPAS the other’s figures', async () => {
    const b = await figures(cpasB);
    expect(cell(b, 'placements_started', null, '2026-03')).toBe(7);
    expect(cell(b, 'trials_ended', 'outcome=not_conclusive', '2026-04')).toBeUndefined();
    expect(JSON.stringify(b)).not.toContain(hostA.hostEmployerId);
    expect(JSON.stringify(await figures(cpasA))).not.toContain(hostB.hostEmployerId);
  });

  it('exports the figures as CSV with suppressed cells as `suppressed`, never the number', async () => {
    const res = await get('/statistics/export.csv?from=2026-01&to=2026-06', officerOf(cpasA));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('statistiques-2026-01-2026-06.csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('period,group_kind,group,indicator,breakdown,kind,value');
    expect(lines).toContain('2026-03,cpas,,placements_started,,count,13');
    expect(lines).toContain('2026-04,cpas,,trials_ended,outcome=ended_early,count,suppressed');
    expect(res.body).not.toContain(',2\n');
  });

  it('keeps no free text about the person (the officer’s analysis stays in trial-period)', async () => {
    const { rows } = await stats.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM facts WHERE data::text LIKE '%Texte libre%'",
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('rebuilds the read model from the earliest offsets into a new generation, with the same figures', async () => {
    const before = await figures(cpasA);
    const beforeB = await figures(cpasB);
    const started = await askRebuild('vérifier que les chiffres viennent des événements');
    expect(started.statusCode).toBe(202);
    const { generation } = started.json<{ generation: number }>();
    expect(generation).toBe(2);
    const again = await askRebuild('une deuxième fois');
    expect([202, 409]).toContain(again.statusCode);
    await activeGeneration(generation, 'the rebuilt generation active');
    // The old generation's rows go once the new one is active.
    await waitFor(
      async () => {
        const { rows } = await stats.db.query<{ generation: number; n: number }>(
          'SELECT generation, count(*)::int AS n FROM facts GROUP BY generation',
        );
        return rows.length === 1 && rows[0]?.generation === generation && rows[0].n === eventCount;
      },
      { timeoutMs: 30000, what: 'every event in the new generation only' },
    );
    expect(await figures(cpasA)).toEqual(before);
    expect(await figures(cpasB)).toEqual(beforeB);
  }, 90000);

  it('misses no event produced while a rebuild runs: the live consumer feeds the generation being built', async () => {
    const late = placementStory(cpasA, hostA.hostEmployerId, 'conclusive');
    const started = await askRebuild('reconstruction pendant que les événements arrivent');
    expect(started.statusCode).toBe(202);
    const { generation } = started.json<{ generation: number }>();
    await produceEvents(kafka, stats.prefix, late.events, late.personId);
    await activeGeneration(generation, 'the second rebuild active');
    await waitFor(
      async () => {
        const { rows } = await stats.db.query<{ generation: number; n: number }>(
          'SELECT generation, count(*)::int AS n FROM facts GROUP BY generation',
        );
        return (
          rows.length === 1 &&
          rows[0]?.generation === generation &&
          rows[0].n === eventCount + late.events.length
        );
      },
      { timeoutMs: 30000, what: 'every event, the late ones too, in the new generation only' },
    );
    expect(cell(await figures(cpasA), 'placements_started', null, '2026-03')).toBe(14);
  }, 90000);

  it('shows a person’s case as it stood on a date, from the events', async () => {
    const story = storiesA[0];
    if (!story) throw new Error('no story');
    const worker = { tenantId: cpasA, roles: 'social_worker' as const };
    interface Case {
      placements: {
        placementId: string;
        trial: { outcome: string };
        incomeReopening: { effectiveFrom: string } | null;
      }[];
      hostChoices: { chosenOn: string }[];
      coverage: { kind: string; from: string }[];
      aidRequests: { kind: string; atRiskFrom: string | null; closedOn: string | null }[];
      committeeDecisions: { subjectKind: string }[];
      entries: unknown[];
    }
    const during = (
      await get(`/persons/${story.personId}/case-on-date?date=2026-03-03`, worker)
    ).json<Case>();
    expect(during.placements).toMatchObject([
      { placementId: story.placementId, trial: { outcome: 'running' }, incomeReopening: null },
    ]);
    expect(during.hostChoices).toEqual([
      { chosenOn: '2026-02-16', hostEmployerId: hostA.hostEmployerId, hostDeadline: '2026-03-15' },
    ]);
    expect(during.coverage).toEqual([
      { kind: 'income_suspended', from: '2026-03-02', to: null, reasonCode: null },
    ]);
    // The rental guarantee was at risk from the contract start and not yet closed on 3 March.
    expect(during.aidRequests).toMatchObject([
      { kind: 'rental_guarantee', atRiskFrom: '2026-03-02', closedOn: null },
    ]);
    const after = (await get(`/persons/${story.personId}/case-on-date?date=2026-05-01`, worker)).json<Case>();
    expect(after.placements[0]).toMatchObject({
      trial: { outcome: 'not_conclusive' },
      incomeReopening: { effectiveFrom: '2026-04-11' },
    });
    expect(after.aidRequests[0]?.closedOn).toBe('2026-03-05');
    expect(after.coverage.map((c) => c.kind)).toEqual([
      'income_suspended',
      'income_reopened',
      'reopening_confirmed',
    ]);
    expect(after.committeeDecisions.map((d) => d.subjectKind)).toEqual([
      'engagement_proposal',
      'income_reopening',
    ]);
    // The other CPAS reads an empty case, as for a person nobody has.
    const fromB = (
      await get(`/persons/${story.personId}/case-on-date?date=2026-05-01`, {
        tenantId: cpasB,
        roles: 'social_worker',
      })
    ).json<Case>();
    expect(fromB).toMatchObject({ placements: [], coverage: [], aidRequests: [], entries: [] });
    const { rows } = await stats.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE $1 = ANY(person_ids) AND record_type = 'placement_case'",
      [story.personId],
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(2);
  });

  it('rebuilds after the topics’ retention deleted their oldest events: those facts are carried over, not lost', async () => {
    const before = await figures(cpasA);
    const { rows: kept } = await stats.db.query<{ n: number }>('SELECT count(*)::int AS n FROM facts');
    // What retention does to a partition: its start offset moves past the events it deletes.
    const admin = kafka.admin();
    await admin.connect();
    const placementTopic = topicName(TOPICS.placement, stats.prefix);
    try {
      const offsets = await admin.fetchTopicOffsets(placementTopic);
      await admin.deleteTopicRecords({
        topic: placementTopic,
        partitions: offsets.map((p) => ({ partition: p.partition, offset: p.high })),
      });
    } finally {
      await admin.disconnect();
    }
    const started = await askRebuild('reconstruction après la rétention');
    expect(started.statusCode).toBe(202);
    const { generation } = started.json<{ generation: number }>();
    const built = await activeGeneration(generation, 'the generation rebuilt after retention active');
    // Every placement event (hosts, choices, proposals, starts) came from the old generation.
    expect(built.factsCarriedOver).toBeGreaterThanOrEqual(2 + 3 * (storiesA.length + storiesB.length));
    expect(built.carriedOverBefore).not.toBeNull();
    const { rows: now } = await stats.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM facts WHERE generation = $1',
      [generation],
    );
    expect(now[0]?.n).toBe(kept[0]?.n);
    expect(await figures(cpasA)).toEqual(before);
  }, 90000);
});
