import { buildEvent, HostEmployerRegisteredV1, topicName } from '@relais/contracts';
import type { BaseConfig, Clock } from '@relais/service-kit';
import { authHeaders, startTestService, testKafka, waitFor, type TestService } from '@relais/testing';
import type { Producer } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REQUIRED_ITEM_CODES } from '../src/domain/report.ts';
import { safetyVisitsService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000f7';
const officerId = '0190a000-0000-7000-8000-0000000000a7';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);

// Noon in Brussels; the test moves the service's clock forward to make deadlines pass.
let now = new Date('2026-06-15T10:00:00Z');
const clock: Clock = { now: () => now, newId: () => uuidv7() };
const TODAY = '2026-06-15';
const daysLater = (days: number) => {
  now = new Date(Date.parse('2026-06-15T10:00:00Z') + days * 86_400_000);
};

let sv: TestService<BaseConfig>;
let producer: Producer;

const ok = async <T>(method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
  const headers = await authHeaders({ tenantId, roles: 'safety_officer', userId: officerId });
  const res = await sv.service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${String(res.statusCode)} ${res.body}`);
  return res.json<T>();
};

/** The value of one series of `/metrics`, as Prometheus would scrape it (0 when absent). */
const metric = async (name: string, labels: Record<string, string>) => {
  const res = await sv.service.app.inject({ url: '/metrics' });
  expect(res.statusCode).toBe(200);
  const selector = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
  const line = res.body.split('\n').find((l) => l.startsWith(`${name}{${selector}}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
};

const knownHost = async () => {
  const hostId = uuidv7();
  const siteId = uuidv7();
  const event = buildEvent(HostEmployerRegisteredV1, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId: hostId,
    correlationId: uuidv7(),
    causationId: null,
    data: {
      hostEmployerId: hostId,
      enterpriseNumber: '0123.456.749',
      name: `Host ${hostId.slice(-6)}`,
      legalType: 'asbl',
      sector: 'care',
      sites: [{ siteId, name: 'Main', address: 'Rue Haute 1', commune: 'Bruxelles' }],
    },
  });
  // The test's topics are new: their leaders may still be elected.
  await waitFor(
    () =>
      producer
        .send({
          topic: topicName(HostEmployerRegisteredV1.topic, sv.prefix),
          messages: [{ key: hostId, value: JSON.stringify(event) }],
        })
        .then(() => true),
    { what: 'the host announced' },
  );
  await waitFor(() => ok(`GET`, `/hosts/${hostId}/safety`).catch(() => undefined), { what: 'the host' });
  return { hostId, siteId };
};

const schedule = (host: { hostId: string; siteId: string }, kind: string, scheduledFor: string) =>
  ok<{ id: string }>('POST', '/prevention-visits', {
    hostEmployerId: host.hostId,
    siteId: host.siteId,
    kind,
    scheduledFor,
    safetyOfficerId: officerId,
  });

const report = (visitId: string, completedOn: string, findings: object[] = []) =>
  ok<{ findings: { id: string }[] }>('POST', `/prevention-visits/${visitId}/report`, {
    completedOn,
    checklist: REQUIRED_ITEM_CODES.map((code) => ({ code, result: 'compliant' })),
    findings,
  });

beforeAll(async () => {
  sv = await startTestService(safetyVisitsService, infra, { overrides: { clock } });
  producer = kafka.producer();
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await sv.close();
});

describe('safety-visits: overdue visits and actions in /metrics', () => {
  it('given a visit and an action past their deadlines, then each CPAS reports them until they are done, before any job flags them', async () => {
    const overdueVisits = (kind: string) => metric('relais_overdue_visits', { tenant: tenantId, kind });
    const overdueActions = (severity: string) =>
      metric('relais_overdue_corrective_actions', { tenant: tenantId, severity });

    const host = await knownHost();
    const visit = await schedule(host, 'pre_approval', '2026-06-18');
    const done = await report((await schedule(await knownHost(), 'pre_approval', TODAY)).id, TODAY, [
      { itemCode: null, severity: 'critical', description: 'no fire exit' },
    ]);
    await ok('POST', `/findings/${done.findings[0]?.id ?? ''}/actions`, {
      description: 'Open the exit',
      owner: 'host',
      deadline: '2026-06-20',
    });
    expect(await overdueVisits('scheduled')).toBe(0);
    expect(await overdueActions('critical')).toBe(0);

    daysLater(10);
    expect(await overdueVisits('scheduled')).toBe(1);
    expect(await overdueActions('critical')).toBe(1);
    expect(await overdueActions('minor')).toBe(0);
    // No row flagged yet: the metric reads the deadlines, not the job's overdue_since.
    const flagged = await sv.db.query(
      'SELECT 1 FROM prevention_visits WHERE overdue_since IS NOT NULL UNION ALL SELECT 1 FROM corrective_actions WHERE overdue_since IS NOT NULL',
    );
    expect(flagged.rowCount).toBe(0);

    await report(visit.id, '2026-06-25');
    expect(await overdueVisits('scheduled')).toBe(0);
    // The cleared host's periodic visit falls due a year or so later.
    expect(await overdueVisits('periodic')).toBe(0);
    daysLater(800);
    // The host with an open critical finding is blocked, not cleared: it has no periodic visit.
    expect(await overdueVisits('periodic')).toBe(1);

    const scraped = (await sv.service.app.inject({ url: '/metrics' })).body;
    expect(scraped).not.toContain(host.hostId);
  });
});
