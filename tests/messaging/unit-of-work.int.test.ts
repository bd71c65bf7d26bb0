import { createTestDatabase, type TestDatabase } from '@relais/testing';
import {
  deferredRow,
  deferredUpdate,
  flushDeferred,
  inlineSql,
  lockedAtBegin,
  lockOnce,
  lockOnceStatement,
  markUnit,
  restoreUnit,
  withTenantTransaction,
  writeDeferred,
  type DeferredRow,
} from '@relais/messaging';
import { migrate } from '@relais/service-kit';
import pg from 'pg';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000ab';
let db: TestDatabase;
let pool: pg.Pool;

const note = (body: string, extra: Partial<{ id: string; tags: string[] }> = {}): DeferredRow => ({
  table: 'notes',
  columns: ['id', 'body', 'tags', 'details'],
  values: [extra.id ?? uuidv7(), body, extra.tags ?? [], JSON.stringify({ body })],
});
const mark = (id: string): DeferredRow => ({ table: 'marks', columns: ['id'], values: [id] });
const bodies = async () =>
  (await pool.query<{ body: string }>('SELECT body FROM notes ORDER BY seq')).rows.map((r) => r.body);

/** Counts the statements sent on `client` (each is a round trip) until `restore`. */
const counting = (client: pg.PoolClient) => {
  let n = 0;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    n += 1;
    return query(...args);
  };
  return {
    count: () => n,
    restore: () => {
      (client as unknown as { query: unknown }).query = query;
    },
  };
};

beforeAll(async () => {
  db = await createTestDatabase(
    process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    'uow',
  );
  // relais_expect_rows, which deferred updates use to check their rows were there.
  await migrate({ databaseUrl: db.url, logger: pino({ level: 'silent' }) });
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  await pool.query(`CREATE TABLE notes (seq bigserial, id uuid PRIMARY KEY, body text NOT NULL CHECK (body <> 'refused'),
                      tags text[] NOT NULL, details jsonb NOT NULL)`);
  await pool.query('CREATE TABLE marks (id uuid PRIMARY KEY)');
});

afterAll(async () => {
  await pool.end();
  await db.drop();
});

beforeEach(async () => {
  await pool.query('TRUNCATE notes, marks');
});

describe('deferred append-only rows', () => {
  it('are written at the commit, in one statement for several tables, in the order they were deferred', async () => {
    let statements = 0;
    await withTenantTransaction(pool, tenantId, async (tx) => {
      const counter = counting(tx);
      await writeDeferred(tx, note('first', { tags: ['a', 'b'] }));
      await writeDeferred(tx, mark(uuidv7()));
      await writeDeferred(tx, note('second'));
      await writeDeferred(tx, note('third'));
      // Not there yet: a read in the transaction does not see them.
      expect((await tx.query('SELECT count(*)::int AS n FROM notes')).rows[0]).toEqual({ n: 0 });
      await flushDeferred(tx);
      statements = counter.count();
      counter.restore();
    });
    expect(statements).toBe(2); // the read, then one statement for the four rows
    expect(await bodies()).toEqual(['first', 'second', 'third']);
    expect((await pool.query('SELECT tags, details FROM notes ORDER BY seq LIMIT 1')).rows[0]).toEqual({
      tags: ['a', 'b'],
      details: { body: 'first' },
    });
    expect((await pool.query('SELECT count(*)::int AS n FROM marks')).rows[0]).toEqual({ n: 1 });
  });

  it('of one table with another column list or a conflict clause go in INSERTs of their own, in one statement, each value in its column', async () => {
    const existing = uuidv7();
    await pool.query(`INSERT INTO notes (id, body, tags, details) VALUES ($1, 'kept', '{}', '{}')`, [
      existing,
    ]);
    const reordered = uuidv7();
    let statements = 0;
    await withTenantTransaction(pool, tenantId, async (tx) => {
      const counter = counting(tx);
      await writeDeferred(tx, note('first'));
      await writeDeferred(tx, {
        table: 'notes',
        columns: ['body', 'id', 'tags', 'details'],
        values: ['reordered', reordered, ['r'], '{}'],
      });
      await writeDeferred(tx, {
        ...note('not written', { id: existing }),
        onConflict: 'ON CONFLICT (id) DO NOTHING',
      });
      await writeDeferred(tx, note('last'));
      await flushDeferred(tx);
      statements = counter.count();
      counter.restore();
    });
    expect(statements).toBe(1);
    // One INSERT per column list and clause, each keeping its rows' order (PostgreSQL runs the
    // statement's INSERTs in an order of its own).
    const written = await bodies();
    expect([...written].sort()).toEqual(['first', 'kept', 'last', 'reordered']);
    expect(written.indexOf('first')).toBeLessThan(written.indexOf('last'));
    expect((await pool.query('SELECT body, tags FROM notes WHERE id = $1', [reordered])).rows).toEqual([
      { body: 'reordered', tags: ['r'] },
    ]);
  });

  it('are flushed by the transaction before it commits, and a row that cannot be written rolls it all back', async () => {
    await withTenantTransaction(pool, tenantId, async (tx) => {
      await writeDeferred(tx, note('kept'));
    });
    expect(await bodies()).toEqual(['kept']);
    await expect(
      withTenantTransaction(pool, tenantId, async (tx) => {
        await tx.query('INSERT INTO marks (id) VALUES ($1)', [uuidv7()]);
        await writeDeferred(tx, note('fine'));
        await writeDeferred(tx, note('refused'));
      }),
    ).rejects.toThrow(/check constraint/);
    expect(await bodies()).toEqual(['kept']);
    expect((await pool.query('SELECT count(*)::int AS n FROM marks')).rows[0]).toEqual({ n: 0 });
  });

  it('are gone with a failed transaction: the connection goes back to the pool with nothing pending', async () => {
    const small = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      await expect(
        withTenantTransaction(small, tenantId, async (tx) => {
          await writeDeferred(tx, note('lost'));
          throw new Error('the use case failed');
        }),
      ).rejects.toThrow('the use case failed');
      // Same (only) connection: nothing of the failed transaction is written by the next one.
      await withTenantTransaction(small, tenantId, async (tx) => {
        await writeDeferred(tx, note('next'));
      });
    } finally {
      await small.end();
    }
    expect(await bodies()).toEqual(['next']);
  });

  it('written since a mark are forgotten with a rollback to the savepoint taken there', async () => {
    await withTenantTransaction(pool, tenantId, async (tx) => {
      await writeDeferred(tx, note('before'));
      await tx.query('SAVEPOINT s');
      const at = markUnit(tx);
      await writeDeferred(tx, note('undone'));
      await tx.query('ROLLBACK TO SAVEPOINT s');
      restoreUnit(tx, at);
      await writeDeferred(tx, note('after'));
    });
    expect(await bodies()).toEqual(['before', 'after']);
  });

  it('wake their channel in the same statement: the notification comes at the commit, none after a rollback', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query('LISTEN notes_written');
    try {
      await expect(
        withTenantTransaction(pool, tenantId, async (tx) => {
          await writeDeferred(tx, { ...note('rolled back'), notify: 'notes_written' });
          await flushDeferred(tx);
          throw new Error('the use case failed after the flush');
        }),
      ).rejects.toThrow('after the flush');
      await withTenantTransaction(pool, tenantId, async (tx) => {
        await writeDeferred(tx, { ...note('one'), notify: 'notes_written' });
        await writeDeferred(tx, { ...note('two'), notify: 'notes_written' });
        await writeDeferred(tx, mark(uuidv7()));
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual(['notes_written']);
      expect(await bodies()).toEqual(['one', 'two']);
      expect((await pool.query('SELECT count(*)::int AS n FROM marks')).rows[0]).toEqual({ n: 1 });
    } finally {
      await listener.end();
    }
  });

  it('are written at once on a connection outside a unit of work', async () => {
    const client = await pool.connect();
    try {
      await writeDeferred(client, note('now'));
      expect(await bodies()).toEqual(['now']);
    } finally {
      client.release();
    }
  });

  it('are split over several statements beyond the parameter limit, all written', async () => {
    const rows = Array.from({ length: 8000 }, (_, i) => note(`n${String(i)}`));
    await withTenantTransaction(pool, tenantId, async (tx) => {
      for (const row of rows) await writeDeferred(tx, row);
    });
    const written = await bodies();
    expect(written).toHaveLength(8000);
    expect(written.at(-1)).toBe('n7999');
  });

  it('can be given as values by column (deferredRow), each value written to its column', async () => {
    const id = uuidv7();
    await withTenantTransaction(pool, tenantId, async (tx) => {
      await writeDeferred(
        tx,
        deferredRow('notes', {
          details: JSON.stringify({ by: 'column' }),
          tags: ['x'],
          body: 'by column',
          id,
        }),
      );
    });
    expect((await pool.query('SELECT id, body, tags, details FROM notes')).rows).toEqual([
      { id, body: 'by column', tags: ['x'], details: { by: 'column' } },
    ]);
  });

  it('refuses a table or column that is not a plain identifier', async () => {
    await expect(
      withTenantTransaction(pool, tenantId, async (tx) => {
        await writeDeferred(tx, { table: 'notes; DROP TABLE marks', columns: ['id'], values: [uuidv7()] });
      }),
    ).rejects.toThrow(/not a plain identifier/);
  });
});

describe('deferred updates', () => {
  const retag = (id: string, tags: string[], body = 'retagged') =>
    deferredUpdate(
      'notes',
      { id: [id, 'uuid'] },
      { tags: [tags, 'text[]'], body: [body, 'text'] },
      `note ${id} is missing`,
    );
  const stored = async () =>
    (await pool.query<{ body: string; tags: string[] }>('SELECT body, tags FROM notes ORDER BY seq')).rows;

  it('are written with the deferred rows, in one statement, all rows of a table in one UPDATE', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    await pool.query(
      `INSERT INTO notes (id, body, tags, details) VALUES ($1, 'a', '{}', '{}'), ($2, 'b', '{}', '{}')`,
      [a, b],
    );
    await withTenantTransaction(pool, tenantId, async (tx) => {
      const counter = counting(tx);
      await writeDeferred(tx, retag(a, ['x']));
      await writeDeferred(tx, note('new'));
      await writeDeferred(tx, retag(b, ['y', 'z'], 'b again'));
      expect(await stored()).toEqual([
        { body: 'a', tags: [] },
        { body: 'b', tags: [] },
      ]);
      await flushDeferred(tx);
      expect(counter.count()).toBe(1);
      counter.restore();
    });
    expect(await stored()).toEqual([
      { body: 'retagged', tags: ['x'] },
      { body: 'b again', tags: ['y', 'z'] },
      { body: 'new', tags: [] },
    ]);
  });

  it('of a row an earlier deferred row writes come after it: inserted then updated, updated twice', async () => {
    const id = uuidv7();
    await withTenantTransaction(pool, tenantId, async (tx) => {
      await writeDeferred(tx, note('inserted', { id }));
      await writeDeferred(tx, retag(id, ['first'], 'first'));
      await writeDeferred(tx, retag(id, ['second'], 'second'));
    });
    expect(await stored()).toEqual([{ body: 'second', tags: ['second'] }]);
  });

  it('of a row deferred earlier send nothing before the flush: a rollback to a savepoint taken between keeps what came before it', async () => {
    const id = uuidv7();
    await withTenantTransaction(pool, tenantId, async (tx) => {
      // An earlier event of a run: its row waits for the COMMIT.
      await writeDeferred(tx, note('before'));
      // The next event, in its savepoint, inserts a row and updates it, then is refused.
      await tx.query('SAVEPOINT event');
      const at = markUnit(tx);
      const counter = counting(tx);
      await writeDeferred(tx, note('refused event', { id }));
      await writeDeferred(tx, retag(id, ['x']));
      expect(counter.count()).toBe(0);
      counter.restore();
      await tx.query('ROLLBACK TO SAVEPOINT event');
      restoreUnit(tx, at);
    });
    expect(await stored()).toEqual([{ body: 'before', tags: [] }]);
  });

  it('fail the transaction when a row is not there, naming it, and nothing of it is written', async () => {
    const gone = uuidv7();
    await expect(
      withTenantTransaction(pool, tenantId, async (tx) => {
        await writeDeferred(tx, note('lost'));
        await writeDeferred(tx, retag(gone, ['x']));
      }),
    ).rejects.toThrow(`note ${gone} is missing`);
    expect(await stored()).toEqual([]);
  });

  it('refuse a type that is not a plain type name, and an update with nothing to set', async () => {
    await expect(
      withTenantTransaction(pool, tenantId, async (tx) => {
        await writeDeferred(
          tx,
          deferredUpdate(
            'notes',
            { id: [uuidv7(), 'uuid); DROP TABLE marks; --'] },
            { body: ['x', 'text'] },
            'x',
          ),
        );
      }),
    ).rejects.toThrow(/not a plain type name/);
    await expect(
      withTenantTransaction(pool, tenantId, async (tx) => {
        await writeDeferred(tx, deferredUpdate('notes', { id: [uuidv7(), 'uuid'] }, {}, 'x'));
      }),
    ).rejects.toThrow(/no column to set/);
  });
});

describe('lockOnce', () => {
  const held = async (key: string) =>
    (
      await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted
            AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
        [key],
      )
    ).rows[0]?.n ?? 0;

  it('takes a lock once per transaction, and again after a rollback to a savepoint released it', async () => {
    const key = `person:${uuidv7()}`;
    await withTenantTransaction(pool, tenantId, async (tx) => {
      const counter = counting(tx);
      await lockOnce(tx, key);
      await lockOnce(tx, key);
      expect(counter.count()).toBe(1);
      expect(await held(key)).toBe(1);
      counter.restore();
    });
    expect(await held(key)).toBe(0);
    const other = `person:${uuidv7()}`;
    await withTenantTransaction(pool, tenantId, async (tx) => {
      await tx.query('SAVEPOINT s');
      const at = markUnit(tx);
      await lockOnce(tx, other);
      expect(await held(other)).toBe(1);
      await tx.query('ROLLBACK TO SAVEPOINT s');
      restoreUnit(tx, at);
      expect(await held(other)).toBe(0);
      await lockOnce(tx, other);
      expect(await held(other)).toBe(1);
    });
  });

  it('given the lock sent with BEGIN (lockOnceStatement), when lockOnce asks for it, then it is the same lock and nothing more is sent', async () => {
    const [first, second] = [uuidv7(), uuidv7()];
    const key = `${first}:${second}`;
    await withTenantTransaction(
      pool,
      tenantId,
      async (tx) => {
        expect(await held(key)).toBe(1);
        lockedAtBegin(tx, first, second);
        const counter = counting(tx);
        await lockOnce(tx, key);
        expect(counter.count()).toBe(0);
        counter.restore();
      },
      { atBegin: inlineSql(lockOnceStatement(first, second)) },
    );
    expect(await held(key)).toBe(0);
  });
});
