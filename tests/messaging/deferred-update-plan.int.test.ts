import { deferredUpdate, flushDeferred, withTenantTransaction, writeDeferred } from '@relais/messaging';
import { createPool, migrate } from '@relais/service-kit';
import { createTestDatabase, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// A run's flush that updates several rows of a table the replay fills from empty
// (Statement.replan): with its plan kept, PostgreSQL reuses the plan it made while the table was
// small, on a server where nothing analyses the table (autovacuum off, or not yet run).

const tenantId = '0190a000-0000-7000-8000-0000000000ac';
const role = `relais_plan_test_${uuidv7().replaceAll('-', '').slice(-12)}`;
let db: TestDatabase;
let owner: pg.Pool;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase(inject('postgresUrl'), 'deferred_plan');
  // relais_expect_rows, with which a deferred update checks its rows were there.
  await migrate({ databaseUrl: db.url, logger: pino({ level: 'silent' }) });
  owner = new pg.Pool({ connectionString: db.url, max: 1 });
  // A table like coverage_periods: under row-level security by CPAS, with an index by CPAS, never
  // analysed. Row-level security does not hold a superuser: the pool connects as a plain role.
  await owner.query(`
    CREATE TABLE periods (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, person_id uuid NOT NULL,
      kind text NOT NULL DEFAULT 'integration_income', start_date date NOT NULL DEFAULT '2026-01-05',
      end_date date, placement_id uuid, status text NOT NULL DEFAULT 'active', category text,
      source_event_id uuid, actor_id uuid, created_at timestamptz NOT NULL DEFAULT clock_timestamp());
    CREATE INDEX periods_person_idx ON periods (tenant_id, person_id, start_date);
    ALTER TABLE periods SET (autovacuum_enabled = false);
    ALTER TABLE periods ENABLE ROW LEVEL SECURITY;
    ALTER TABLE periods FORCE ROW LEVEL SECURITY;
    CREATE POLICY by_tenant ON periods
      USING (tenant_id = (NULLIF(current_setting('app.tenant_id', true), ''))::uuid);
    CREATE ROLE ${role} LOGIN;
    GRANT SELECT, INSERT, UPDATE ON periods TO ${role};
    GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${role};`);
  const url = new URL(db.url);
  url.username = role;
  pool = createPool({ connectionString: url.toString(), max: 1, applicationName: 'deferred-plan-test' });
});

afterAll(async () => {
  await pool.end();
  await owner.query(`DROP OWNED BY ${role}`);
  await owner.end();
  await db.drop();
  const admin = new pg.Client({ connectionString: inject('postgresUrl') });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

const addPeriods = async (n: number): Promise<string[]> =>
  (
    await owner.query<{ id: string }>(
      `INSERT INTO periods (id, tenant_id, person_id)
       SELECT gen_random_uuid(), $1, gen_random_uuid() FROM generate_series(1, $2::int) RETURNING id`,
      [tenantId, n],
    )
  ).rows.map((r) => r.id);

/** Ends two periods in one flush: the rows of the table it read, as PostgreSQL counted them in its transaction. */
const endTwo = async (ids: readonly [string, string], day: string): Promise<number> =>
  withTenantTransaction(pool, tenantId, async (tx) => {
    for (const id of ids)
      await writeDeferred(
        tx,
        deferredUpdate(
          'periods',
          { tenant_id: [tenantId, 'uuid'], id: [id, 'uuid'] },
          { end_date: [day, 'date'] },
          `period ${id} is gone`,
        ),
      );
    await flushDeferred(tx);
    const { rows } = await tx.query<{ read: string }>(
      `SELECT (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::text AS read
         FROM pg_stat_xact_user_tables WHERE relname = 'periods'`,
    );
    return Number(rows[0]?.read ?? 0);
  });

describe('a flush that updates several rows', () => {
  it('given a table that grew from 200 rows to 20,000 since its first flushes, when it flushes again, then it reads about the rows it updates, not the CPAS’s', async () => {
    // The first runs of a replay: a couple of hundred periods. Past the five executions after
    // which PostgreSQL may keep a generic plan, the flushes end the same two periods again.
    const [first = '', second = ''] = await addPeriods(200);
    for (let i = 1; i <= 8; i++) await endTwo([first, second], `2026-03-0${String(i)}`);
    await addPeriods(20_000);
    const read = await endTwo([first, second], '2026-03-10');
    expect(read).toBeLessThan(100);
  });
});
