import { TOPICS, topicName } from '@relais/contracts';
import type { BaseConfig } from '@relais/service-kit';
import { authHeaders, startTestService, testKafka, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { incomeContinuityService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000e7';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let ic: TestService<BaseConfig>;

const scrape = async () => {
  const res = await ic.service.app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return res.body;
};
/** The value of the series `name{labels}` as scraped now, undefined when absent. */
const valueOf = async (name: string, labels: Record<string, string>) => {
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const line = (await scrape()).split('\n').find((l) => l.startsWith(`${name}{${selector}}`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

beforeAll(async () => {
  ic = await startTestService(incomeContinuityService, infra);
});
afterAll(async () => {
  await ic.close();
});

describe('income-continuity: consumer and dead-letter metrics from the real state', () => {
  it('given an unreadable message, then it shows as a parked dead letter until the operator discards it, and the group has no lag left', async () => {
    const group = `${ic.prefix}income-continuity`;
    const topic = topicName(TOPICS.placement, ic.prefix);
    const personId = uuidv7();
    const producer = kafka.producer();
    await producer.connect();
    await waitFor(
      () =>
        producer
          .send({ topic, messages: [{ key: personId, value: '{"placementId": truncated' }] })
          .then(() => true),
      { what: 'the message sent' },
    );
    await producer.disconnect();
    const parked = { group, status: 'parked', reason: 'malformed_json' };
    await waitFor(async () => (await valueOf('relais_dead_letters', parked)) === 1, {
      what: 'the parked dead letter in /metrics',
    });
    // The message is parked, so its offset is committed: every partition of the group's topics
    // is reported, and none lags once the lag reading is refreshed.
    await waitFor(
      async () => {
        const lags = (await scrape()).split('\n').filter((l) => l.startsWith('relais_consumer_lag{'));
        return (
          lags.length >= 3 &&
          lags.every((l) => l.startsWith(`relais_consumer_lag{group="${group}"`) && l.endsWith(' 0'))
        );
      },
      { what: 'no lag on any partition', timeoutMs: 30_000 },
    );

    const { rows } = await ic.db.query<{ id: string }>('SELECT id FROM dead_letters WHERE message_key = $1', [
      personId,
    ]);
    const discarded = await ic.service.app.inject({
      method: 'POST',
      url: `/dead-letters/${rows[0]?.id ?? ''}/discard`,
      headers: await authHeaders({ tenantId, roles: 'platform_operator' }),
      payload: { reason: 'test message, nothing to apply' },
    });
    expect(discarded.statusCode).toBe(200);
    expect(await valueOf('relais_dead_letters', parked)).toBeUndefined();
    expect(await valueOf('relais_dead_letters', { ...parked, status: 'discarded' })).toBe(1);
    expect(await valueOf('relais_coverage_gaps', { justified: 'false' })).toBe(0);
    expect(await scrape()).not.toContain(personId);
  });
});
