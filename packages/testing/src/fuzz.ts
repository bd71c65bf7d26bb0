import type { AccessMatrix } from '@relais/service-kit';
import fc from 'fast-check';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { fullMatrix, type Injectable } from './access-matrix.ts';
import { authHeaders } from './auth.ts';

/** A JSON schema as fastify-swagger publishes it (the parts the fuzzer reads). */
interface Schema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

/** A bad request a route answered wrongly. */
export interface FuzzFinding {
  readonly route: string;
  readonly sent: string;
  readonly status: number;
  readonly problem: string;
}

const BIG = 'x'.repeat(1024 * 1024 + 16);

/** Values that a schema refuses: other JSON types, and the edges of its own type. */
/** A schema with its union branches folded into one: every type any branch allows, their bounds. */
const flatten = (schema: Schema): Schema => {
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].map(flatten);
  if (branches.length === 0) return schema;
  return branches.reduce<Schema>(
    (all, b) => ({ ...b, ...all, type: [...[all.type ?? []].flat(), ...[b.type ?? []].flat()] }),
    { ...schema, anyOf: undefined, oneOf: undefined },
  );
};

const wrongValues = (given: Schema, seed: number): unknown[] => {
  const schema = flatten(given);
  const types = new Set([schema.type ?? []].flat());
  const others = fc.sample(
    fc.oneof(
      ...(types.has('string') ? [] : [fc.string({ maxLength: 8 })]),
      ...(types.has('number') || types.has('integer') ? [] : [fc.double({ noNaN: true })]),
      ...(types.has('boolean') ? [] : [fc.boolean()]),
      ...(types.has('array') ? [] : [fc.array(fc.integer(), { maxLength: 3 })]),
      ...(types.has('object')
        ? []
        : [fc.dictionary(fc.constantFrom('a', 'b'), fc.integer(), { maxKeys: 2 })]),
    ),
    { numRuns: 3, seed },
  );
  const edges: unknown[] = [];
  if (types.has('string') && (schema.format || schema.pattern || schema.enum))
    edges.push('%not a valid value%');
  if (types.has('string') && (schema.format?.startsWith('date') || schema.pattern?.includes('\\d{4}-')))
    edges.push('2026-13-45');
  if (types.has('string') && schema.maxLength !== undefined) edges.push('x'.repeat(schema.maxLength + 1));
  if (schema.maximum !== undefined) edges.push(schema.maximum + 1);
  if (schema.minimum !== undefined) edges.push(schema.minimum - 1);
  if (types.has('integer')) edges.push(1.5);
  if (types.has('array') && schema.maxItems !== undefined)
    edges.push(Array.from({ length: schema.maxItems + 1 }, () => 0));
  if (!types.has('null')) edges.push(null);
  return [...others, ...edges].filter((v) => !(schema.enum ?? []).includes(v));
};

/**
 * A query string is text: "true" or "42" is a fine value for a free-text parameter, so only
 * values that the parameter's own type refuses are sent.
 */
const wrongQueryValues = (given: Schema, seed: number): string[] => {
  const schema = flatten(given);
  const types = new Set([schema.type ?? []].flat());
  const values: string[] = [];
  if (types.has('integer') || types.has('number'))
    values.push('abc', ...(types.has('integer') ? ['1.5'] : []));
  if (types.has('boolean')) values.push('maybe');
  if (types.has('string')) {
    values.push(
      ...wrongValues({ ...schema, type: 'string' }, seed).filter(
        (v): v is string =>
          typeof v === 'string' &&
          v !== '' &&
          (schema.format !== undefined ||
            schema.pattern !== undefined ||
            schema.enum !== undefined ||
            v.length > (schema.maxLength ?? Infinity)),
      ),
    );
  }
  if (schema.maximum !== undefined) values.push(String(schema.maximum + 1));
  if (schema.minimum !== undefined) values.push(String(schema.minimum - 1));
  return values;
};

const bodySchema = (op: Operation): Schema | undefined =>
  op.requestBody?.content?.['application/json']?.schema;

const problemOf = (body: string): { code?: string; errors?: { field: string }[] } => {
  try {
    return JSON.parse(body) as { code?: string; errors?: { field: string }[] };
  } catch {
    return {};
  }
};

/**
 * Sends every route of a service requests it must refuse — malformed JSON, bodies of the wrong
 * kind, privileged fields slipped in (tenant, status), each field of the wrong type or past its
 * bounds, path and query parameters that are not what they should be, bodies over the limit —
 * as a caller allowed on the route, and lists every answer that is not a 4xx problem (and, for a
 * field, one that does not name it). Bounded: a few values per field, a fixed seed.
 */
export const fuzzRoutes = async (
  app: Injectable & { swagger(): unknown },
  matrix: AccessMatrix,
  options: { readonly tenantId: string; readonly seed?: number },
): Promise<{ findings: FuzzFinding[]; sent: number }> => {
  const rules = fullMatrix(matrix);
  const paths = (app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths;
  const findings: FuzzFinding[] = [];
  let sent = 0;
  let seed = options.seed ?? 7;
  for (const [openapiPath, operations] of Object.entries(paths)) {
    const path = openapiPath.replace(/\{(\w+)\}/g, ':$1');
    for (const [lower, op] of Object.entries(operations)) {
      const method = lower.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
      const rule = rules[`${method} ${path}`];
      if (!rule) continue;
      const headers =
        'public' in rule
          ? {}
          : await authHeaders({ tenantId: options.tenantId, roles: rule.roles[0] ?? 'social_worker' });
      const params = (op.parameters ?? []).filter((p) => p.in === 'path');
      const url = (overrides: Record<string, string> = {}) =>
        path.replace(/:(\w+)/g, (_m, name: string) => overrides[name] ?? uuidv7());
      const send = async (
        what: string,
        request: { url: string; payload?: unknown; raw?: string },
        field?: string,
      ) => {
        sent += 1;
        const answer = await app.inject({
          method,
          url: request.url,
          headers: {
            ...headers,
            ...(request.raw !== undefined || request.payload !== undefined
              ? { 'content-type': 'application/json' }
              : {}),
          },
          ...(request.raw !== undefined
            ? { payload: request.raw }
            : request.payload !== undefined
              ? { payload: JSON.stringify(request.payload) }
              : {}),
        });
        const problem = problemOf(answer.body);
        const isProblem =
          answer.headers['content-type']?.toString().includes('application/problem+json') === true;
        const wrong =
          answer.statusCode >= 500 ||
          answer.statusCode < 400 ||
          !isProblem ||
          typeof problem.code !== 'string'
            ? 'not a 4xx problem'
            : field &&
                answer.statusCode === 400 &&
                !(problem.errors ?? []).some((e) => e.field === field || e.field.startsWith(`${field}.`))
              ? `does not name ${field}`
              : undefined;
        if (wrong)
          findings.push({
            route: `${method} ${path}`,
            sent: what,
            status: answer.statusCode,
            problem: `${wrong}: ${answer.body.slice(0, 200)}`,
          });
      };
      for (const p of params)
        await send(`path ${p.name}=not-an-id`, { url: url({ [p.name]: 'not-an-id' }) }, `params.${p.name}`);
      for (const q of (op.parameters ?? []).filter((p) => p.in === 'query' && p.schema)) {
        for (const value of wrongQueryValues(q.schema ?? {}, seed++)) {
          await send(
            `query ${q.name}=${value}`,
            { url: `${url()}?${q.name}=${encodeURIComponent(value)}` },
            `querystring.${q.name}`,
          );
        }
      }
      const body = bodySchema(op);
      if (!body) continue;
      await send('malformed JSON', { url: url(), raw: '{"unterminated": ' });
      await send('a body over the 1 MiB limit', { url: url(), raw: JSON.stringify({ big: BIG }) });
      for (const notAnObject of [[], 'text', 42])
        await send(`body ${JSON.stringify(notAnObject)}`, { url: url(), payload: notAnObject });
      for (const field of ['tenantId', 'status', 'createdBy']) {
        if (body.properties && field in body.properties) continue;
        await send(`privileged field ${field}`, { url: url(), payload: { [field]: uuidv7() } });
      }
      for (const [name, schema] of Object.entries(body.properties ?? {})) {
        for (const value of wrongValues(schema, seed++))
          await send(
            `${name}=${((JSON.stringify(value) as string | undefined) ?? 'undefined').slice(0, 40)}`,
            { url: url(), payload: { [name]: value } },
            `body.${name}`,
          );
      }
    }
  }
  return { findings, sent };
};

/** Rows in every table of a database: equal before and after refused requests, or one changed something. */
export const rowCounts = async (owner: pg.Pool): Promise<Record<string, number>> => {
  const { rows } = await owner.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'pgmigrations%' ORDER BY 1",
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    // Names come from pg_tables, not from a caller: quoted as identifiers all the same.
    const result = await owner.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${name.replaceAll('"', '""')}"`,
    );
    counts[name] = result.rows[0]?.n ?? 0;
  }
  return counts;
};
