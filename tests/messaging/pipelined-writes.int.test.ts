import { createTestDatabase, type TestDatabase } from '@relais/testing';
import {
  failureOf,
  markUnit,
  pipelines,
  restoreUnit,
  withTenantTransaction,
  writeDeferred,
  writeLater,
} from '@relais/messaging';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000ac';
let db: TestDatabase;
/** Pipelining, as service-kit's pools are. */
let pool: pg.Pool;
/** Not pipelining (a test's own pool): writeLater waits for each answer. */
let plain: pg.Pool;

const insert = (body: string) => ({
  text: 'INSERT INTO notes (id, body) VALUES ($1, $2)',
  values: [uuidv7(), body],
});
const bodies = async () =>
  (await plain.query<{ body: string }>('SELECT body FROM notes ORDER BY seq')).rows.map((r) => r.body);

beforeAll(async () => {
  db = await createTestDatabase(
    process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    'pipelined',
  );
  pool = new pg.Pool({ connectionString: db.url, max: 2, pipeline: true });
  plain = new pg.Pool({ connectionString: db.url, max: 2 });
  await plain.query(
    `CREATE TABLE notes (seq bigserial, id uuid PRIMARY KEY, body text NOT NULL CHECK (body <> 'refused'))`,
  );
  await plain.query('CREATE TABLE gate (id int PRIMARY KEY)');
  await plain.query('INSERT INTO gate VALUES (1)');
});

afterAll(async () => {
  await Promise.all([pool.end(), plain.end()]);
  await db.drop();
});

beforeEach(async () => {
  await plain.query('TRUNCATE notes');
});

describe('statements sent without waiting (writeLater) on a pipelining connection', () => {
  it('given a write that cannot run yet (a row another transaction locks), when sent, then the use case goes on at once, and the commit waits for it', async () => {
    const holder = await plain.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM gate WHERE id = 1 FOR UPDATE');
      let sent = false;
      const committed = withTenantTransaction(pool, tenantId, async (tx) => {
        expect(pipelines(tx)).toBe(true);
        await writeLater(tx, { text: 'UPDATE gate SET id = id WHERE id = $1', values: [1] });
        await writeLater(tx, insert('behind the lock'));
        // Both are on the wire; the first waits for the lock, and nothing here waited for it.
        sent = true;
      });
      await expect.poll(() => sent).toBe(true);
      expect(await bodies()).toEqual([]);
      await holder.query('COMMIT');
      await committed;
      expect(await bodies()).toEqual(['behind the lock']);
    } finally {
      holder.release();
    }
  });

  it('given a read after writes sent without waiting, when it answers, then it sees them (one round trip for all)', async () => {
    await withTenantTransaction(pool, tenantId, async (tx) => {
      await writeLater(tx, insert('one'));
      await writeLater(tx, insert('two'));
      const { rows } = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notes');
      expect(rows).toEqual([{ n: 2 }]);
    });
    expect(await bodies()).toEqual(['one', 'two']);
  });

  it('given a write that fails, when the transaction goes on, then it fails with that write’s error (not "transaction aborted") and nothing is committed', async () => {
    await expect(
      withTenantTransaction(pool, tenantId, async (tx) => {
        await writeLater(tx, insert('fine'));
        await writeLater(tx, insert('refused'));
        // This read is answered "current transaction is aborted": the cause is the write before it.
        await tx.query('SELECT count(*) FROM notes');
      }),
    ).rejects.toThrow(/check constraint/);
    expect(await bodies()).toEqual([]);
  });

  it('given a write that fails and nothing read after it, when the transaction commits, then the commit fails with that error and nothing is committed', async () => {
    await expect(
      withTenantTransaction(pool, tenantId, async (tx) => {
        await writeLater(tx, insert('fine'));
        await writeDeferred(tx, { table: 'notes', columns: ['id', 'body'], values: [uuidv7(), 'refused'] });
      }),
    ).rejects.toThrow(/check constraint/);
    expect(await bodies()).toEqual([]);
  });

  it('given a failed write after a savepoint, when rolled back to it, then the failure is forgotten and the rest commits', async () => {
    await withTenantTransaction(pool, tenantId, async (tx) => {
      await writeLater(tx, insert('kept'));
      await tx.query('SAVEPOINT s');
      const at = markUnit(tx);
      await writeLater(tx, insert('refused'));
      expect(String(await failureOf(tx))).toMatch(/check constraint/);
      await tx.query('ROLLBACK TO SAVEPOINT s');
      restoreUnit(tx, at);
      await writeLater(tx, insert('after'));
    });
    expect(await bodies()).toEqual(['kept', 'after']);
  });

  it('given a connection that does not pipeline, when a write is sent, then it is run and awaited, and a failed one throws at once', async () => {
    await withTenantTransaction(plain, tenantId, async (tx) => {
      expect(pipelines(tx)).toBe(false);
      await writeLater(tx, insert('awaited'));
      expect((await tx.query('SELECT count(*)::int AS n FROM notes')).rows).toEqual([{ n: 1 }]);
      await tx.query('SAVEPOINT s');
      await expect(writeLater(tx, insert('refused'))).rejects.toThrow(/check constraint/);
      await tx.query('ROLLBACK TO SAVEPOINT s');
    });
    expect(await bodies()).toEqual(['awaited']);
  });
});
