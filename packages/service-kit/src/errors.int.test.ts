import { createTestDatabase, type TestDatabase } from '@relais/testing';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { migrate } from './db.ts';
import { DomainError, isDomainError, isFailedSelfCheck } from './errors.ts';

let database: TestDatabase;
let client: pg.Client;

/** What PostgreSQL answers to `sql`, which must fail. */
const failureOf = async (sql: string, values: unknown[] = []): Promise<unknown> => {
  try {
    await client.query(sql, values);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${sql} to fail`);
};

beforeAll(async () => {
  database = await createTestDatabase(inject('postgresUrl'), 'kit_errors');
  await migrate({ databaseUrl: database.url, logger: pino({ level: 'silent' }) });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await database.drop();
});

describe('a failed self-check (relais_expect_rows), as consumers tell it from other failures', () => {
  it('given a statement whose count is not the one expected, then the failure is a self-check with its message', async () => {
    const error = await failureOf(
      `WITH decided AS (SELECT 1 WHERE false) SELECT relais_expect_rows((SELECT count(*) FROM decided), 1, $1::text)`,
      ['the trial was not running'],
    );
    expect(isFailedSelfCheck(error)).toBe(true);
    expect((error as Error).message).toBe('the trial was not running');
    // Not a domain refusal: HTTP does not answer it as one.
    expect(isDomainError(error)).toBe(false);
  });

  it('given the expected count, then the statement answers', async () => {
    await expect(client.query('SELECT relais_expect_rows(1, 1, $1::text)', ['fine'])).resolves.toBeDefined();
  });

  it("given PL/pgSQL's no_data_found, the same SQLSTATE raised elsewhere, or other failures, then it is not a self-check", async () => {
    const noData = await failureOf('DO $$ DECLARE x int; BEGIN SELECT 1 INTO STRICT x WHERE false; END $$');
    expect((noData as { code?: string }).code).toBe('P0002');
    expect(isFailedSelfCheck(noData)).toBe(false);
    expect(isFailedSelfCheck(await failureOf('SELECT 1/0'))).toBe(false);
    expect(isFailedSelfCheck(new DomainError('TRIAL_NOT_RUNNING', 'conflict', 'not running'))).toBe(false);
    expect(isFailedSelfCheck(undefined)).toBe(false);
    expect(isFailedSelfCheck(null)).toBe(false);
  });
});
