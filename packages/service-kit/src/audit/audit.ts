import type { EventDefinition, EventOf } from '@relais/contracts';
import { runInTransactionScope, writeDeferred, type Tx } from '@relais/messaging';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { newUuidV7 } from '../ids.ts';
import { PURPOSE_BY_ROLE, type AccessRule, type AuditRule, type RequestPrincipal } from '../auth/access.ts';
import type { ServiceApp } from '../app.ts';
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

/** One row of the audit log. */
export interface AuditRow {
  readonly tenantId: string;
  readonly actorId: string;
  readonly actingRole: string;
  readonly action: 'read' | 'change';
  readonly method: string;
  readonly route: string;
  readonly recordType: string;
  readonly recordId: string | null;
  readonly personIds: readonly string[];
  readonly purpose: string;
  readonly status: number;
  readonly correlationId: string;
}

const auditValues = (row: AuditRow) => [
  newUuidV7(),
  row.tenantId,
  row.actorId,
  row.actingRole,
  row.action,
  row.method,
  row.route,
  row.recordType,
  row.recordId,
  row.personIds,
  row.purpose,
  row.status,
  row.correlationId,
];

const AUDIT_COLUMNS = `id, tenant_id, actor_id, acting_role, action, method, route, record_type,
  record_id, person_ids, purpose, status, correlation_id`;

/** Written with the transaction's other deferred rows: nothing reads the audit log in the transaction that writes it. */
const insertAuditRow = (tx: Tx, row: AuditRow) =>
  writeDeferred(tx, {
    table: 'audit_log',
    columns: AUDIT_COLUMNS.split(',').map((c) => c.trim()),
    values: auditValues(row),
  });

/**
 * The rows of one CPAS in one statement, its own transaction: the statement sets its tenant for
 * row-level security itself (a CTE read before any row is checked), so it costs one round trip
 * instead of four (BEGIN, tenant, INSERT, COMMIT), and one WAL flush for all its rows.
 */
const insertAuditRows = (pool: Pool, tenantId: string, rows: readonly AuditRow[]) =>
  pool.query(
    `WITH tenant AS (SELECT set_config('app.tenant_id', $1::text, true))
     INSERT INTO audit_log (${AUDIT_COLUMNS})
     SELECT r.id, r.tenant_id, r.actor_id, r.acting_role, r.action, r.method, r.route, r.record_type,
            r.record_id, r.person_ids, r.purpose, r.status, r.correlation_id
       FROM tenant, jsonb_to_recordset($2::jsonb) AS r(
         id uuid, tenant_id uuid, actor_id uuid, acting_role text, action text, method text, route text,
         record_type text, record_id text, person_ids uuid[], purpose text, status integer, correlation_id uuid)`,
    [
      tenantId,
      JSON.stringify(
        rows.map((row) => {
          const [
            id,
            tenant,
            actor,
            role,
            action,
            method,
            route,
            type,
            record,
            persons,
            purpose,
            status,
            cid,
          ] = auditValues(row);
          return {
            id,
            tenant_id: tenant,
            actor_id: actor,
            acting_role: role,
            action,
            method,
            route,
            record_type: type,
            record_id: record,
            person_ids: persons,
            purpose,
            status,
            correlation_id: cid,
          };
        }),
      ),
    ],
  );

/**
 * Writes request audit rows with group commit: a row is written at once when nothing is being
 * written, else with the rows that arrive meanwhile, in one statement per CPAS. Each caller's
 * promise settles when its own row is committed (or refused), so no answer leaves unaudited, and
 * under load N requests share a round trip and a WAL flush instead of paying one each.
 */
export const createAuditWriter = (pool: Pool) => {
  type Item = { row: AuditRow; done: (error?: Error) => void };
  const queue: Item[] = [];
  let writing = false;
  /**
   * One statement for the CPAS's rows; if it fails, each row is written alone, so a row that
   * cannot be written fails its own request only, not the others that shared its statement.
   */
  const write = async (tenantId: string, items: readonly Item[]): Promise<void> => {
    try {
      await insertAuditRows(
        pool,
        tenantId,
        items.map((item) => item.row),
      );
      for (const item of items) item.done();
    } catch (error) {
      if (items.length > 1) {
        await Promise.all(items.map((item) => write(tenantId, [item])));
        return;
      }
      for (const item of items)
        item.done(error instanceof Error ? error : new Error(`audit write failed: ${String(error)}`));
    }
  };
  const drain = async () => {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.splice(0, 500);
      const byTenant = Map.groupBy(batch, (item) => item.row.tenantId);
      await Promise.all([...byTenant].map(([tenantId, items]) => write(tenantId, items)));
    }
    writing = false;
  };
  return (row: AuditRow): Promise<void> =>
    new Promise((resolve, reject) => {
      queue.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!writing) void drain();
    });
};

/** The actor of what the platform does on its own, following an event (the nil UUID). */
export const SYSTEM_ACTOR_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Audits a change the service made on its own, following an event, in the handler's
 * transaction: who asked is the event's correlation (the request that started the chain is
 * audited under its user in the service that took it), the person is the event's `personId`.
 */
export const auditAppliedEvent = async (tx: Tx, event: EventOf<EventDefinition>): Promise<void> => {
  await insertAuditRow(tx, {
    tenantId: event.tenantId,
    actorId: SYSTEM_ACTOR_ID,
    actingRole: 'system',
    action: 'change',
    method: 'EVENT',
    route: `${event.type} v${String(event.version)}`,
    recordType: event.type,
    recordId: event.aggregateId,
    personIds: personsTouched(undefined, {}, event.data),
    purpose: 'automated_processing',
    status: 200,
    correlationId: event.correlationId,
  });
};

/** A change request's audit row once its transaction committed it ({@link installAuditLog}). */
interface ChangeAudit {
  written?: AuditRow;
  /** Set when the answer is on its way: a transaction committed after it is not this request's. */
  answered: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    changeAudit?: ChangeAudit;
  }
}

/** The status a route answers when it succeeds: the one 2xx its schema declares (else 200). */
const successStatusOf = (request: FastifyRequest): number => {
  const responses = (request.routeOptions.schema as { response?: Record<string, unknown> } | undefined)
    ?.response;
  const success = Object.keys(responses ?? {})
    .map(Number)
    .filter((code) => code >= 200 && code < 300);
  return success.length === 1 && success[0] !== undefined ? success[0] : 200;
};

/** The request's audit row without what only the answer tells: its persons and status. */
const requestRow = (
  request: FastifyRequest,
  principal: RequestPrincipal,
  rule: AuditedRule,
): Omit<AuditRow, 'personIds' | 'status'> => {
  const url = request.routeOptions.url ?? request.url;
  return {
    tenantId: principal.tenantId,
    actorId: principal.userId,
    actingRole: principal.actingRole,
    action: request.method === 'GET' ? 'read' : 'change',
    method: request.method,
    route: url,
    recordType: rule.audit?.record ?? recordTypeOf(url),
    recordId: recordIdOf((request.params ?? {}) as Record<string, unknown>),
    purpose: rule.audit?.purpose ?? PURPOSE_BY_ROLE[principal.actingRole],
    correlationId: request.id,
  };
};

/** The route and query parameters, where a rule's `personParam` is looked for. */
const parametersOf = (request: FastifyRequest): Record<string, unknown> => ({
  ...(request.query as Record<string, unknown> | undefined),
  ...(request.params as Record<string, unknown> | undefined),
});

/**
 * Writes one audit row for every successful change and every successful read of a person's
 * record (routes whose rule has `audit`).
 *
 * A change's row is written in the transaction that commits the change (the request's first
 * writing transaction in its CPAS, with the transaction's other deferred rows): no change commits
 * without its row, even if the process dies before answering. (A request whose writing
 * transactions run at the same time, not one after the other, would write one row in each; no
 * route does.) It names the persons of the route's `personParam`, of the events the transaction
 * appended (their `personId`) and those its code noted (`notePersonsChanged`: a candidate it
 * creates or moves), and the status the route answers on success. A person the answer names beyond
 * those is written in a second row of the same request before the answer leaves. A change route that ran
 * no writing transaction gets its row before the answer, as a read does.
 *
 * A read's row is written before the answer leaves (group commit, {@link createAuditWriter}): if
 * it cannot be written the caller gets a 500 instead of unaudited data.
 */
export const installAuditLog = (app: ServiceApp, pool: Pool): void => {
  const writeAudit = createAuditWriter(pool);
  app.addHook('preHandler', (request, _reply, done) => {
    const rule = request.routeOptions.config.access;
    const principal = request.principal;
    if (!principal || request.method === 'GET' || !isAudited(rule, request.method)) {
      done();
      return;
    }
    const audit: ChangeAudit = { answered: false };
    request.changeAudit = audit;
    runInTransactionScope(
      {
        beforeCommit: async (tx, tenantId, change) => {
          if (audit.written || audit.answered || tenantId !== principal.tenantId) return undefined;
          const persons = new Set(personsTouched(rule.audit, parametersOf(request), undefined));
          for (const event of change.events)
            for (const person of personsTouched(undefined, {}, event.data)) persons.add(person);
          for (const person of change.persons) persons.add(person.toLowerCase());
          const row: AuditRow = {
            ...requestRow(request, principal, rule),
            personIds: [...persons],
            status: successStatusOf(request),
          };
          await insertAuditRow(tx, row);
          return () => {
            audit.written = row;
          };
        },
      },
      done,
    );
  });
  app.addHook('preSerialization', async (request, _reply, payload) => {
    request.auditPayload = payload;
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const rule = request.routeOptions.config.access;
    const principal = request.principal;
    if (request.changeAudit) request.changeAudit.answered = true;
    if (!principal || !isAudited(rule, request.method) || reply.statusCode >= 400) return payload;
    const persons = personsTouched(rule.audit, parametersOf(request), request.auditPayload);
    const written = request.changeAudit?.written;
    const told = written ? persons.filter((person) => !written.personIds.includes(person)) : persons;
    if (written && told.length === 0) return payload;
    await writeAudit({
      ...requestRow(request, principal, rule),
      personIds: told,
      status: reply.statusCode,
    });
    return payload;
  });
};
