import { runStatement, type Statement, type Tx } from '@relais/messaging';
import type { QueryResult } from 'pg';
import type { AidKind, AidRequest } from '../domain/aid.ts';

/** An aid request as the API shows it. */
export interface AidRequestRecord extends AidRequest {
  readonly personId: string;
  readonly note: string | null;
}

const COLUMNS = `id, person_id AS "personId", kind, depends_on_integration_income AS "dependsOnIntegrationIncome",
  requested_on AS "requestedOn", note, status, closed_on AS "closedOn", closure`;

/** Stores a new pending aid request. */
export const insertAidRequest = async (
  tx: Tx,
  r: {
    readonly id: string;
    readonly tenantId: string;
    readonly personId: string;
    readonly kind: AidKind;
    readonly dependsOnIntegrationIncome: boolean;
    readonly requestedOn: string;
    readonly note: string | null;
    readonly actorId: string;
  },
): Promise<AidRequestRecord> => {
  const { rows } = await tx.query<AidRequestRecord>(
    `INSERT INTO aid_requests (id, tenant_id, person_id, kind, depends_on_integration_income, requested_on, note, status, registered_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) RETURNING ${COLUMNS}`,
    [r.id, r.tenantId, r.personId, r.kind, r.dependsOnIntegrationIncome, r.requestedOn, r.note, r.actorId],
  );
  const row = rows[0];
  if (!row) throw new Error('aid request insert returned no row');
  return row;
};

/** One aid request of a person, locked for update. */
export const findAidRequest = async (
  tx: Tx,
  tenantId: string,
  personId: string,
  id: string,
): Promise<AidRequestRecord | undefined> => {
  const { rows } = await tx.query<AidRequestRecord>(
    `SELECT ${COLUMNS} FROM aid_requests WHERE tenant_id = $1 AND person_id = $2 AND id = $3 FOR UPDATE`,
    [tenantId, personId, id],
  );
  return rows[0];
};

/** Saves the closure of a request. */
export const saveAidClosure = async (
  tx: Tx,
  tenantId: string,
  r: AidRequest,
  actorId: string,
): Promise<void> => {
  await tx.query(
    `UPDATE aid_requests SET status = $3, closed_on = $4, closure = $5, closed_by = $6 WHERE tenant_id = $1 AND id = $2`,
    [tenantId, r.id, r.status, r.closedOn, r.closure, actorId],
  );
};

/** The person's aid requests, oldest first. */
export const listAidRequests = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<AidRequestRecord[]> =>
  aidRequestsIn(await runStatement(tx, aidRequestsStatement(tenantId, personId)));

/** {@link listAidRequests}'s statement, for a handler that has it sent first (`atBegin`). */
export const aidRequestsStatement = (tenantId: string, personId: string): Statement => ({
  text: `SELECT ${COLUMNS} FROM aid_requests WHERE tenant_id = $1 AND person_id = $2 ORDER BY requested_on, created_at`,
  values: [tenantId, personId],
  types: ['uuid', 'uuid'],
});

/** What an {@link aidRequestsStatement} answered. */
export const aidRequestsIn = (result: QueryResult): AidRequestRecord[] => result.rows as AidRequestRecord[];

/**
 * Records the alert for each request not yet alerted for this placement; returns those newly
 * alerted (none on a redelivery or a re-emitted PlacementStarted).
 */
export const recordAidAlerts = async (
  tx: Tx,
  a: {
    readonly alertId: string;
    readonly tenantId: string;
    readonly placementId: string;
    readonly requestIds: readonly string[];
  },
): Promise<string[]> => {
  const { rows } = await tx.query<{ aid_request_id: string }>(
    `INSERT INTO aid_risk_alerts (alert_id, tenant_id, aid_request_id, placement_id)
     SELECT $1, $2, unnest($4::uuid[]), $3 ON CONFLICT DO NOTHING RETURNING aid_request_id`,
    [a.alertId, a.tenantId, a.placementId, a.requestIds],
  );
  return rows.map((r) => r.aid_request_id);
};
