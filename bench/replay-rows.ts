// The replay's floor: the rows a replay wrote, written again set-based. After the replay, a copy
// of its database loses the rows of a sample of its people (half of them, at most 5,000), and
// those rows go back in chunks of people, one transaction per chunk, on one connection and then on
// two at once (as partitions applied side by side would write): the people's locks, the
// inbox rows, the reads the handlers make (as one statement each for the whole chunk), then one
// multi-row INSERT per table and one UPDATE for the salary periods the trial ends close. That
// is what a set-based replay path (not built) could not beat: the rows themselves, with
// their indexes, foreign keys and triggers, without decoding, domain code or a statement per event.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { cpuNow, cpuSince, postgresCpu, type CpuSources } from './lib/cpu.ts';
import { wallMs } from './lib/stats.ts';

/** One chunk size's figure. */
export interface RowsFloorFigure {
  /** Events whose rows went in per transaction (two per person: a start and a trial end). */
  readonly eventsPerChunk: number;
  /** Connections writing chunks at once. */
  readonly connections: number;
  readonly events: number;
  /** Events' rows written per second, each connection's chunks one after the other. */
  readonly eventsPerSec: number;
  /** CPU µs per event: the bench process (sending the rows) and PostgreSQL (all its processes). */
  readonly cpuUsPerEvent: Record<string, number>;
}

type Row = Record<string, string | null>;

/** The tables a replay of PlacementStarted and TrialEnded writes, parents before children. */
const TABLES = [
  'inbox',
  'coverage_periods',
  'coverage_period_revisions',
  'income_reopenings',
  'committee_proposals',
  'isp_follow_ups',
  'outcome_checks',
  'timeline_entries',
  'outbox',
  'audit_log',
] as const;
type Table = (typeof TABLES)[number];

/** Each table's key and its type, to remove the sample by. */
const KEYS: Record<Table, readonly [string, string]> = {
  inbox: ['event_id', 'uuid'],
  coverage_periods: ['id', 'uuid'],
  coverage_period_revisions: ['seq', 'bigint'],
  income_reopenings: ['id', 'uuid'],
  committee_proposals: ['id', 'uuid'],
  isp_follow_ups: ['id', 'uuid'],
  outcome_checks: ['id', 'uuid'],
  timeline_entries: ['seq', 'bigint'],
  outbox: ['seq', 'bigint'],
  audit_log: ['seq', 'bigint'],
};

/** Every value as PostgreSQL's text, so rows go back exactly as they came out. */
const asText = { getTypeParser: () => (value: string) => value };

/** One person's rows, table by table. */
type Rows = Record<Table, Row[]>;

const noRows = (): Rows => Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as Rows;

/** The sampled people's rows, read from the copy (which then loses them). */
const readSample = async (db: pg.Client, people: number): Promise<Rows[]> => {
  const { rows: sample } = await db.query<{ person_id: string }>(
    'SELECT DISTINCT person_id FROM coverage_periods ORDER BY person_id LIMIT $1',
    [people],
  );
  const ids = sample.map((r) => r.person_id);
  const byPerson = new Map(ids.map((id) => [id, noRows()]));
  const add = (table: Table, personId: string | null | undefined, row: Row) => {
    const rows = personId ? byPerson.get(personId)?.[table] : undefined;
    if (!rows) throw new Error(`a ${table} row of no sampled person`);
    rows.push(row);
  };
  const read = async (table: Table, where: string, personOf: (row: Row) => string | null | undefined) => {
    const { rows } = await db.query<Row>(`SELECT * FROM ${table} t WHERE ${where}`, [ids]);
    for (const row of rows) add(table, personOf(row), row);
    return rows;
  };
  const periods = await read('coverage_periods', 'person_id = ANY($1::uuid[])', (r) => r.person_id);
  const reopenings = await read('income_reopenings', 'person_id = ANY($1::uuid[])', (r) => r.person_id);
  // Each event of the sample wrote a period (a start, a trial end) and its inbox row.
  const personOfEvent = new Map(
    [...periods, ...reopenings].map((r) => [r.source_event_id ?? '', r.person_id ?? '']),
  );
  const personOfReopening = new Map(reopenings.map((r) => [r.id ?? '', r.person_id ?? '']));
  await read(
    'inbox',
    'event_id = ANY(SELECT source_event_id FROM coverage_periods WHERE person_id = ANY($1::uuid[]))',
    (r) => personOfEvent.get(r.event_id ?? ''),
  );
  for (const table of [
    'coverage_period_revisions',
    'isp_follow_ups',
    'outcome_checks',
    'timeline_entries',
  ] as const)
    await read(table, 'person_id = ANY($1::uuid[])', (r) => r.person_id);
  await read(
    'committee_proposals',
    'reopening_id = ANY(SELECT id FROM income_reopenings WHERE person_id = ANY($1::uuid[]))',
    (r) => personOfReopening.get(r.reopening_id ?? ''),
  );
  // The outbox's key is the person; an audit row names the people of its record.
  await read('outbox', 'message_key = ANY($1::text[])', (r) => r.message_key);
  await read('audit_log', 'person_ids && $1::uuid[]', (r) => /[0-9a-f-]{36}/.exec(r.person_ids ?? '')?.[0]);
  return [...byPerson.values()];
};

/** Removes the sampled rows from the copy: its append-only triggers set aside for the clean-up. */
const removeSample = async (db: pg.Client, people: readonly Rows[]) => {
  await db.query('BEGIN');
  await db.query("SET LOCAL session_replication_role = 'replica'");
  for (const table of [...TABLES].reverse()) {
    const [key, cast] = KEYS[table];
    const values = people.flatMap((p) => p[table].map((r) => r[key] ?? ''));
    await db.query(`DELETE FROM ${table} WHERE ${key} = ANY($1::${cast}[])`, [values]);
  }
  await db.query('COMMIT');
  await db.query(`VACUUM ANALYZE ${TABLES.join(', ')}`);
};

const countRows = async (db: pg.Client): Promise<string> => {
  const counts: string[] = [];
  for (const table of TABLES)
    counts.push(
      `${table} ${(await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? '?'}`,
    );
  return counts.join(', ');
};

/** Each table's columns and types, without those filled by a sequence. */
const columnsOf = async (db: pg.Client) => {
  const columns = new Map<Table, { name: string; type: string }[]>();
  for (const table of TABLES) {
    const { rows } = await db.query<{ name: string; type: string }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity = ''
          AND coalesce(pg_get_expr(d.adbin, d.adrelid), '') NOT LIKE 'nextval(%'
        ORDER BY a.attnum`,
      [table],
    );
    columns.set(table, rows);
  }
  return columns;
};

/**
 * Writes the sample back, `peoplePerChunk` people per transaction, on each of `dbs` at once (one
 * chunk in flight per connection, as partitions applied side by side would be); what it cost.
 */
const writeBack = async (
  dbs: readonly pg.Client[],
  people: readonly Rows[],
  columns: Map<Table, { name: string; type: string }[]>,
  peoplePerChunk: number,
): Promise<RowsFloorFigure> => {
  const insert = (db: pg.Client, table: Table, rows: readonly Row[]) => {
    const cols = columns.get(table) ?? [];
    const names = cols.map((c) => c.name).join(', ');
    const casts = cols.map((c, i) => `u.c${String(i)}::${c.type}`).join(', ');
    const arrays = cols.map((_, i) => `$${String(i + 1)}::text[]`).join(', ');
    const aliases = cols.map((_, i) => `c${String(i)}`).join(', ');
    return db.query(
      `INSERT INTO ${table} (${names}) SELECT ${casts} FROM unnest(${arrays}) AS u(${aliases})`,
      [...cols.map((c) => rows.map((r) => r[c.name] ?? null))],
    );
  };
  const writeChunk = async (db: pg.Client, chunk: readonly Rows[]) => {
    const all = (table: Table) => chunk.flatMap((p) => p[table]);
    const personIds = chunk.map((p) => p.coverage_periods[0]?.person_id ?? null);
    const tenantId = chunk[0]?.inbox[0]?.tenant_id ?? null;
    const salaries = all('coverage_periods').filter((r) => r.kind === 'article60_salary');
    await db.query('BEGIN');
    await db.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    await db.query(
      "SELECT pg_advisory_xact_lock(hashtextextended($1 || ':' || p, 0)) FROM unnest($2::text[]) p",
      [tenantId, personIds],
    );
    await insert(db, 'inbox', all('inbox'));
    // What the handlers read: the coverage state, the reopenings and outcome checks of the
    // placements, the aid requests, the bridges and the gaps.
    for (const [table, column] of [
      ['coverage_periods', 'person_id'],
      ['income_reopenings', 'person_id'],
      ['outcome_checks', 'person_id'],
      ['aid_requests', 'person_id'],
      ['income_bridges', 'person_id'],
      ['coverage_gaps', 'person_id'],
    ] as const)
      await db.query(`SELECT * FROM ${table} WHERE tenant_id = $1 AND ${column} = ANY($2::uuid[])`, [
        tenantId,
        personIds,
      ]);
    // The start opens the salary period, the trial end closes it.
    await insert(
      db,
      'coverage_periods',
      all('coverage_periods').map((r) => (r.kind === 'article60_salary' ? { ...r, end_date: null } : r)),
    );
    await db.query(
      'UPDATE coverage_periods c SET end_date = u.end_date::date FROM unnest($1::uuid[], $2::text[]) AS u(id, end_date) WHERE c.id = u.id',
      [salaries.map((r) => r.id), salaries.map((r) => r.end_date)],
    );
    for (const table of TABLES.slice(2)) await insert(db, table, all(table));
    await db.query('COMMIT');
  };
  const sources: CpuSources = {
    bench: () => {
      const { user, system } = process.cpuUsage();
      return Promise.resolve(new Map([[process.pid, (user + system) / 1000]]));
    },
    postgres: postgresCpu,
  };
  const events = people.reduce((n, p) => n + p.inbox.length, 0);
  const chunks: Rows[][] = [];
  for (let at = 0; at < people.length; at += peoplePerChunk)
    chunks.push(people.slice(at, at + peoplePerChunk));
  const start = await cpuNow(sources);
  const startedAt = wallMs();
  // Each connection takes the next chunk as soon as its last one committed.
  let next = 0;
  await Promise.all(
    dbs.map(async (db) => {
      for (let chunk = chunks[next++]; chunk; chunk = chunks[next++]) await writeChunk(db, chunk);
    }),
  );
  const seconds = (wallMs() - startedAt) / 1000;
  return {
    eventsPerChunk: peoplePerChunk * 2,
    connections: dbs.length,
    events,
    eventsPerSec: Math.round(events / seconds),
    cpuUsPerEvent: await cpuSince(sources, start, events),
  };
};

/**
 * The floor, measured on a copy of the replay's database (`name`, no connection to it open) for
 * each chunk size in `eventsPerChunk`, on one connection and then on two at once; the copy is
 * dropped after.
 */
export const replayRowsFloor = async (
  serverUrl: string,
  name: string,
  eventsPerChunk: readonly number[],
): Promise<RowsFloorFigure[]> => {
  const copy = `${name}_rows`;
  const at = (database: string) => {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  try {
    // The stopped service's backends may still be closing: a copy waits for its source to be free.
    for (let attempt = 1; ; attempt++) {
      const free = await server.query(`CREATE DATABASE ${copy} TEMPLATE ${name}`).then(
        () => true,
        (error: unknown) => {
          if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
          return false;
        },
      );
      if (free) break;
      await sleep(100);
    }
    const db = new pg.Client({ connectionString: at(copy), types: asText });
    const second = new pg.Client({ connectionString: at(copy), types: asText });
    await db.connect();
    await second.connect();
    try {
      const { rows } = await db.query<{ n: string }>(
        'SELECT count(DISTINCT person_id) AS n FROM coverage_periods',
      );
      const people = Math.min(5000, Math.floor(Number(rows[0]?.n ?? 0) / 2));
      const columns = await columnsOf(db);
      const figures: RowsFloorFigure[] = [];
      for (const connections of [1, 2])
        for (const size of eventsPerChunk) {
          const before = await countRows(db);
          const sample = await readSample(db, people);
          await removeSample(db, sample);
          const writers = [db, ...(connections > 1 ? [second] : [])];
          figures.push(await writeBack(writers, sample, columns, Math.max(1, Math.floor(size / 2))));
          // Every row removed went back: the floor wrote what the replay wrote.
          const after = await countRows(db);
          if (after !== before)
            throw new Error(`rows before and after the write-back differ: ${before} / ${after}`);
        }
      return figures;
    } finally {
      await db.end();
      await second.end();
    }
  } finally {
    await server.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`).catch(() => undefined);
    await server.end();
  }
};
