import type { AccessMatrix, UserRole } from '@relais/service-kit';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { fullMatrix, type Injectable, type Method } from './access-matrix.ts';
import { authHeaders } from './auth.ts';
import type { TenancyLeak } from './tenancy.ts';

/** The parts of a JSON schema (as fastify-swagger publishes it) a plausible value is made from. */
interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const DAY = '2026-03-02';

/**
 * The smallest value a schema plausibly accepts: required fields only, the first of an enum,
 * the lower bound of a number, a day or an id for a format. Patterns (a NISS, an enterprise
 * number) are not guessed: such a body is refused as a 400, for B's id and for an unknown id alike.
 */
export const plausibleValue = (schema: Schema): unknown => {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const branch = [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].find((b) => b.type !== 'null');
  if (branch) return plausibleValue(branch);
  const type = [schema.type ?? 'object'].flat().find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return uuidv7();
      if (schema.format === 'date') return DAY;
      if (schema.format === 'date-time') return `${DAY}T09:00:00.000Z`;
      if (schema.format === 'email') return 'probe@example.test';
      return 'probe'.padEnd(schema.minLength ?? 0, 'x');
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => plausibleValue(schema.items ?? {}));
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((name) => [name, plausibleValue(schema.properties?.[name] ?? {})]),
      );
    default:
      return null;
  }
};

/** A digest of every row of the CPAS `tenantId`, per table that carries a tenant. */
export const tenantFingerprint = async (
  owner: pg.Pool,
  tenantId: string,
): Promise<Record<string, string>> => {
  const { rows } = await owner.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  const digest: Record<string, string> = {};
  for (const { name } of rows) {
    // Names come from the catalogue, not from a caller: quoted as identifiers all the same.
    const table = `"${name.replaceAll('"', '""')}"`;
    const result = await owner.query<{ d: string | null }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS d FROM ${table} t WHERE tenant_id = $1`,
      [tenantId],
    );
    digest[name] = result.rows[0]?.d ?? 'empty';
  }
  return digest;
};

const shape = (status: number, body: string): string => {
  try {
    const json = JSON.parse(body) as { code?: unknown };
    if (status >= 400) return `${String(status)} ${String(json.code)}`;
  } catch {
    // not JSON
  }
  return `${String(status)} <body>`;
};

/**
 * Sends every change route of a service (POST, PUT, PATCH, DELETE with the record in its path),
 * as every role of CPAS A that may call it, naming CPAS B's records (`foreignParams`) with a
 * plausible body, and checks that (1) each answer is the one for an id nobody has, so A learns
 * nothing, and (2) none of B's rows changed, read table by table as the owner after each route.
 */
export const probeTenantChanges = async (
  app: Injectable & { swagger(): unknown },
  matrix: AccessMatrix,
  options: {
    readonly tenantId: string;
    readonly foreignTenantId: string;
    readonly owner: pg.Pool;
    readonly foreignParams: Readonly<Record<string, string>>;
  },
): Promise<{ leaks: TenancyLeak[]; probed: number; reached: number }> => {
  const paths = (app.swagger() as { paths: Record<string, Record<string, Operation>> }).paths;
  const leaks: TenancyLeak[] = [];
  let probed = 0;
  let reached = 0;
  const before = await tenantFingerprint(options.owner, options.foreignTenantId);
  for (const [key, rule] of Object.entries(fullMatrix(matrix))) {
    const [method, path] = key.split(' ') as [Method, string];
    if (method === 'GET' || 'public' in rule) continue;
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
    if (params.length === 0 || !params.every((p) => p in options.foreignParams)) continue;
    const operation = paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    const schema = operation?.requestBody?.content?.['application/json']?.schema;
    const payload = schema ? plausibleValue(schema) : undefined;
    const foreignUrl = path.replace(/:(\w+)/g, (_m, p: string) => options.foreignParams[p] ?? '');
    const unknownUrl = path.replace(/:\w+/g, () => uuidv7());
    for (const role of rule.roles) {
      probed += 1;
      const headers = {
        ...(await authHeaders({ tenantId: options.tenantId, roles: role })),
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      };
      const send = (url: string) =>
        app.inject({
          method,
          url,
          headers,
          ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
        });
      const foreign = await send(foreignUrl);
      if (foreign.statusCode !== 400) reached += 1;
      const unknown = await send(unknownUrl);
      const a = shape(foreign.statusCode, foreign.body);
      const b = shape(unknown.statusCode, unknown.body);
      if (a !== b) leaks.push({ route: key, role, detail: `answers ${a} instead of ${b}` });
    }
    const after = await tenantFingerprint(options.owner, options.foreignTenantId);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    if (changed.length > 0) {
      leaks.push({
        route: key,
        role: rule.roles[0] as UserRole,
        detail: `changed B's ${changed.join(', ')}`,
      });
      Object.assign(before, after);
    }
  }
  return { leaks, probed, reached };
};
