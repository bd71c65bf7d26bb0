import { createTestDatabase, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
