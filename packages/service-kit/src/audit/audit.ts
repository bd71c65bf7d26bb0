import { withTenantTransaction } from '@relais/messaging';

import type { ServiceApp } from '../app.ts';
import type { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PURPOSE_BY_ROLE, type AccessRule, type AuditRule } from '../auth/access.ts';
import { personsTouched } from './persons.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auditPayload?: unknown;
  }
}

/** The record kind a route is about when its rule does not name one: the path's first segment. */
const recordTypeOf = (url: string): string =>
  (url.split('/').find((s) => s.length > 0) ?? 'root').replaceAll('-', '_');

/** The record a route is about: its last `:…Id` parameter, if any. */
const recordIdOf = (params: Readonly<Record<string, unknown>>): string | null => {
  const ids = Object.entries(params).filter(([key]) => key.endsWith('Id'));
  const last = ids.at(-1)?.[1];
  return typeof last === 'string' ? last : null;
};

type AuditedRule = Exclude<AccessRule, { public: true }> & { readonly audit?: AuditRule };

const isAudited = (rule: AccessRule | undefined, method: string): rule is AuditedRule =>
  rule !== undefined &&
  !('public' in rule) &&
  rule.audit !== false &&
  (method !== 'GET' || rule.audit !== undefined);

/**
 * Writes one audit row for every successful change and every successful read of a person's
 * record (routes whose rule has `audit`), before the answer leaves: if the row cannot be
 * written the caller gets a 500 instead of unaudited data.
 */
export const installAuditLog = (app: ServiceApp, pool: Pool): void => {
  app.addHook('preSerialization', async (request, _reply, payload) => {
    request.auditPayload = payload;
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const rule = request.routeOptions.config.access;
    const principal = request.principal;
    if (!principal || !isAudited(rule, request.method) || reply.statusCode >= 400) return payload;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const url = request.routeOptions.url ?? request.url;
    await withTenantTransaction(pool, principal.tenantId, (tx) =>
      tx.query(
        `INSERT INTO audit_log (id, tenant_id, actor_id, acting_role, action, method, route, record_type,
           record_id, person_ids, purpose, status, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          uuidv7(),
          principal.tenantId,
          principal.userId,
          principal.actingRole,
          request.method === 'GET' ? 'read' : 'change',
          request.method,
          url,
          rule.audit?.record ?? recordTypeOf(url),
          recordIdOf(params),
          personsTouched(
            rule.audit,
            { ...(request.query as Record<string, unknown> | undefined), ...params },
            request.auditPayload,
          ),
          rule.audit?.purpose ?? PURPOSE_BY_ROLE[principal.actingRole],
          reply.statusCode,
          request.id,
        ],
      ),
    );
    return payload;
  });
};
