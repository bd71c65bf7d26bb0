import { writeDeferred, type Tx } from '@relais/messaging';

/** What the social worker sees happen on the person's timeline. */
export type TimelineKind =
  | 'income_registered'
  | 'aid_request_registered'
  | 'aid_request_closed'
  | 'aid_at_risk'
  | 'income_suspended'
  | 'income_reopened'
  | 'reopening_confirmed'
  | 'reopening_amended'
  | 'reopening_refused'
  | 'bridge_opened'
  | 'bridge_closed'
  | 'coverage_gap_detected'
  | 'outcome_checks_planned'
  | 'placement_outcome_recorded';

/** One entry of the person's timeline. */
export interface TimelineEntry {
  readonly id: string;
  readonly kind: TimelineKind;
  readonly effectiveOn: string;
  readonly details: Record<string, unknown>;
  readonly sourceEventId: string | null;
  readonly actorId: string | null;
  readonly recordedAt: string;
}

/** Appends an entry (the table refuses updates and deletes), written with the transaction's other deferred rows. */
export const appendTimeline = async (
  tx: Tx,
  e: {
    readonly id: string;
    readonly tenantId: string;
    readonly personId: string;
    readonly kind: TimelineKind;
    readonly effectiveOn: string;
    readonly details: Record<string, unknown>;
    readonly sourceEventId?: string | null;
    readonly actorId?: string | null;
  },
): Promise<void> => {
  await writeDeferred(tx, {
    table: 'timeline_entries',
    columns: [
      'id',
      'tenant_id',
      'person_id',
      'kind',
      'effective_on',
      'details',
      'source_event_id',
      'actor_id',
    ],
    values: [
      e.id,
      e.tenantId,
      e.personId,
      e.kind,
      e.effectiveOn,
      JSON.stringify(e.details),
      e.sourceEventId ?? null,
      e.actorId ?? null,
    ],
  });
};

/** The person's timeline in the order things were recorded. */
export const listTimeline = async (tx: Tx, tenantId: string, personId: string): Promise<TimelineEntry[]> => {
  const { rows } = await tx.query<TimelineEntry>(
    `SELECT id, kind, effective_on AS "effectiveOn", details, source_event_id AS "sourceEventId", actor_id AS "actorId",
            to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "recordedAt"
     FROM timeline_entries WHERE tenant_id = $1 AND person_id = $2 ORDER BY seq`,
    [tenantId, personId],
  );
  return rows;
};
