import type { AccessMatrix, UserRole } from '@relais/service-kit';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { fullMatrix, type Injectable } from './access-matrix.ts';
import { authHeaders } from './auth.ts';

/** Tables with a `tenant_id` that row-level security does not hold (should be none). */
export const tablesOutsideRowLevelSecurity = async (owner: pg.Pool): Promise<string[]> => {
  const { rows } = await owner.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
      ORDER BY 1`,
  );
  return rows.map((r) => r.name);
};

/** A route that told one CPAS something about another's record. */
export interface TenancyLeak {
  readonly route: string;
  readonly role: UserRole;
  readonly detail: string;
}

const ids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const shape = (status: number, body: string): string => {
  try {
    const json = JSON.parse(body) as { code?: unknown; type?: unknown };
    // A problem carries the request's correlation id and path: compare what it says, not who asked.
    if (status >= 400) return `${String(status)} ${String(json.code ?? json.type)}`;
  } catch {
    // not JSON: compared as text
  }
  return `${String(status)} ${body.replace(ids, '<id>')}`;
};

/**
 * Asks every GET route of a service, as every role of CPAS A that may call it, about CPAS B's
 * records (`foreignParams` fills the path: `{ personId: b's person }`), and compares each answer
 * with the answer for an id nobody has: they must be the same (404 for both, or the same empty
 * view), so A can neither read B's record nor learn that it exists. Routes without parameters
 * (lists, counts) must not mention any of `foreignIds`.
 */
export const probeTenantIsolation = async (
  app: Injectable,
  matrix: AccessMatrix,
  options: {
    readonly tenantId: string;
    readonly foreignParams: Readonly<Record<string, string>>;
    readonly foreignIds: readonly string[];
    readonly query?: Readonly<Record<string, string>>;
  },
): Promise<{ leaks: TenancyLeak[]; probed: number }> => {
  const leaks: TenancyLeak[] = [];
  let probed = 0;
  const qs = new URLSearchParams(options.query ?? {}).toString();
  const withQuery = (url: string) => (qs ? `${url}?${qs}` : url);
  for (const [key, rule] of Object.entries(fullMatrix(matrix))) {
    const [method, path = ''] = key.split(' ');
    if (method !== 'GET' || 'public' in rule) continue;
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? '');
    if (!params.every((p) => p in options.foreignParams)) continue;
    const foreignUrl = withQuery(path.replace(/:(\w+)/g, (_m, p: string) => options.foreignParams[p] ?? ''));
    const unknownUrl = withQuery(path.replace(/:\w+/g, () => uuidv7()));
    for (const role of rule.roles) {
      probed += 1;
      const headers = await authHeaders({ tenantId: options.tenantId, roles: role });
      const foreign = await app.inject({ method: 'GET', url: foreignUrl, headers });
      const mentioned = options.foreignIds.filter((id) => foreign.body.includes(id));
      if (params.length === 0) {
        if (mentioned.length > 0) leaks.push({ route: key, role, detail: `lists ${mentioned.join(', ')}` });
        continue;
      }
      const unknown = await app.inject({ method: 'GET', url: unknownUrl, headers });
      const a = shape(foreign.statusCode, foreign.body);
      const b = shape(unknown.statusCode, unknown.body);
      if (a !== b)
        leaks.push({ route: key, role, detail: `answers ${a.slice(0, 200)} instead of ${b.slice(0, 200)}` });
    }
  }
  return { leaks, probed };
};
