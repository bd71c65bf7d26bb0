import { buildEvent, TOPICS, topicName, TrialEndedV1 } from '@relais/contracts';
import { noteEvent, withTenantTransaction } from '@relais/messaging';
import { startTestService, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TrialPeriodConfig } from '../src/config.ts';
import { trialPeriodService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000d7';
let tp: TestService<TrialPeriodConfig>;

beforeAll(async () => {
  tp = await startTestService(
    trialPeriodService,
    {
      kafkaBrokers: inject('kafkaBrokers'),
      postgresUrl: inject('postgresUrl'),
      redisUrl: inject('redisUrl'),
    },
    // Polling once a minute: within this test, only a wake-up publishes.
    { env: { OUTBOX_POLL_INTERVAL_MS: '60000' } },
  );
});
afterAll(async () => {
  await tp.close();
});

describe('trial-period: its relay', () => {
  it("publishes what the service's own transactions commit without waiting for NOTIFY or the poll", async () => {
    const trialPeriodId = uuidv7();
    const placementId = uuidv7();
    const event = buildEvent(TrialEndedV1, {
      id: uuidv7(),
      occurredAt: new Date().toISOString(),
      tenantId,
      aggregateId: trialPeriodId,
      correlationId: uuidv7(),
      causationId: null,
      data: {
        trialPeriodId,
        placementId,
        personId: uuidv7(),
        placementStartDate: '2026-03-02',
        outcome: 'not_conclusive',
        lastWorkedDay: '2026-03-20',
        reasonCode: 'tasks_not_matching_skills',
        initiatedBy: 'host',
      },
    });
    // Written as appendToOutbox writes it, but with no NOTIFY: the transaction's commit alone
    // can wake the relay.
    await withTenantTransaction(tp.service.context.pool, tenantId, async (tx) => {
      await tx.query(
        `INSERT INTO outbox (event_id, tenant_id, topic, message_key, event_type, correlation_id, envelope)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          event.id,
          tenantId,
          topicName(TOPICS.trialPeriod, tp.prefix),
          trialPeriodId,
          event.type,
          event.correlationId,
          JSON.stringify(event),
        ],
      );
      noteEvent(tx, event);
    });
    await waitFor(
      async () =>
        (
          await tp.db.query<{ published: boolean }>(
            'SELECT published_at IS NOT NULL AS published FROM outbox WHERE event_id = $1',
            [event.id],
          )
        ).rows[0]?.published === true,
      { timeoutMs: 10_000, what: 'the row published' },
    );
    const { rows } = await tp.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE event_id = $1',
      [event.id],
    );
    expect(rows[0]?.n).toBe(1);
  });
});
