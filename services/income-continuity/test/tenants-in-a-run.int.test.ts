// A partition carries the events of every CPAS on the platform, mixed: a run of messages (one
// transaction for several) must apply them with each row under its own CPAS, as row-level
// security holds the service's role to the CPAS set when a row is written.
import type { BaseConfig } from '@relais/service-kit';
import { startTestService, type TestService } from '@relais/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { incomeContinuityService } from '../src/service.ts';
import { sendTogetherUntilReopened, trialChain } from './chain.ts';

const tenants = ['0190a000-0000-7000-8000-0000000000f7', '0190a000-0000-7000-8000-0000000000f8'] as const;
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let ic: TestService<BaseConfig>;

beforeAll(async () => {
  ic = await startTestService(incomeContinuityService, infra);
});
afterAll(async () => {
  await ic.close();
});

describe('income-continuity: a run of events of two CPAS', () => {
  it('applies them in one run, each row under its own CPAS', async () => {
    // Taking turns: every event's CPAS differs from the one before it.
    const people = Array.from({ length: 6 }, (_, i) => trialChain(tenants[i % 2] ?? tenants[0]));
    // All on one partition, so that each topic's batch is one run.
    await sendTogetherUntilReopened(ic, infra.kafkaBrokers, people, 0);
    const ids = people.map((p) => p.personId);
    // No run failed on a row of another CPAS and went again one message at a time.
    expect(ic.logs.filter((line) => String(line.msg).includes('applying them one by one'))).toEqual([]);
    const { rows } = await ic.db.query<{ person_id: string; tenants: string[] }>(
      `SELECT person_id, array_agg(DISTINCT tenant_id::text) AS tenants
         FROM (SELECT tenant_id, person_id FROM coverage_periods
               UNION ALL SELECT tenant_id, person_id FROM income_reopenings) AS rows
        WHERE person_id = ANY($1::uuid[]) GROUP BY person_id`,
      [ids],
    );
    expect(new Map(rows.map((r) => [r.person_id, r.tenants]))).toEqual(
      new Map(people.map((p) => [p.personId, [p.started.tenantId]])),
    );
    const events = people.flatMap((p) => [p.started, p.ended]);
    const inbox = await ic.db.query<{ event_id: string; tenant_id: string }>(
      'SELECT event_id::text, tenant_id::text FROM inbox WHERE event_id = ANY($1::uuid[])',
      [events.map((e) => e.id)],
    );
    expect(new Map(inbox.rows.map((r) => [r.event_id, r.tenant_id]))).toEqual(
      new Map(events.map((e) => [e.id, e.tenantId])),
    );
  });
});
