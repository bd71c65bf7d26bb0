import type { FieldDef, QueryResult } from 'pg';
import { replaceParameters, type Statement } from './transaction.ts';

/**
 * The same read for several events in one statement: their parameters as arrays, the read run
 * for each (a LATERAL subquery, in the events' order), its rows tagged with the event's index.
 * A round trip costs about 80 µs of the client's CPU and 50 µs of PostgreSQL's on this machine
 * whatever the statement does (bench/HISTORY.md, "Round trips"), so a run that reads ahead for fifty
 * events pays that once instead of fifty times. Only statements whose parameters are typed
 * ({@link Statement.types}) combine: an array of untyped parameters would reach the read as text.
 */
const EVENT = 'relais_event';
const ROW = 'relais_row';
const TYPE = /^[a-z_][a-z0-9_]*$/;

/** Whether `statements` (one per event, in order) can go as one {@link combinedStatement}. */
export const combinable = (statements: readonly Statement[]): boolean => {
  const [first] = statements;
  if (!first?.types || first.types.length !== first.values.length) return false;
  const types = first.types;
  if (!types.every((type) => TYPE.test(type))) return false;
  return statements.every(
    (s) =>
      s.text === first.text &&
      s.values.length === first.values.length &&
      s.types?.length === types.length &&
      s.types.every((type, i) => type === types[i]),
  );
};

/**
 * One statement running `statements` (same text, typed parameters; see {@link combinable}) for
 * every event, each event's rows in the order its own statement gives them. Split the answer
 * with {@link splitCombined}.
 */
export const combinedStatement = (statements: readonly Statement[]): Statement => {
  const [first] = statements;
  if (!first || !combinable(statements)) throw new TypeError('statements that cannot be combined');
  const types = first.types ?? [];
  const parameters = types.map((_, i) => `p${String(i + 1)}`);
  const read = replaceParameters(first.text, types.length, (n) => `v.p${String(n)}`);
  const arrays = [`$1::int[]`, ...types.map((type, i) => `$${String(i + 2)}::${type}[]`)];
  return {
    text:
      `SELECT v.${EVENT}, r.* FROM unnest(${arrays.join(', ')}) AS v(${[EVENT, ...parameters].join(', ')}) ` +
      // row_number() over the read's own output keeps its order through the join.
      `CROSS JOIN LATERAL (SELECT row_number() OVER () AS ${ROW}, q.* FROM (${read}) AS q) AS r ` +
      `ORDER BY v.${EVENT}, r.${ROW}`,
    values: [statements.map((_, i) => i), ...types.map((_, p) => statements.map((s) => s.values[p]))],
  };
};

/** The answer of a {@link combinedStatement} of `count` events, as each event's own statement would have answered. */
export const splitCombined = (result: QueryResult, count: number): QueryResult<Record<string, unknown>>[] => {
  const fields: FieldDef[] = result.fields.filter((f) => f.name !== EVENT && f.name !== ROW);
  const rows: Record<string, unknown>[][] = Array.from({ length: count }, () => []);
  for (const row of result.rows as Record<string, unknown>[]) {
    const { [EVENT]: event, [ROW]: _row, ...rest } = row;
    rows[Number(event)]?.push(rest);
  }
  return rows.map((own) => ({
    command: result.command,
    rowCount: own.length,
    oid: result.oid,
    fields,
    rows: own,
  }));
};
