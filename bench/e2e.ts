// The core chain across service processes: POST a not-conclusive outcome to trial-period →
// outbox → relay → Kafka → income-continuity's inbox → reopening committed.
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildEvent, PlacementStartedV1, topicName, TOPICS } from '@relais/contracts';
import { belgianDay } from '@relais/service-kit';
import { testKafka, tokenFor, waitFor } from '@relais/testing';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { send } from './lib/load.ts';
import { fixed, latency, wallMs, type Latency } from './lib/stats.ts';

/** A running trial, ready to be ended. */
interface Trial {
  readonly personId: string;
  readonly trialId: string;
}

/** Where the chain runs. */
export interface ChainTarget {
  readonly brokers: readonly string[];
  readonly prefix: string;
  readonly tenantId: string;
  readonly trialPeriodUrl: string;
  readonly trialPeriodDb: string;
  readonly incomeContinuityDb: string;
}

/** The e2e figure of one load shape, with where the time went (p50 of each stage since the request). */
/** One outcome of the chain: when it was sent and when each stage was reached, in ms since. */
export interface ChainOutcome {
  readonly sentAt: string;
  readonly totalMs: number;
  readonly stagesMs: Record<string, number>;
}

export interface ChainFigure extends Latency {
  readonly ratePerSec: number | null;
  readonly httpResponse: Latency;
  readonly stagesP50Ms: Record<string, number>;
  /**
   * The slowest outcomes, stage by stage: a p99 far above the p95 is a few of them, and where
   * their time went says which hop stalled (and `sentAt`, when, to match with the logs).
   */
  readonly slowest: readonly ChainOutcome[];
}

/** How many of the slowest outcomes a figure lists. */
const SLOWEST = 5;

const query = async <R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
};

/**
 * Opens `n` trials the way production does: PlacementStarted events on the placement topic (as
 * the placement service's relay would put them), consumed by trial-period (opens the trial) and
 * income-continuity (suspends the income). Resolves once both have committed all of them.
 */
export const prepareTrials = async (t: ChainTarget, n: number): Promise<Trial[]> => {
  const today = belgianDay(new Date());
  const events = Array.from({ length: n }, () => {
    const personId = uuidv7();
    return buildEvent(PlacementStartedV1, {
      id: uuidv7(),
      occurredAt: new Date().toISOString(),
      tenantId: t.tenantId,
      aggregateId: uuidv7(),
      correlationId: uuidv7(),
      causationId: null,
      data: { placementId: uuidv7(), personId, hostEmployerId: uuidv7(), startDate: today },
    });
  });
  const producer = testKafka(t.brokers).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: topicName(TOPICS.placement, t.prefix),
      acks: -1,
      messages: events.map((e) => ({ key: e.data.personId, value: JSON.stringify(e) })),
    });
  } finally {
    await producer.disconnect();
  }
  const placementIds = events.map((e) => e.data.placementId);
  const eventIds = events.map((e) => e.id);
  await waitFor(
    async () => {
      const [opened] = await query<{ n: number }>(
        t.trialPeriodDb,
        'SELECT count(*)::int AS n FROM trial_periods WHERE placement_id = ANY($1::uuid[])',
        [placementIds],
      );
      const [suspended] = await query<{ n: number }>(
        t.incomeContinuityDb,
        'SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])',
        [eventIds],
      );
      return opened?.n === n && suspended?.n === n;
    },
    { timeoutMs: 120000, intervalMs: 250, what: `${String(n)} trials to open and incomes to be suspended` },
  );
  return query<Trial>(
    t.trialPeriodDb,
    'SELECT person_id AS "personId", id AS "trialId" FROM trial_periods WHERE placement_id = ANY($1::uuid[])',
    [placementIds],
  );
};

/**
 * PostgreSQL's clock minus ours, and its uncertainty (half the round trip). Both are this
 * machine's clock, so the offset should be ~0; measuring it bounds the error instead of assuming it.
 */
export const clockOffset = async (
  databaseUrl: string,
): Promise<{ offsetMs: number; uncertaintyMs: number }> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let best = { offsetMs: 0, uncertaintyMs: Number.POSITIVE_INFINITY };
    for (let i = 0; i < 50; i++) {
      const before = wallMs();
      const { rows } = await client.query<{ ms: number }>(
        'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms',
      );
      const after = wallMs();
      const half = (after - before) / 2;
      if (half < best.uncertaintyMs)
        best = { offsetMs: (rows[0]?.ms ?? 0) - (before + half), uncertaintyMs: half };
    }
    return best;
  } finally {
    await client.end();
  }
};

/** When each request was sent and how long its HTTP answer took. */
interface Sent {
  readonly personId: string;
  readonly startMs: number;
  readonly httpMs: number;
}

const officer = (tenantId: string) => ({
  tenantId,
  roles: 'placement_officer' as const,
  userId: '0190a000-0000-7000-8000-00000000be01',
});

const endTrial = async (agent: Agent, t: ChainTarget, trial: Trial): Promise<Sent> => {
  // Signed before the clock starts: the edge signs, not the chain being measured.
  const authorization = `Bearer ${await tokenFor(officer(t.tenantId))}`;
  const startMs = wallMs();
  const { status, body } = await send(agent, new URL(t.trialPeriodUrl), {
    method: 'POST',
    path: `/trial-periods/${trial.trialId}/outcome`,
    headers: { authorization },
    body: JSON.stringify({
      outcome: 'not_conclusive',
      lastWorkedDay: belgianDay(new Date()),
      reasonCode: 'tasks_not_matching_skills',
      initiatedBy: 'host',
    }),
  });
  if (status !== 200)
    throw new Error(`recording the outcome answered ${String(status)}: ${body.slice(0, 500)}`);
  return { personId: trial.personId, startMs, httpMs: wallMs() - startMs };
};

/** Ends trials at a steady rate (open loop: a slow answer does not delay the next request). */
export const steady = async (t: ChainTarget, trials: readonly Trial[], perSec: number): Promise<Sent[]> => {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const t0 = performance.now();
  const pending = trials.map(async (trial, i) => {
    await sleep(Math.max(0, t0 + (i * 1000) / perSec - performance.now()));
    return endTrial(agent, t, trial);
  });
  try {
    return await Promise.all(pending);
  } finally {
    agent.destroy();
  }
};

/** Ends all the trials at once, each on its own connection. */
export const burst = async (t: ChainTarget, trials: readonly Trial[]): Promise<Sent[]> => {
  const agent = new Agent({ keepAlive: true, maxSockets: trials.length });
  try {
    return await Promise.all(trials.map((trial) => endTrial(agent, t, trial)));
  } finally {
    agent.destroy();
  }
};

interface StageRow {
  key: string;
  ms: number;
}

/**
 * Waits for every reopening and reads when each stage happened, on the database clocks:
 * the TrialEnded outbox row written (trial-period's transaction), marked published (after
 * the broker's ack), the inbox row written (income-continuity's transaction begins), the
 * IncomeReopened outbox row written, and the audit row of the applied TrialEnded — written by the
 * consumer after the handler, the last statement before that transaction's COMMIT, so the figure
 * leaves out only the COMMIT itself (about one bare commit, measured beside it). Until
 * 2026-12-06 the figure ended at the IncomeReopened outbox row, which is no longer last: the
 * coverage check, the timeline, the outcome checks (issue 11) and the audit row follow it, about
 * ten statements and 4–6 ms that the figure did not count. Since the outbox row is a deferred
 * row (written with the audit row, the timeline entries and the revisions in one statement just
 * before COMMIT), the two stages are one statement, and the outbox stage of trial-period is its
 * last statement before COMMIT too.
 */
export const measure = async (
  t: ChainTarget,
  sent: readonly Sent[],
  clock: { offsetMs: number },
  perSec: number | null,
): Promise<ChainFigure> => {
  const persons = sent.map((s) => s.personId);
  const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8 AS ms`;
  await waitFor(
    async () => {
      const [row] = await query<{ n: number }>(
        t.incomeContinuityDb,
        "SELECT count(*)::int AS n FROM outbox WHERE event_type = 'IncomeReopened' AND message_key = ANY($1)",
        [persons],
      );
      return row?.n === persons.length;
    },
    { timeoutMs: 120000, intervalMs: 200, what: 'every income to be reopened' },
  );
  const ended = await query<{ key: string; eventId: string; created: number; published: number }>(
    t.trialPeriodDb,
    `SELECT message_key AS key, event_id AS "eventId",
            (extract(epoch FROM created_at) * 1000)::float8 AS created,
            (extract(epoch FROM published_at) * 1000)::float8 AS published
     FROM outbox WHERE event_type = 'TrialEnded' AND message_key = ANY($1)`,
    [persons],
  );
  const inbox = await query<StageRow>(
    t.incomeContinuityDb,
    `SELECT event_id::text AS key, ${ms('processed_at')} FROM inbox WHERE event_id = ANY($1::uuid[])`,
    [ended.map((e) => e.eventId)],
  );
  const reopened = await query<StageRow>(
    t.incomeContinuityDb,
    `SELECT message_key AS key, ${ms('created_at')} FROM outbox WHERE event_type = 'IncomeReopened' AND message_key = ANY($1)`,
    [persons],
  );
  const applied = await query<StageRow>(
    t.incomeContinuityDb,
    `SELECT DISTINCT ON (p) p::text AS key, ${ms('a.occurred_at')}
       FROM audit_log a, unnest(a.person_ids) AS p
      WHERE a.route = 'TrialEnded v1' AND p = ANY($1::uuid[]) ORDER BY p, a.occurred_at`,
    [persons],
  );
  const start = new Map(sent.map((s) => [s.personId, s.startMs + clock.offsetMs]));
  const personOfEvent = new Map(ended.map((e) => [e.eventId, e.key]));
  // Each stage as the time since its outcome's request, by person.
  const stage = (rows: readonly { key: string; at: number }[]) =>
    new Map(rows.map((r) => [r.key, r.at - (start.get(r.key) ?? Number.NaN)]));
  const stages = {
    trialEndedInOutbox: stage(ended.map((e) => ({ key: e.key, at: e.created }))),
    httpAnswered: new Map(sent.map((s) => [s.personId, s.httpMs])),
    publishedAcked: stage(ended.map((e) => ({ key: e.key, at: e.published }))),
    inboxWritten: stage(inbox.map((r) => ({ key: personOfEvent.get(r.key) ?? '', at: r.ms }))),
    reopeningInOutbox: stage(reopened.map((r) => ({ key: r.key, at: r.ms }))),
    lastStatementBeforeCommit: stage(applied.map((r) => ({ key: r.key, at: r.ms }))),
  };
  const total = latency([...stages.lastStatementBeforeCommit.values()]);
  const slowest = [...stages.lastStatementBeforeCommit]
    .sort(([, a], [, b]) => b - a)
    .slice(0, SLOWEST)
    .map(([person, totalMs]) => ({
      sentAt: new Date((start.get(person) ?? Number.NaN) - clock.offsetMs).toISOString(),
      totalMs: fixed(totalMs),
      stagesMs: Object.fromEntries(
        Object.entries(stages).map(([name, at]) => [name, fixed(at.get(person) ?? Number.NaN)]),
      ),
    }));
  return {
    ...total,
    ratePerSec: perSec,
    httpResponse: latency(sent.map((s) => s.httpMs)),
    stagesP50Ms: Object.fromEntries(
      Object.entries(stages).map(([name, at]) => [name, latency([...at.values()]).p50Ms]),
    ),
    slowest,
  };
};
