import { withTenantTransaction } from '@relais/messaging';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { AccessMatrix } from '../auth/access.ts';
import { principalOf } from '../auth/access.ts';
import type { ServiceApp } from '../app.ts';
import { DomainError } from '../errors.ts';

const entry = z.object({
  id: z.uuid(),
  occurredAt: z.string(),
  actorId: z.uuid(),
  actingRole: z.string(),
  action: z.enum(['read', 'change']),
  method: z.string(),
  route: z.string(),
  recordType: z.string(),
  recordId: z.string().nullable(),
  personIds: z.array(z.uuid()),
  purpose: z.string(),
  status: z.number().int(),
  correlationId: z.uuid(),
});

const query = z.strictObject({
  personId: z.uuid().optional(),
  actorId: z.uuid().optional(),
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The audit routes' rules: the CPAS administrator acts as (or for) its data-protection officer. */
export const AUDIT_ACCESS: AccessMatrix = {
  'GET /audit-log': {
    roles: ['cpas_admin'],
    audit: { record: 'audit_log', personParam: 'personId', purpose: 'data_protection' },
  },
};

/**
 * `GET /audit-log?personId=…` (GDPR right of access: who saw or changed this person's data)
 * or `?actorId=…` (what one user did, for the data-protection officer), oldest first, paged by `after`.
 */
export const registerAuditRoutes = (app: ServiceApp, pool: Pool): void => {
  app.get(
    '/audit-log',
    {
      schema: {
        tags: ['audit'],
        summary: "Accesses to a person's data, or one user's accesses, in this service",
        querystring: query,
        response: { 200: z.object({ items: z.array(entry), next: z.number().int().nullable() }) },
      },
    },
    async (request) => {
      const { personId, actorId, after, limit } = request.query;
      if (!personId && !actorId) {
        throw new DomainError('AUDIT_FILTER_REQUIRED', 'invalid', 'give personId or actorId', 'personId');
      }
      const { tenantId } = principalOf(request);
      const { rows } = await withTenantTransaction(
        pool,
        tenantId,
        (tx) =>
          tx.query<z.infer<typeof entry> & { seq: string }>(
            `SELECT seq, id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "occurredAt",
                    actor_id AS "actorId", acting_role AS "actingRole", action, method, route,
                    record_type AS "recordType", record_id AS "recordId", person_ids AS "personIds", purpose, status,
                    correlation_id AS "correlationId"
               FROM audit_log
              WHERE seq > $1 AND ($2::uuid IS NULL OR $2 = ANY(person_ids)) AND ($3::uuid IS NULL OR actor_id = $3)
              ORDER BY seq LIMIT $4`,
            [after, personId ?? null, actorId ?? null, limit + 1],
          ),
        { readOnly: true },
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map(({ seq: _seq, ...row }) => row),
        next: rows.length > limit ? Number(page.at(-1)?.seq) : null,
      };
    },
  );
};
