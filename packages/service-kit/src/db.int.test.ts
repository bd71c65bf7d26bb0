import { createTestDatabase, type TestDatabase } from '@relais/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPool } from './db.ts';

let database: TestDatabase;
const pools: pg.Pool[] = [];

/** A pool of one connection, so every statement and `pg_prepared_statements` see the same session. */
const onePool = (preparedStatements?: number) => {
  const pool = createPool({
    connectionString: database.url,
    max: 1,
    applicationName: 'kit-db-test',
    ...(preparedStatements === undefined ? {} : { preparedStatements }),
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
});
