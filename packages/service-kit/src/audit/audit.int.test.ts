import { notePersonsChanged, withTenantTransaction } from '@relais/messaging';
import { createTestDatabase, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { createServiceApp, type ServiceApp } from '../app.ts';
import { createPool, migrate } from '../db.ts';
import { appConnectionString, secureDatabase } from '../security/database.ts';
import { createAuditWriter, type AuditRow } from './audit.ts';

const A = '0190a000-0000-7000-8000-0000000000a1';
const B = '0190a000-0000-7000-8000-0000000000b1';
const ROLE = 'relais_kit_audit_test_app';
const logger = pino({ level: 'silent' });
let database: TestDatabase;
let owner: pg.Pool;
let app: pg.Pool;

const row = (tenantId: string, overrides: Partial<AuditRow> = {}): AuditRow => ({
  tenantId,
  actorId: uuidv7(),
  actingRole: 'placement_officer',
  action: 'read',
  method: 'GET',
  route: '/candidates/:candidateId',
  recordType: 'candidates',
  recordId: uuidv7(),
  personIds: [uuidv7()],
  purpose: 'placement',
  status: 200,
  correlationId: uuidv7(),
  ...overrides,
});

beforeAll(async () => {
  database = await createTestDatabase(inject('postgresUrl'), 'kit_audit');
  await migrate({ databaseUrl: database.url, logger });
  // A table of the test's own changes, under row-level security as every service table.
  const setUp = new pg.Client({ connectionString: database.url });
  await setUp.connect();
  await setUp.query('CREATE TABLE things (id uuid PRIMARY KEY, tenant_id uuid NOT NULL)');
  await setUp.end();
  await secureDatabase({ ownerUrl: database.url, appRole: ROLE, logger });
  owner = new pg.Pool({ connectionString: database.url, max: 2 });
  app = createPool({
    connectionString: appConnectionString(database.url, ROLE, undefined),
    max: 4,
    applicationName: 'kit-audit-test',
  });
});

afterAll(async () => {
  await Promise.all([owner.end(), app.end()]);
  await database.drop();
});

describe('request audit rows written with group commit', () => {
  it('writes every row of concurrent requests under its own CPAS, sharing statements, and settles each caller once its row is committed', async () => {
    const write = createAuditWriter(app);
    const rows = [...Array.from({ length: 40 }, () => row(A)), ...Array.from({ length: 20 }, () => row(B))];
    await Promise.all(rows.map((r) => write(r)));
    const { rows: stored } = await owner.query<{ correlation_id: string; tenant_id: string; tx: string }>(
      'SELECT correlation_id, tenant_id, xmin::text AS tx FROM audit_log',
    );
    expect(stored.map((r) => [r.correlation_id, r.tenant_id]).sort()).toEqual(
      rows.map((r) => [r.correlationId, r.tenantId]).sort(),
    );
    // Fewer transactions than rows: the rows that arrived while one was written shared the next.
    expect(new Set(stored.map((r) => r.tx)).size).toBeLessThan(rows.length);
    expect(stored.find((r) => r.correlation_id === rows[0]?.correlationId)?.tenant_id).toBe(A);
  });

  it('rejects the caller whose row cannot be written (its answer must not leave unaudited), and goes on', async () => {
    const write = createAuditWriter(app);
    await expect(write(row(B, { action: 'peek' as AuditRow['action'] }))).rejects.toThrow(
      /audit_log_action_check/,
    );
    const next = row(A);
    await write(next);
    const { rows: found } = await owner.query('SELECT 1 FROM audit_log WHERE correlation_id = $1', [
      next.correlationId,
    ]);
    expect(found).toHaveLength(1);
  });

  it('given a bad row sharing a statement with good ones, then only its own caller fails', async () => {
    const write = createAuditWriter(app);
    const good = Array.from({ length: 5 }, () => row(A));
    const bad = row(A, { action: 'peek' as AuditRow['action'] });
    // Written together: the first call starts a statement, the rest queue behind it and share the next.
    const first = write(row(A));
    const outcomes = await Promise.allSettled(
      [...good.slice(0, 3), bad, ...good.slice(3)].map((r) => write(r)),
    );
    await first;
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    const { rows: found } = await owner.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM audit_log WHERE correlation_id = ANY($1::uuid[])',
      [good.map((r) => r.correlationId)],
    );
    expect(found[0]?.n).toBe(good.length);
  });
});

describe('the audit row of a change, written with the change', () => {
  const officer = uuidv7();
  const person = uuidv7();
  let service: ServiceApp;
  let lastThing = '';
  /** Inserts a thing in a writing transaction of CPAS A; its id. */
  const change = () =>
    withTenantTransaction(app, A, async (tx) => {
      const id = uuidv7();
      await tx.query('INSERT INTO things (id, tenant_id) VALUES ($1, $2)', [id, A]);
      lastThing = id;
      return id;
    });
  const call = (method: 'POST' | 'GET', url: string) =>
    service.inject({ method, url, headers: { 'x-test-user': officer } });
  /** The audit rows of one request, and whether each is in the transaction of `thingIds`. */
  const auditOf = async (correlationId: string, thingIds: readonly string[] = []) => {
    const { rows } = await owner.query<{ personIds: string[]; status: number; withThing: boolean }>(
      `SELECT a.person_ids AS "personIds", a.status,
              EXISTS (SELECT 1 FROM things t WHERE t.id = ANY($2::uuid[]) AND t.xmin = a.xmin) AS "withThing"
         FROM audit_log a WHERE a.correlation_id = $1 ORDER BY a.id`,
      [correlationId, thingIds],
    );
    return rows;
  };

  beforeAll(async () => {
    const rule = { roles: ['placement_officer'], audit: { record: 'thing' } } as const;
    service = await createServiceApp({
      name: 'audited',
      version: '0.0.1',
      description: 'a service for tests',
      logger,
      registry: new Registry(),
      readiness: [],
      auditPool: app,
      access: {
        matrix: {
          'POST /things': rule,
          'POST /things/noted': rule,
          'POST /things/twice': rule,
          'POST /things/:thingId/failing-after-commit': rule,
          'POST /things/:thingId/rolled-back': rule,
          'POST /things/:thingId/read-only': rule,
        },
        authenticate: (request) =>
          Promise.resolve({
            userId: String(request.headers['x-test-user']),
            tenantId: A,
            roles: ['placement_officer'],
          }),
      },
    });
    const created = { schema: { response: { 201: z.object({ id: z.uuid(), personId: z.uuid() }) } } };
    service.post('/things', created, async (_request, reply) =>
      reply.status(201).send({ id: await change(), personId: person }),
    );
    service.post('/things/noted', created, async (_request, reply) => {
      const id = await withTenantTransaction(app, A, async (tx) => {
        const thing = uuidv7();
        await tx.query('INSERT INTO things (id, tenant_id) VALUES ($1, $2)', [thing, A]);
        notePersonsChanged(tx, [person]);
        return thing;
      });
      return reply.status(201).send({ id, personId: person });
    });
    service.post('/things/twice', async () => ({ ids: [await change(), await change()] }));
    service.post('/things/:thingId/failing-after-commit', created, async () => {
      const id = await change();
      throw new Error(`answering about ${id} failed`);
    });
    service.post('/things/:thingId/rolled-back', () =>
      withTenantTransaction(app, A, async (tx) => {
        await tx.query('INSERT INTO things (id, tenant_id) VALUES ($1, $2)', [uuidv7(), A]);
        throw new Error('refused after writing');
      }),
    );
    service.post('/things/:thingId/read-only', () =>
      withTenantTransaction(app, A, (tx) => tx.query('SELECT 1').then(() => ({ read: true })), {
        readOnly: true,
      }),
    );
    await service.ready();
  });
  afterAll(async () => {
    await service.close();
  });

  it('commits the row with the change: a change whose answer then fails is still audited, with the route’s success status', async () => {
    const res = await call('POST', `/things/${uuidv7()}/failing-after-commit`);
    expect(res.statusCode).toBe(500);
    expect(await auditOf(res.headers['x-correlation-id'] as string, [lastThing])).toEqual([
      { personIds: [], status: 201, withThing: true },
    ]);
  });

  it('writes one row for a request of two transactions, in the first; none for a change rolled back', async () => {
    const twice = await call('POST', '/things/twice');
    const ids = twice.json<{ ids: string[] }>().ids;
    expect(await auditOf(twice.headers['x-correlation-id'] as string, ids.slice(0, 1))).toEqual([
      { personIds: [], status: 200, withThing: true },
    ]);
    const refused = await call('POST', `/things/${uuidv7()}/rolled-back`);
    expect(refused.statusCode).toBe(500);
    expect(await auditOf(refused.headers['x-correlation-id'] as string)).toEqual([]);
  });

  it('writes a person named only by the answer in a second row before the answer leaves', async () => {
    const res = await call('POST', '/things');
    expect(res.statusCode).toBe(201);
    expect(await auditOf(res.headers['x-correlation-id'] as string, [res.json<{ id: string }>().id])).toEqual(
      [
        { personIds: [], status: 201, withThing: true },
        { personIds: [person], status: 201, withThing: false },
      ],
    );
  });

  it('names a person its transaction noted as changed in that row, and then needs no second row for the answer', async () => {
    const res = await call('POST', '/things/noted');
    expect(res.statusCode).toBe(201);
    expect(await auditOf(res.headers['x-correlation-id'] as string, [res.json<{ id: string }>().id])).toEqual(
      [{ personIds: [person], status: 201, withThing: true }],
    );
  });

  it('audits a change request that ran no writing transaction before its answer, as before', async () => {
    const res = await call('POST', `/things/${uuidv7()}/read-only`);
    expect(res.statusCode).toBe(200);
    expect(await auditOf(res.headers['x-correlation-id'] as string)).toEqual([
      { personIds: [], status: 200, withThing: false },
    ]);
  });
});
