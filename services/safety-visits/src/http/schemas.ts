import { isoDate } from '@relais/contracts';
import { problemSchema, cursorParam, decodeCursor, encodeCursor } from '@relais/service-kit';
import { z } from 'zod';
import { ACCIDENT_SEVERITIES } from '../domain/accident.ts';
import { FINDING_SEVERITIES, type CorrectiveAction, type Finding } from '../domain/findings.ts';
import { RISK_LEVELS } from '../domain/model.ts';
import { VISIT_KINDS, VISIT_STATUSES, type PreventionVisit } from '../domain/visit.ts';

export { isoDate };

/** Problem answers documented on every route (401 without a valid token, 403 for a role not allowed). */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

/** Free text, trimmed, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);
export const visitKind = z.enum(VISIT_KINDS);
export const visitStatus = z.enum(VISIT_STATUSES);
export const findingSeverity = z.enum(FINDING_SEVERITIES);
export const accidentSeverity = z.enum(ACCIDENT_SEVERITIES);
export const riskLevel = z.enum(RISK_LEVELS);
export const itemCode = z.string().regex(/^[a-z][a-z0-9_]{2,60}$/, 'a checklist item code');

/** `limit` and `cursor` of a keyset-paged list whose sort key is a day. */
export const dayPage = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursorParam((key) => isoDate.safeParse(key).success),
});

/** A page of a list: the items and the cursor of the next page, null on the last. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Reads a cursor already validated by the query schema. */
export const afterOf = (cursor: string | undefined) => {
  const at = cursor === undefined ? undefined : decodeCursor(cursor, () => true);
  return at && { day: at.key, id: at.id };
};

/** Fetches one more than the page and answers the page with the cursor of the next one. */
export const paged = <T extends { id: string }, V>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => string,
  present: (row: T) => V,
): { items: V[]; nextCursor: string | null } => {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(present),
    nextCursor: rows.length > limit && last ? encodeCursor({ key: keyOf(last), id: last.id }) : null,
  };
};

export const checklistAnswer = z.strictObject({
  code: itemCode,
  result: z.enum(['compliant', 'not_compliant', 'not_applicable']),
  note: text(1000).nullable().default(null),
});

export const actionSchema = z.object({
  id: z.uuid(),
  findingId: z.uuid(),
  hostEmployerId: z.uuid(),
  description: z.string(),
  owner: z.string(),
  deadline: isoDate,
  status: z.enum(['open', 'closed']),
  openedOn: isoDate,
  overdueSince: isoDate.nullable(),
  closedOn: isoDate.nullable(),
  evidence: z.string().nullable(),
});
export const findingSchema = z.object({
  id: z.uuid(),
  visitId: z.uuid(),
  hostEmployerId: z.uuid(),
  itemCode: z.string().nullable(),
  severity: findingSeverity,
  description: z.string(),
  status: z.enum(['open', 'closed']),
  openedOn: isoDate,
  closedOn: isoDate.nullable(),
  closeNote: z.string().nullable(),
});

export const visitSchema = z.object({
  id: z.uuid(),
  hostEmployerId: z.uuid(),
  siteId: z.uuid(),
  kind: visitKind,
  status: visitStatus,
  scheduledFor: isoDate,
  dueBy: isoDate,
  safetyOfficerId: z.uuid().nullable(),
  overdueSince: isoDate.nullable(),
  accidentId: z.uuid().nullable(),
  cancelReason: z.string().nullable(),
  report: z
    .object({
      completedOn: isoDate,
      outcome: z.enum(['favourable', 'unfavourable']),
      templateId: z.uuid(),
      checklist: z.array(checklistAnswer),
      summary: z.string().nullable(),
    })
    .nullable(),
  acknowledgement: z
    .object({ acknowledgedOn: isoDate, byFunction: z.string(), comment: z.string().nullable() })
    .nullable(),
});

/** A visit as the API shows it (no tenant; report and cancellation null when absent). */
export const presentVisit = (v: PreventionVisit): z.infer<typeof visitSchema> => ({
  id: v.id,
  hostEmployerId: v.hostEmployerId,
  siteId: v.siteId,
  kind: v.kind,
  status: v.status,
  scheduledFor: v.scheduledFor,
  dueBy: v.dueBy,
  safetyOfficerId: v.safetyOfficerId,
  overdueSince: v.overdueSince,
  accidentId: v.accidentId,
  cancelReason: v.status === 'cancelled' ? v.cancelReason : null,
  report: v.status === 'completed' ? { ...v.report, checklist: [...v.report.checklist] } : null,
  acknowledgement: v.status === 'completed' ? v.acknowledgement : null,
});

/** A finding without its tenant. */
export const presentFinding = ({ tenantId: _t, ...f }: Finding) => f;
/** An action without its tenant. */
export const presentAction = ({ tenantId: _t, ...a }: CorrectiveAction) => a;
