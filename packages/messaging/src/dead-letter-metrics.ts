import type { Pool } from 'pg';
import { Gauge, type Registry } from 'prom-client';

/**
 * The reasons a dead letter is stored with (decode.ts, apply.ts, dead-letter-store.ts,
 * dead-letters.ts). Any other is reported as `other`, so a future free-text reason cannot
 * grow the label set.
 */
const KNOWN_REASONS = new Set([
  'empty_message',
  'malformed_json',
  'invalid_envelope',
  'unknown_event_type',
  'invalid_data',
  'message_too_large',
  'rejected_by_handler',
  'held_behind_parked',
  'awaiting_preceding_event',
  'replay_failed',
]);

/** Options of {@link registerDeadLetterMetrics}. */
export interface DeadLetterMetricsOptions {
  readonly registry: Registry;
  /** The service's database, where `dead_letters` is (outside row-level security). */
  readonly pool: Pool;
  readonly groupId: string;
}

/**
 * `relais_dead_letters{group,status,reason}`: the group's stored dead letters by status
 * (parked, held, awaiting, replayed, discarded) and reason, counted in its `dead_letters`
 * table at scrape time, so every instance reports the same and a replay shows at once.
 * `status="parked"` waits for the platform operator: alert on it above 0.
 */
export const registerDeadLetterMetrics = ({ registry, pool, groupId }: DeadLetterMetricsOptions): void => {
  new Gauge({
    name: 'relais_dead_letters',
    help: 'Stored dead letters of the consumer group, by status and reason',
    labelNames: ['group', 'status', 'reason'],
    registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ status: string; reason: string; n: number }>(
        `SELECT status, reason, count(*)::int AS n FROM dead_letters
          WHERE consumer_group = $1 GROUP BY status, reason`,
        [groupId],
      );
      this.reset();
      for (const { status, reason, n } of rows)
        this.inc({ group: groupId, status, reason: KNOWN_REASONS.has(reason) ? reason : 'other' }, n);
    },
  });
};
