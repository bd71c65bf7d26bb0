import { withTenantTransaction } from '@relais/messaging';
import { createTestDatabase, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool } from '../db.ts';
import { appConnectionString, assertHeldByRowLevelSecurity, secureDatabase } from './database.ts';

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';
const ROLE = 'relais_kit_test_app';
const logger = pino({ level: 'silent' });
let database: TestDatabase;
let owner: pg.Pool;
let app: pg.Pool;
let platform: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase(inject('postgresUrl'), 'kit_rls');
  owner = new pg.Pool({ connectionString: database.url, max: 2 });
  await owner.query(`
    CREATE TABLE notes (id serial PRIMARY KEY, tenant_id uuid NOT NULL, body text NOT NULL);
    CREATE TABLE settings (id serial PRIMARY KEY, tenant_id uuid, value int NOT NULL);
    CREATE TABLE units (code text PRIMARY KEY);
    INSERT INTO notes (tenant_id, body) VALUES ('${A}', 'a1'), ('${A}', 'a2'), ('${B}', 'b1');
    INSERT INTO settings (tenant_id, value) VALUES (NULL, 1), ('${B}', 2);
    INSERT INTO units VALUES ('day');`);
  // Three instances starting at once secure the same database without tripping on each other.
  const results = await Promise.all(
    [1, 2, 3].map(() => secureDatabase({ ownerUrl: database.url, appRole: ROLE, logger })),
  );
  expect(results[0]).toEqual({ tenantTables: ['notes', 'settings'], otherTables: ['units'] });
  const url = appConnectionString(database.url, ROLE, undefined);
  app = createPool({ connectionString: url, max: 2, applicationName: 'kit-test' });
  platform = createPool({
    connectionString: url,
    max: 1,
    applicationName: 'kit-test',
    sessionSettings: { 'app.scope': 'platform' },
  });
});

afterAll(async () => {
  await Promise.all([owner.end(), app.end(), platform.end()]);
  await database.drop();
});

const count = (rows: { n: number }[]) => rows[0]?.n;

describe('row-level security put in place by the service kit', () => {
  it('given no CPAS set, when the application role reads, then it sees nothing (fails closed)', async () => {
    expect(count((await app.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')).rows)).toBe(0);
  });

  it('given CPAS A set, when it reads and writes, then only A’s rows, and a row for B is refused', async () => {
    const bodies = await withTenantTransaction(
      app,
      A,
      async (tx) => (await tx.query<{ body: string }>('SELECT body FROM notes ORDER BY body')).rows,
    );
    expect(bodies.map((r) => r.body)).toEqual(['a1', 'a2']);
    await expect(
      withTenantTransaction(app, A, (tx) =>
        tx.query("INSERT INTO notes (tenant_id, body) VALUES ($1, 'x')", [B]),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await withTenantTransaction(app, A, (tx) =>
      tx.query("UPDATE notes SET body = 'z' WHERE body = 'b1'"),
    );
    expect(changed.rowCount).toBe(0);
  });

  it('given platform defaults (no CPAS), when any CPAS reads, then it sees them and its own, and cannot write a default', async () => {
    const values = await withTenantTransaction(
      app,
      A,
      async (tx) => (await tx.query<{ value: number }>('SELECT value FROM settings')).rows,
    );
    expect(values.map((r) => r.value)).toEqual([1]);
    await expect(
      withTenantTransaction(app, A, (tx) =>
        tx.query('INSERT INTO settings (tenant_id, value) VALUES (NULL, 9)'),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('given the platform scope, when it reads, then it sees every CPAS, and it cannot write', async () => {
    expect(count((await platform.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')).rows)).toBe(3);
    await expect(platform.query("INSERT INTO notes (tenant_id, body) VALUES ($1, 'p')", [A])).rejects.toThrow(
      /row-level security/,
    );
    expect((await platform.query("UPDATE notes SET body = 'p'")).rowCount).toBe(0);
  });

  it('given the roles, when checked, then the application role passes and a superuser is refused', async () => {
    await expect(assertHeldByRowLevelSecurity(app)).resolves.toBeUndefined();
    await expect(assertHeldByRowLevelSecurity(owner)).rejects.toThrow(/bypasses row-level security/);
  });

  it('given another service’s secured database, when this service’s role connects to it, then it is refused', async () => {
    const theirs = await createTestDatabase(inject('postgresUrl'), 'kit_rls_other');
    try {
      await secureDatabase({ ownerUrl: theirs.url, appRole: `${ROLE}_other`, logger });
      const intruder = new pg.Client({ connectionString: appConnectionString(theirs.url, ROLE, undefined) });
      await expect(intruder.connect()).rejects.toThrow(/permission denied/);
      await intruder.end().catch(() => undefined);
    } finally {
      await theirs.drop();
    }
  });
});
