// DATABASE_PIPELINE=false, the operator's switch should node-postgres's pipeline mode or a proxy
// misbehave: the service's pool then sends one statement at a time, and the chain still works.
import { pipelines } from '@relais/messaging';
import type { BaseConfig } from '@relais/service-kit';
import { startTestService, type TestService } from '@relais/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { incomeContinuityService } from '../src/service.ts';
import { sendTogetherUntilReopened, trialChain } from './chain.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000f1';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let ic: TestService<BaseConfig>;

/** Whether a connection of the service's own pool pipelines. */
const poolPipelines = async (service: TestService<BaseConfig>): Promise<boolean> => {
  const client = await service.service.context.pool.connect();
  try {
    return pipelines(client);
  } finally {
    client.release();
  }
};

beforeAll(async () => {
  ic = await startTestService(incomeContinuityService, infra, { env: { DATABASE_PIPELINE: 'false' } });
});
afterAll(async () => {
  await ic.close();
});

describe('income-continuity with DATABASE_PIPELINE=false', () => {
  it('runs its pool without pipelining, where the default pipelines', async () => {
    expect(await poolPipelines(ic)).toBe(false);
    const byDefault = await startTestService(incomeContinuityService, infra);
    try {
      expect(await poolPipelines(byDefault)).toBe(true);
    } finally {
      await byDefault.close();
    }
  });

  it('suspends and reopens the income of several people sent together, one statement at a time', async () => {
    const people = Array.from({ length: 6 }, () => trialChain(tenantId));
    await sendTogetherUntilReopened(ic, infra.kafkaBrokers, people);
    const ids = people.map((p) => p.personId);
    const { rows } = await ic.db.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM coverage_periods WHERE person_id = ANY($1::uuid[])
        GROUP BY kind ORDER BY kind`,
      [ids],
    );
    expect(rows).toEqual([
      { kind: 'article60_salary', n: people.length },
      { kind: 'integration_income', n: people.length },
    ]);
    const { rows: inbox } = await ic.db.query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM inbox
        WHERE event_id = ANY($1::uuid[]) GROUP BY outcome`,
      [people.flatMap((p) => [p.started.id, p.ended.id])],
    );
    expect(inbox).toEqual([{ outcome: 'applied', n: people.length * 2 }]);
  });
});
