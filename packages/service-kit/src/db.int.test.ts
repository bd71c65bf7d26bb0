import { runStatements } from '@relais/messaging';
import { createTestDatabase, type TestDatabase } from '@relais/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool } from './db.ts';

let database: TestDatabase;
const pools: pg.Pool[] = [];

/** A pool of one connection, so every statement and `pg_prepared_statements` see the same session. */
const onePool = (preparedStatements?: number, pipeline?: boolean) => {
  const pool = createPool({
    connectionString: database.url,
    max: 1,
    applicationName: 'kit-db-test',
    ...(preparedStatements === undefined ? {} : { preparedStatements }),
    ...(pipeline === undefined ? {} : { pipeline }),
  });
  pools.push(pool);
  return pool;
};

const preparedTexts = async (pool: pg.Pool) =>
  (
    await pool.query<{ name: string; statement: string }>(
      'SELECT name, statement FROM pg_prepared_statements ORDER BY statement',
    )
  ).rows;

beforeAll(async () => {
  database = await createTestDatabase(inject('postgresUrl'), 'kit_db');
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await database.drop();
});

/** Runs `work` on a connection of `pool` whose socket writes are listed as they happen. */
const withWritesCounted = async (
  pool: pg.Pool,
  work: (client: pg.PoolClient, writes: string[]) => Promise<void>,
): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
    const { stream } = (
      client as unknown as { connection: { stream: { _writev: unknown; _write: unknown } } }
    ).connection;
    const writes: string[] = [];
    const { _writev: writev, _write: write } = stream;
    stream._writev = function (this: unknown, ...args: unknown[]) {
      writes.push('writev');
      return (writev as (...a: unknown[]) => unknown).apply(this, args);
    };
    stream._write = function (this: unknown, ...args: unknown[]) {
      writes.push('write');
      return (write as (...a: unknown[]) => unknown).apply(this, args);
    };
    try {
      await work(client, writes);
    } finally {
      stream._writev = writev;
      stream._write = write;
    }
  } finally {
    client.release();
  }
};

/** Three statements issued in one turn, two with parameters; their rows. */
const threeTogether = async (client: pg.PoolClient) =>
  (
    await Promise.all([
      client.query<{ n: number }>('SELECT $1::int AS n', [1]),
      client.query<{ n: number }>('SELECT $1::int + 1 AS n', [1]),
      client.query<{ s: string }>("SELECT 'three' AS s"),
    ])
  ).map((a) => a.rows[0]);

describe('the connection pool (createPool)', () => {
  it('given statements with parameters, when run twice, then each is prepared once under a name of its text and answers as before', async () => {
    const pool = onePool();
    for (let i = 0; i < 2; i++) {
      expect((await pool.query<{ n: number }>('SELECT $1::int + 1 AS n', [i])).rows).toEqual([{ n: i + 1 }]);
      expect((await pool.query<{ s: string }>('SELECT $1::text AS s', ['x'])).rows).toEqual([{ s: 'x' }]);
    }
    await pool.query('SELECT 1');
    const prepared = await preparedTexts(pool);
    expect(prepared.map((p) => p.statement)).toEqual(['SELECT $1::int + 1 AS n', 'SELECT $1::text AS s']);
    expect(prepared.every((p) => /^r_[A-Za-z0-9_-]{32}$/.test(p.name))).toBe(true);
    // Another connection names the same text the same.
    const other = onePool();
    await other.query('SELECT $1::text AS s', ['y']);
    expect((await preparedTexts(other)).map((p) => p.name)).toContain(
      prepared.find((p) => p.statement === 'SELECT $1::text AS s')?.name,
    );
  });

  it('given a limit, when more texts come, then the connection keeps that many and runs the others unnamed', async () => {
    const pool = onePool(2);
    for (const k of [1, 2, 3, 1]) {
      expect((await pool.query<{ k: number }>(`SELECT $1::int * ${String(k)} AS k`, [1])).rows).toEqual([
        { k },
      ]);
    }
    expect((await preparedTexts(pool)).map((p) => p.statement)).toEqual([
      'SELECT $1::int * 1 AS k',
      'SELECT $1::int * 2 AS k',
    ]);
  });

  it('given a statement that says replan, when run, then it is not kept prepared: PostgreSQL plans it at each run', async () => {
    const pool = onePool();
    const client = await pool.connect();
    try {
      const answers = await runStatements(client, [
        { text: 'SELECT $1::int AS kept', values: [1] },
        { text: 'SELECT $1::int AS planned', values: [2], replan: true },
      ]);
      expect(answers.map((a): unknown => a.rows)).toEqual([[{ kept: 1 }], [{ planned: 2 }]]);
    } finally {
      client.release();
    }
    expect((await preparedTexts(pool)).map((p) => p.statement)).toEqual(['SELECT $1::int AS kept']);
  });

  it('given prepared statements turned off, when statements run, then none is prepared', async () => {
    const pool = onePool(0);
    await pool.query('SELECT $1::int AS n', [1]);
    expect(await preparedTexts(pool)).toEqual([]);
  });

  it('given a prepared statement whose values are refused, when run again with good ones, then it answers', async () => {
    const pool = onePool();
    await expect(pool.query('SELECT $1::uuid AS id', ['not-a-uuid'])).rejects.toThrow(/uuid/);
    const id = '0190a000-0000-7000-8000-0000000000a1';
    expect((await pool.query('SELECT $1::uuid AS id', [id])).rows).toEqual([{ id }]);
  });

  it('given statements issued in one turn of the event loop, when they are sent, then they leave in one socket write and each gets its answer', async () => {
    await withWritesCounted(onePool(), async (client, writes) => {
      expect(await threeTogether(client)).toEqual([{ n: 1 }, { n: 2 }, { s: 'three' }]);
      expect(writes).toEqual(['writev']);
      // Awaited one by one, each goes when issued: three writes.
      writes.length = 0;
      for (const n of [1, 2, 3]) await client.query('SELECT $1::int AS n', [n]);
      expect(writes).toHaveLength(3);
    });
  });

  it('given pipelining turned off (DATABASE_PIPELINE=false), when statements are issued together, then each goes once the one before answered, and each gets its answer', async () => {
    await withWritesCounted(onePool(undefined, false), async (client, writes) => {
      expect((client as unknown as { pipeline?: boolean }).pipeline).toBe(false);
      expect(await threeTogether(client)).toEqual([{ n: 1 }, { n: 2 }, { s: 'three' }]);
      expect(writes).toHaveLength(3);
    });
  });

  it('given a pool, when a statement fails among others sent together, then only that one fails and the connection goes on', async () => {
    const pool = onePool();
    const [good, bad, after] = await Promise.allSettled([
      pool.query('SELECT $1::int AS n', [1]),
      pool.query('SELECT $1::uuid AS id', ['not-a-uuid']),
      pool.query('SELECT $1::int AS n', [3]),
    ]);
    expect(good.status === 'fulfilled' && good.value.rows).toEqual([{ n: 1 }]);
    expect(bad.status === 'rejected' && String(bad.reason)).toMatch(/uuid/);
    expect(after.status === 'fulfilled' && after.value.rows).toEqual([{ n: 3 }]);
  });
});
