import { setTimeout as sleep } from 'node:timers/promises';
import { authHeaders } from '@relais/testing';
import pg from 'pg';
import type { PlacementStory } from './events.ts';
import { byPerson } from './events.ts';
import type { ReliableProducer } from './kafka.ts';

/**
 * trial-period's settings for a chaos run: the overdue check-in job stays quiet (the stories'
 * placements started in 2025, so every check-in is overdue and each reminder would be an
 * outbox row of its own, noise in the relay's batches).
 */
export const QUIET_JOBS_ENV = { JOBS_INTERVAL_MS: '3600000' } as const;

/** The outcome command that ends a story's trial as its TrialEnded says (not conclusive). */
export const endCommand = (story: PlacementStory) => ({
  outcome: story.ended.data.outcome,
  lastWorkedDay: story.ended.data.lastWorkedDay,
  reasonCode: story.ended.data.reasonCode,
  initiatedBy: story.ended.data.initiatedBy,
});

/** Violations of "every 2xx answered change has exactly one outbox row and vice versa". */
export interface TrialInvariants {
  /** Trials of the run that ended. */
  readonly ended: number;
  /** Trials of the run still not ended. */
  readonly notEnded: number;
  /** Trials answered 2xx that are not ended. */
  readonly answeredNotEnded: number;
  /** Ended trials without a TrialEnded outbox row (a committed change nobody hears of). */
  readonly endedWithoutRow: number;
  /** Trials with more than one TrialEnded outbox row. */
  readonly trialsWithManyRows: number;
  /** TrialEnded outbox rows of a trial that is not ended (an announced change that did not happen). */
  readonly rowsWithoutEnd: number;
  /** TrialEnded outbox rows.  */
  readonly endRows: number;
  /** TrialEnded outbox rows the relay has not marked published. */
  readonly unpublished: number;
  /** Ended trials without the audit row of their outcome command (a change nobody can account for). */
  readonly endedWithoutAudit: number;
  /** Trials whose outcome command has more than one audit row. */
  readonly trialsWithManyAudits: number;
}

/** What trial-period committed, read as the database owner (row-level security does not hide rows from it). */
export interface TrialLedger {
  /** The trial opened for each of `placementIds` that has one (placement id → trial id). */
  trialsOf(placementIds: readonly string[]): Promise<Map<string, string>>;
  invariants(trials: {
    readonly all: readonly string[];
    readonly answered: readonly string[];
  }): Promise<TrialInvariants>;
  /** Event ids of the TrialEnded outbox rows. */
  endEventIds(): Promise<string[]>;
  /** Outbox rows (any type) not published yet. */
  unpublished(): Promise<number>;
  close(): Promise<void>;
}

const ROW_TRIAL = `(o.envelope->'data'->>'trialPeriodId')::uuid`;
/** The route of the outcome command, as the audit log names it. */
const OUTCOME_ROUTE = '/trial-periods/:trialPeriodId/outcome';

/** Reads trial-period's database at `url`. */
export const trialLedger = (url: string): TrialLedger => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  const one = async (sql: string, params: unknown[] = []) =>
    (await pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0;
  return {
    async trialsOf(placementIds) {
      const { rows } = await pool.query<{ placement_id: string; id: string }>(
        'SELECT placement_id, id FROM trial_periods WHERE placement_id = ANY($1::uuid[])',
        [placementIds],
      );
      return new Map(rows.map((r) => [r.placement_id, r.id]));
    },
    async invariants({ all, answered }) {
      return {
        ended: await one(
          `SELECT count(*)::int AS n FROM trial_periods WHERE id = ANY($1::uuid[]) AND status = 'ended'`,
          [all],
        ),
        notEnded: await one(
          `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS a(id)
            WHERE NOT EXISTS (SELECT 1 FROM trial_periods t WHERE t.id = a.id AND t.status = 'ended')`,
          [all],
        ),
        answeredNotEnded: await one(
          `SELECT count(*)::int AS n FROM unnest($1::uuid[]) AS a(id)
            WHERE NOT EXISTS (SELECT 1 FROM trial_periods t WHERE t.id = a.id AND t.status = 'ended')`,
          [answered],
        ),
        endedWithoutRow: await one(
          `SELECT count(*)::int AS n FROM trial_periods t WHERE t.status = 'ended'
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_type = 'TrialEnded' AND ${ROW_TRIAL} = t.id)`,
        ),
        trialsWithManyRows: await one(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM outbox o WHERE o.event_type = 'TrialEnded'
            GROUP BY ${ROW_TRIAL} HAVING count(*) > 1) d`,
        ),
        rowsWithoutEnd: await one(
          `SELECT count(*)::int AS n FROM outbox o WHERE o.event_type = 'TrialEnded'
            AND NOT EXISTS (SELECT 1 FROM trial_periods t WHERE t.id = ${ROW_TRIAL} AND t.status = 'ended')`,
        ),
        endRows: await one(`SELECT count(*)::int AS n FROM outbox WHERE event_type = 'TrialEnded'`),
        unpublished: await one(
          `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'TrialEnded' AND published_at IS NULL`,
        ),
        endedWithoutAudit: await one(
          `SELECT count(*)::int AS n FROM trial_periods t WHERE t.status = 'ended'
            AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.route = '${OUTCOME_ROUTE}' AND a.record_id = t.id::text)`,
        ),
        trialsWithManyAudits: await one(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM audit_log WHERE route = '${OUTCOME_ROUTE}'
            GROUP BY record_id HAVING count(*) > 1) d`,
        ),
      };
    },
    async endEventIds() {
      const { rows } = await pool.query<{ event_id: string }>(
        `SELECT event_id FROM outbox WHERE event_type = 'TrialEnded' ORDER BY seq`,
      );
      return rows.map((r) => r.event_id);
    },
    unpublished: () => one('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'),
    close: () => pool.end(),
  };
};

/**
 * Puts the stories' PlacementStarted on the placement topic and waits (bounded) until
 * trial-period opened a trial for each; resolves with the trial of each story, in order.
 */
export const openTrials = async (options: {
  readonly producer: ReliableProducer;
  readonly ledger: TrialLedger;
  readonly stories: readonly PlacementStory[];
  readonly batch: number;
  readonly timeoutMs: number;
}): Promise<string[]> => {
  const { producer, ledger, stories } = options;
  for (let b = 0; b * options.batch < stories.length; b++) {
    await producer.send(
      stories.slice(b * options.batch, (b + 1) * options.batch).map((s) => s.started),
      byPerson,
    );
  }
  const placementIds = stories.map((s) => s.placementId);
  const deadline = Date.now() + options.timeoutMs;
  let trials = await ledger.trialsOf(placementIds);
  while (trials.size < stories.length && Date.now() < deadline) {
    await sleep(250);
    trials = await ledger.trialsOf(placementIds);
  }
  if (trials.size < stories.length)
    throw new Error(
      `trial-period opened ${String(trials.size)} of ${String(stories.length)} trials in ${String(options.timeoutMs / 1000)} s`,
    );
  return stories.map((s) => trials.get(s.placementId) ?? '');
};

/** Whether the service answers: down while a fault has it dead, up once it is ready again. */
export class Availability {
  #up = true;
  #waiters: (() => void)[] = [];

  isUp(): boolean {
    return this.#up;
  }

  down(): void {
    this.#up = false;
  }

  up(): void {
    this.#up = true;
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Resolves when the service is up (at once if it is), or after `timeoutMs` anyway. */
  async ready(timeoutMs: number): Promise<void> {
    if (this.#up) return;
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
      this.#waiters.push(resolve);
    });
    const timer = setTimeout(wake, timeoutMs);
    await woken;
    clearTimeout(timer);
  }
}

/** One outcome command of the history: what was sent and what came back, attempt by attempt. */
export interface CommandRecord {
  readonly trialPeriodId: string;
  /** Each attempt's answer: an HTTP status, or 0 for no answer (connection lost, timeout). */
  readonly statuses: number[];
  readonly firstSentAt: number;
  answeredAt: number | null;
}

/** What a run of outcome commands came to. */
export interface OutcomeRun {
  readonly history: CommandRecord[];
  /** Trials whose command was answered 2xx. */
  readonly answered: string[];
  /** Retries answered 409 (the trial already ended: the lost answer's commit had gone through). */
  alreadyEnded: number;
  /** Attempts sent again after no answer (or a 5xx). */
  retried: number;
  /** Commands that never got a final answer within their attempts and the deadline. */
  unanswered: number;
  /** Answers no correct service gives (a 4xx on a first attempt, a 409 never preceded by a lost answer…), in words. */
  readonly unexpected: string[];
}

const isConflict = (status: number) => status === 409;

/**
 * Sends `POST /trial-periods/:id/outcome` as a placement officer for each target, `concurrency`
 * at a time. A command with no answer (the process died under it) or a 5xx is sent again once
 * the service is up, at most `maxAttempts` times; a retry answered 409 (already decided) is the
 * lost answer of a command that was committed. `onSent` runs before each first attempt
 * (fault injectors use it to strike at a chosen moment of the run).
 */
export const driveOutcomes = async (options: {
  readonly url: string;
  readonly tenantId: string;
  readonly targets: readonly { readonly trialPeriodId: string; readonly body: unknown }[];
  readonly concurrency: number;
  readonly availability: Availability;
  readonly requestTimeoutMs?: number;
  readonly maxAttempts?: number;
  readonly deadlineMs: number;
  readonly onSent?: (index: number) => void;
}): Promise<OutcomeRun> => {
  const requestTimeoutMs = options.requestTimeoutMs ?? 15000;
  const maxAttempts = options.maxAttempts ?? 40;
  const deadline = Date.now() + options.deadlineMs;
  const officer = { tenantId: options.tenantId, roles: 'placement_officer' as const };
  let headers = await authHeaders(officer);
  let headersAt = Date.now();
  const history: CommandRecord[] = [];
  const answered: string[] = [];
  const unexpected: string[] = [];
  let alreadyEnded = 0;
  let retried = 0;
  let unanswered = 0;
  let next = 0;

  const send = async (trialPeriodId: string, body: unknown): Promise<number> => {
    // Tokens expire: a fresh one every minute.
    if (Date.now() - headersAt > 60000) {
      headers = await authHeaders(officer);
      headersAt = Date.now();
    }
    try {
      const res = await fetch(`${options.url}/trial-periods/${trialPeriodId}/outcome`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    } catch {
      return 0;
    }
  };

  const command = async (index: number) => {
    const target = options.targets[index];
    if (!target) return;
    options.onSent?.(index);
    const record: CommandRecord = {
      trialPeriodId: target.trialPeriodId,
      statuses: [],
      firstSentAt: Date.now(),
      answeredAt: null,
    };
    history.push(record);
    for (let attempt = 1; attempt <= maxAttempts && Date.now() < deadline; attempt++) {
      if (attempt > 1) {
        retried += 1;
        // A dead socket of a live service is retried after a breath.
        await sleep(50 * Math.min(attempt, 20));
      }
      // While a fault has the service down, wait for its restart.
      await options.availability.ready(Math.max(0, deadline - Date.now()));
      const status = await send(target.trialPeriodId, target.body);
      record.statuses.push(status);
      if (status === 0 || status >= 500) continue;
      record.answeredAt = Date.now();
      if (status >= 200 && status < 300) {
        answered.push(target.trialPeriodId);
      } else if (isConflict(status) && record.statuses.slice(0, -1).some((s) => s === 0 || s >= 500)) {
        alreadyEnded += 1;
      } else {
        unexpected.push(`trial ${target.trialPeriodId}: answers ${record.statuses.join(', ')}`);
      }
      return;
    }
    unanswered += 1;
  };

  const worker = async () => {
    while (next < options.targets.length && Date.now() < deadline) await command(next++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  unanswered += options.targets.length - history.length;
  return { history, answered, alreadyEnded, retried, unanswered, unexpected };
};
