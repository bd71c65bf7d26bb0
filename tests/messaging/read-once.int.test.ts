import { createTestDatabase, type TestDatabase } from '@relais/testing';
import { inlineSql, readOnce, withTenantTransaction } from '@relais/messaging';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000ac';
let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase(
    process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    'read_once',
  );
  // One connection: what the read leaves on it is what the next user of the pool gets.
  pool = new pg.Pool({ connectionString: db.url, max: 1 });
  await pool.query('CREATE TABLE notes (id uuid PRIMARY KEY, n integer NOT NULL)');
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** The CPAS the pool's connection has now ('' once a transaction set and ended it, null never set). */
const tenantNow = async () =>
  (await pool.query<{ t: string | null }>("SELECT current_setting('app.tenant_id', true) AS t")).rows[0]?.t ??
  '';

describe('a one-statement read in one round trip (readOnce)', () => {
  it('given a read, when it runs, then its statement sees the CPAS and the connection keeps none after it', async () => {
    const seen = await readOnce(pool, tenantId, async (q) => {
      const { rows } = await q.query<{ t: string }>("SELECT current_setting('app.tenant_id') AS t");
      return rows[0]?.t;
    });
    expect(seen).toBe(tenantId);
    expect(await tenantNow()).toBe('');
  });

  it('given UUIDs, integers, booleans and null, when written into the statement, then they compare as parameters would', async () => {
    const id = '0190a000-0000-7000-8000-0000000000ad';
    await pool.query('INSERT INTO notes VALUES ($1, 7)', [id]);
    const row = await readOnce(pool, tenantId, async (q) => {
      const { rows } = await q.query<{ id: string; n: number; b: boolean; nothing: boolean }>(
        'SELECT id, n, $3::boolean AS b, $4::text IS NULL AS nothing FROM notes WHERE id = $1 AND n = $2',
        [id, 7, true, null],
      );
      return rows[0];
    });
    expect(row).toEqual({ id, n: 7, b: true, nothing: true });
  });

  it('given a value that could carry SQL, a missing value or a tenant that is not a UUID, when read, then it throws before anything is sent', async () => {
    const attempt = (value: unknown) =>
      readOnce(pool, tenantId, (q) => q.query('SELECT count(*) FROM notes WHERE id = $1', [value]));
    await expect(attempt("x'; DROP TABLE notes; --")).rejects.toThrow(TypeError);
    await expect(attempt(1.5)).rejects.toThrow(TypeError);
    await expect(attempt(new Date())).rejects.toThrow(TypeError);
    await expect(readOnce(pool, tenantId, (q) => q.query('SELECT $2::int', [1]))).rejects.toThrow(RangeError);
    await expect(readOnce(pool, "x'", (q) => q.query('SELECT 1'))).rejects.toThrow(TypeError);
    expect((await pool.query("SELECT to_regclass('notes') IS NOT NULL AS here")).rows[0]).toEqual({
      here: true,
    });
  });

  it('given a read of two statements, when the second is sent, then it throws: one trip is one statement', async () => {
    await expect(
      readOnce(pool, tenantId, async (q) => {
        await q.query('SELECT 1');
        await q.query('SELECT 2');
      }),
    ).rejects.toThrow(/one statement/);
  });

  it('given a statement that fails, when read, then the error comes back and the connection serves the next caller without the CPAS', async () => {
    await expect(readOnce(pool, tenantId, (q) => q.query('SELECT * FROM no_such_table'))).rejects.toThrow(
      /no_such_table/,
    );
    expect(await tenantNow()).toBe('');
  });

  it('given a statement written into plain SQL, when sent with BEGIN, then it runs under the CPAS and its rows reach the work', async () => {
    const id = '0190a000-0000-7000-8000-0000000000ae';
    await pool.query('INSERT INTO notes VALUES ($1, 8)', [id]);
    const atBegin = inlineSql({
      text: "SELECT n, current_setting('app.tenant_id') AS t FROM notes WHERE id = $1 FOR UPDATE",
      values: [id],
    });
    expect(atBegin).toBe(
      `SELECT n, current_setting('app.tenant_id') AS t FROM notes WHERE id = '${id}' FOR UPDATE`,
    );
    const seen = await withTenantTransaction(pool, tenantId, (_tx, [found]) => Promise.resolve(found?.rows), {
      atBegin,
    });
    expect(seen).toEqual([{ n: 8, t: tenantId }]);
  });
});

describe('a one-statement read on a pipelining pool (readOnce)', () => {
  let piped: pg.Pool;
  beforeAll(() => {
    piped = new pg.Pool({ connectionString: db.url, max: 1, pipeline: true });
  });
  afterAll(async () => {
    await piped.end();
  });
  const tenantOfPiped = async () =>
    (await piped.query<{ t: string | null }>("SELECT current_setting('app.tenant_id', true) AS t")).rows[0]
      ?.t ?? '';

  it('given any values, when read, then they go as parameters (nothing written into the SQL), under the CPAS, and the connection keeps none after it', async () => {
    const id = '0190a000-0000-7000-8000-0000000000af';
    await pool.query('INSERT INTO notes VALUES ($1, 9) ON CONFLICT DO NOTHING', [id]);
    const row = await readOnce(piped, tenantId, async (q) => {
      const { rows } = await q.query<{ n: number; odd: string; t: string }>(
        "SELECT n, $2::text AS odd, current_setting('app.tenant_id') AS t FROM notes WHERE id = $1",
        [id, "x'; DROP TABLE notes; --"],
      );
      return rows[0];
    });
    expect(row).toEqual({ n: 9, odd: "x'; DROP TABLE notes; --", t: tenantId });
    expect(await tenantOfPiped()).toBe('');
  });

  it('given a statement that fails, when read, then the error comes back and the connection serves the next caller without the CPAS or a transaction', async () => {
    await expect(readOnce(piped, tenantId, (q) => q.query('SELECT * FROM no_such_table'))).rejects.toThrow(
      /no_such_table/,
    );
    expect(await tenantOfPiped()).toBe('');
    expect((await piped.query<{ n: number }>('SELECT $1::int AS n', [4])).rows).toEqual([{ n: 4 }]);
  });

  it('given a read, when it writes, then it is refused (the read is READ ONLY)', async () => {
    await expect(
      readOnce(piped, tenantId, (q) =>
        q.query('INSERT INTO notes VALUES ($1, 1)', ['0190a000-0000-7000-8000-0000000000b0']),
      ),
    ).rejects.toThrow(/read-only/);
  });
});
