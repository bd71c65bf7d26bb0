import { firstRow, writeLater, type Statement, type Tx } from '@relais/messaging';
import type { QueryResult } from 'pg';
import type { OpenBridge } from '../domain/registration.ts';

/** A bridge as the API shows it. */
export interface BridgeRecord {
  readonly id: string;
  readonly placementId: string;
  readonly coveragePeriodId: string;
  readonly startedOn: string;
  readonly reviewOn: string;
  readonly status: 'open' | 'closed';
  readonly firstPaymentOn: string | null;
  readonly benefitsFrom: string | null;
}

/** A follow-up task of the social worker. */
export interface TaskRecord {
  readonly id: string;
  readonly kind: 'confirm_first_unemployment_payment';
  readonly dueOn: string;
  readonly status: 'open' | 'done';
  readonly doneOn: string | null;
}

/** Whether the placement already led to a bridge. */
export const bridgeExists = async (tx: Tx, tenantId: string, placementId: string): Promise<boolean> => {
  const { rowCount } = await tx.query(
    'SELECT 1 FROM income_bridges WHERE tenant_id = $1 AND placement_id = $2',
    [tenantId, placementId],
  );
  return (rowCount ?? 0) > 0;
};

/** Stores the bridge and the task to confirm the first unemployment payment by its review day. */
export const insertBridge = async (
  tx: Tx,
  b: {
    readonly id: string;
    readonly taskId: string;
    readonly tenantId: string;
    readonly personId: string;
    readonly placementId: string;
    readonly coveragePeriodId: string;
    readonly startedOn: string;
    readonly reviewOn: string;
    readonly sourceEventId: string;
  },
): Promise<void> => {
  await tx.query(
    `INSERT INTO income_bridges (id, tenant_id, person_id, placement_id, coverage_period_id, started_on, review_on, status, source_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)`,
    [
      b.id,
      b.tenantId,
      b.personId,
      b.placementId,
      b.coveragePeriodId,
      b.startedOn,
      b.reviewOn,
      b.sourceEventId,
    ],
  );
  await tx.query(
    `INSERT INTO follow_up_tasks (id, tenant_id, person_id, kind, bridge_id, due_on, status)
     VALUES ($1, $2, $3, 'confirm_first_unemployment_payment', $4, $5, 'open')`,
    [b.taskId, b.tenantId, b.personId, b.id, b.reviewOn],
  );
};

/** The person's open bridge, if any. */
export const findOpenBridge = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<OpenBridge | null> => {
  const { rows } = await tx.query<OpenBridge>(
    `SELECT id, coverage_period_id AS "periodId", started_on AS "startedOn"
     FROM income_bridges WHERE tenant_id = $1 AND person_id = $2 AND status = 'open'`,
    [tenantId, personId],
  );
  return rows[0] ?? null;
};

/** Closes the bridge on the confirmed payment, and its task. */
export const closeBridge = async (
  tx: Tx,
  c: {
    readonly tenantId: string;
    readonly bridgeId: string;
    readonly firstPaymentOn: string;
    readonly benefitsFrom: string;
    readonly today: string;
  },
): Promise<void> => {
  await tx.query(
    `UPDATE income_bridges SET status = 'closed', closed_reason = 'unemployment_confirmed', first_payment_on = $3, benefits_from = $4
     WHERE tenant_id = $1 AND id = $2`,
    [c.tenantId, c.bridgeId, c.firstPaymentOn, c.benefitsFrom],
  );
  await tx.query(
    `UPDATE follow_up_tasks SET status = 'done', done_on = $3 WHERE tenant_id = $1 AND bridge_id = $2 AND status = 'open'`,
    [c.tenantId, c.bridgeId, c.today],
  );
};

/** The person's bridges and tasks. */
export const listBridgesAndTasks = async (
  tx: Tx,
  tenantId: string,
  personId: string,
): Promise<{ bridges: BridgeRecord[]; tasks: TaskRecord[] }> => {
  const bridges = await tx.query<BridgeRecord>(
    `SELECT id, placement_id AS "placementId", coverage_period_id AS "coveragePeriodId", started_on AS "startedOn",
            review_on AS "reviewOn", status, first_payment_on AS "firstPaymentOn", benefits_from AS "benefitsFrom"
     FROM income_bridges WHERE tenant_id = $1 AND person_id = $2 ORDER BY started_on`,
    [tenantId, personId],
  );
  const tasks = await tx.query<TaskRecord>(
    `SELECT id, kind, due_on AS "dueOn", status, done_on AS "doneOn"
     FROM follow_up_tasks WHERE tenant_id = $1 AND person_id = $2 ORDER BY due_on, created_at`,
    [tenantId, personId],
  );
  return { bridges: bridges.rows, tasks: tasks.rows };
};

/**
 * A new article 60 contract started while a bridge was open: the salary covers the person
 * again, so the bridge and its task close without benefits. Returns the bridge closed, if any.
 */
export const closeBridgeForPlacement = async (
  tx: Tx,
  c: { readonly tenantId: string; readonly personId: string; readonly today: string },
): Promise<string | undefined> => {
  const { text, values } = closeOpenBridgeStatement(c.tenantId, c.personId);
  const { rows } = await tx.query<{ id: string }>(text, [...values]);
  const bridgeId = rows[0]?.id;
  if (bridgeId) await writeLater(tx, closeTasksStatement(c.tenantId, bridgeId, c.today));
  return bridgeId;
};

const closeOpenBridgeStatement = (tenantId: string, personId: string): Statement => ({
  text: `UPDATE income_bridges SET status = 'closed', closed_reason = 'new_placement'
     WHERE tenant_id = $1 AND person_id = $2 AND status = 'open' RETURNING id`,
  values: [tenantId, personId],
});

const closeTasksStatement = (tenantId: string, bridgeId: string, today: string): Statement => ({
  text: `UPDATE follow_up_tasks SET status = 'done', done_on = $3 WHERE tenant_id = $1 AND bridge_id = $2 AND status = 'open'`,
  values: [tenantId, bridgeId, today],
});

/** The person's open bridge, for a handler that reads it first (`atBegin`) under the person's lock. */
export const openBridgeStatement = (tenantId: string, personId: string): Statement => ({
  text: `SELECT id FROM income_bridges WHERE tenant_id = $1 AND person_id = $2 AND status = 'open' ORDER BY id LIMIT 1`,
  values: [tenantId, personId],
  types: ['uuid', 'uuid'],
});

/** What an {@link openBridgeStatement} answered: the bridge's id, or null when there is none. */
export const openBridgeIn = (result: QueryResult): string | null =>
  firstRow(result, (row: { id: string }) => row.id) ?? null;

/**
 * {@link closeBridgeForPlacement} for a bridge read first under the person's lock (`open`, or
 * null: none): the updates go without waiting for their answers.
 */
export const sendCloseBridgeForPlacement = async (
  tx: Tx,
  c: { readonly tenantId: string; readonly personId: string; readonly today: string },
  open: string | null,
): Promise<string | undefined> => {
  if (open === null) return undefined;
  await writeLater(tx, closeOpenBridgeStatement(c.tenantId, c.personId));
  await writeLater(tx, closeTasksStatement(c.tenantId, open, c.today));
  return open;
};
