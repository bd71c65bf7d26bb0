import { buildEvent, IncomeReopenedV1 } from '@relais/contracts';
import { belgianDay, type BaseConfig } from '@relais/service-kit';
import {
  appRolePool,
  authHeaders,
  probeTenantIsolation,
  produceEvents,
  startTestService,
  tablesOutsideRowLevelSecurity,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { itHoldsTheServiceContract } from '@relais/testing/service-contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { access } from '../src/http/access.ts';
import { committeeService } from '../src/service.ts';

const cpasA = '0190a000-0000-7000-8000-00000000a008';
const cpasB = '0190a000-0000-7000-8000-00000000b008';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let committee: TestService<BaseConfig>;
const today = belgianDay(new Date());
const personOfB = uuidv7();
const secretaryOfB = { tenantId: cpasB, roles: 'committee_secretary' as const, userId: uuidv7() };
const chairOfB = { tenantId: cpasB, roles: 'committee_member' as const, userId: uuidv7() };
const officerOfB = { tenantId: cpasB, roles: 'placement_officer' as const, userId: uuidv7() };
const workerOfB = { tenantId: cpasB, roles: 'social_worker' as const, userId: uuidv7() };
const foreign: Record<string, string> = { personId: personOfB };

const call = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
  committee.service.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
const asB = async (
  who: typeof secretaryOfB | typeof chairOfB | typeof officerOfB,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
) => {
  const res = await call(method, url, await authHeaders(who), payload);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<{ id: string; decisions?: { id: string }[]; proposals?: { id: string }[] }>();
};

/** CPAS B: an ended trial on the agenda of a session, prepared, decided and signed. */
const seedCpasB = async () => {
  const kafka = testKafka(infra.kafkaBrokers);
  const event = buildEvent(IncomeReopenedV1, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId: cpasB,
    aggregateId: personOfB,
    correlationId: uuidv7(),
    causationId: null,
    data: {
      reopeningId: uuidv7(),
      personId: personOfB,
      placementId: uuidv7(),
      trialPeriodId: uuidv7(),
      effectiveFrom: today,
      followUpId: uuidv7(),
      proposals: ['take_note_of_trial_end', 'reopen_integration_income', 'continue_isp_follow_up'],
    },
  });
  await produceEvents(kafka, committee.prefix, [event], personOfB);
  const { rows } = await waitFor(async () => {
    const found = await committee.db.query<{ id: string }>(
      'SELECT id FROM agenda_items WHERE person_id = $1',
      [personOfB],
    );
    return found.rowCount ? found : undefined;
  });
  const itemId = rows[0]?.id ?? '';
  const session = await asB(secretaryOfB, 'POST', '/sessions', {
    kind: 'isp',
    date: today,
    quorum: 1,
    members: [{ accountId: chairOfB.userId, displayName: 'Présidente B', role: 'chair' }],
  });
  await asB(secretaryOfB, 'POST', `/sessions/${session.id}/items`, { itemId });
  const prepared = await asB(officerOfB, 'POST', `/agenda/items/${itemId}/preparation`, { assessment: 'B' });
  for (const p of prepared.proposals ?? [])
    await asB(secretaryOfB, 'POST', `/agenda/items/${itemId}/decisions`, {
      proposalId: p.id,
      outcome: 'approved',
      vote: { kind: 'unanimous' },
    });
  const signed = await asB(chairOfB, 'POST', `/agenda/items/${itemId}/signature`, {});
  Object.assign(foreign, { itemId, sessionId: session.id, decisionId: signed.decisions?.[0]?.id ?? '' });
};

describe('committee: who may see and change the committee’s items and decisions', () => {
  beforeAll(async () => {
    committee = await startTestService(committeeService, infra);
    await seedCpasB();
  });
  afterAll(async () => {
    await committee.close();
  });

  itHoldsTheServiceContract(() => committee, access, cpasA);

  it('never lets CPAS A read, list or infer CPAS B’s items, sessions, decisions and minutes', async () => {
    const { leaks, probed } = await probeTenantIsolation(committee.service.app, access, {
      tenantId: cpasA,
      foreignParams: foreign,
      foreignIds: [personOfB, foreign.itemId ?? '', foreign.sessionId ?? '', foreign.decisionId ?? ''],
    });
    expect(probed).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
    const secretaryOfA = await authHeaders({ tenantId: cpasA, roles: 'committee_secretary' });
    const memberOfA = await authHeaders({ tenantId: cpasA, roles: 'committee_member' });
    for (const [headers, url, payload] of [
      [secretaryOfA, `/agenda/items/${foreign.itemId ?? ''}/postponement`, { reason: 'x' }],
      [memberOfA, `/agenda/items/${foreign.itemId ?? ''}/signature`, {}],
      [
        secretaryOfA,
        `/decisions/${foreign.decisionId ?? ''}/notification`,
        { notifiedOn: today, channel: 'letter' },
      ],
      [secretaryOfA, `/sessions/${foreign.sessionId ?? ''}/closure`, undefined],
    ] as const) {
      const res = await call('POST', url, headers, payload);
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('holds every table with a tenant to row-level security, for the role the service works as', async () => {
    expect(await tablesOutsideRowLevelSecurity(committee.db)).toEqual([]);
    const app = appRolePool(committee);
    try {
      expect((await app.query('SELECT count(*)::int AS n FROM agenda_items')).rows[0]).toEqual({ n: 0 });
      const client = await app.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
        expect((await client.query('SELECT count(*)::int AS n FROM decisions')).rows[0]).toEqual({ n: 0 });
        // The platform default deadlines are readable by every CPAS, writable by none.
        expect((await client.query('SELECT count(*)::int AS n FROM deadline_settings')).rows[0]).toEqual({
          n: 1,
        });
        await expect(client.query('UPDATE deadline_settings SET decision_days = 1')).resolves.toMatchObject({
          rowCount: 0,
        });
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
      await expect(app.query('DELETE FROM item_history')).resolves.toMatchObject({ rowCount: 0 });
    } finally {
      await app.end();
    }
    await expect(committee.db.query('DELETE FROM item_history')).rejects.toThrow(/append-only/);
    await expect(
      committee.db.query(`UPDATE decisions SET reason_text = 'x' WHERE status = 'signed'`),
    ).rejects.toThrow(/signed and final/);
  });

  it('audits every read of an item with the person it names, for the CPAS administrator', async () => {
    const read = await call('GET', `/agenda/items/${foreign.itemId ?? ''}`, await authHeaders(workerOfB));
    expect(read.statusCode).toBe(200);
    const admin = await authHeaders({ tenantId: cpasB, roles: 'cpas_admin' });
    const audit = await call('GET', `/audit-log?personId=${personOfB}`, admin);
    const items = audit.json<{
      items: { action: string; route: string; actorId: string; purpose: string }[];
    }>().items;
    expect(items).toContainEqual(
      expect.objectContaining({
        action: 'read',
        route: '/agenda/items/:itemId',
        actorId: workerOfB.userId,
        purpose: 'social_integration_right',
      }),
    );
    expect(items.map((i) => i.route)).toEqual(
      expect.arrayContaining(['IncomeReopened v1', '/agenda/items/:itemId/signature']),
    );
  });
});
