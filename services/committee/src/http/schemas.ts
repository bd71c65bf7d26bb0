import { incomeCategory, isoDate } from '@relais/contracts';
import { problemSchema } from '@relais/service-kit';
import { z } from 'zod';
import {
  COMMITTEE_KINDS,
  ITEM_KINDS,
  ITEM_STATUSES,
  MANUAL_PROPOSAL_KINDS,
  MEMBER_ROLES,
  NOTIFICATION_CHANNELS,
  OUTCOMES,
  PROPOSAL_KINDS,
  SESSION_STATUSES,
  SUBJECT_KINDS,
} from '../domain/model.ts';

/** Problem answers documented on every route. */
export const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

export const reasonCode = z.string().regex(/^[a-z][a-z0-9_]{2,60}$/, 'a reason code (snake_case)');
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');
const text = (max: number) => z.string().trim().min(1).max(max);

export const sessionParams = z.object({ sessionId: z.uuid() });
export const itemParams = z.object({ itemId: z.uuid() });
export const decisionParams = z.object({ decisionId: z.uuid() });

// ---- sessions ------------------------------------------------------------------------------

const memberInput = z.strictObject({
  accountId: z.uuid(),
  displayName: text(120),
  role: z.enum(MEMBER_ROLES),
  /** Attendance; members are convened present until the secretary says otherwise. */
  present: z.boolean().default(true),
});

export const createSessionBody = z.strictObject({
  kind: z.enum(COMMITTEE_KINDS),
  date: isoDate,
  startsAt: timeOfDay.nullable().default(null),
  location: text(200).nullable().default(null),
  quorum: z.number().int().min(1).max(50),
  members: z.array(memberInput).min(1).max(50),
});

export const updateSessionBody = z
  .strictObject({
    date: isoDate.optional(),
    startsAt: timeOfDay.nullable().optional(),
    location: text(200).nullable().optional(),
    quorum: z.number().int().min(1).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const membersBody = z.strictObject({ members: z.array(memberInput).min(1).max(50) });

export const scheduleBody = z.strictObject({
  itemId: z.uuid(),
  /** 1-based place on the agenda; at the end when absent. */
  position: z.number().int().min(1).optional(),
});

export const orderBody = z.strictObject({ itemIds: z.array(z.uuid()).min(1).max(500) });

export const sessionsQuery = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(SESSION_STATUSES).optional(),
});

export const minutesQuery = z.strictObject({ lang: z.enum(['fr', 'nl']).default('fr') });

const memberSchema = z.object({
  accountId: z.uuid(),
  displayName: z.string(),
  role: z.enum(MEMBER_ROLES),
  present: z.boolean(),
});

export const sessionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(COMMITTEE_KINDS),
  date: isoDate,
  startsAt: z.string().nullable(),
  location: z.string().nullable(),
  quorum: z.number().int(),
  status: z.enum(SESSION_STATUSES),
  members: z.array(memberSchema),
  /** Voting members present, and whether they reach the quorum. */
  attendance: z.object({ votingPresent: z.number().int(), quorumReached: z.boolean() }),
  itemCount: z.number().int(),
});

// ---- agenda items --------------------------------------------------------------------------

const subjectSchema = z.object({ kind: z.enum(SUBJECT_KINDS), id: z.uuid() });

const proposalSchema = z.object({
  id: z.uuid(),
  kind: z.enum(PROPOSAL_KINDS),
  subject: subjectSchema,
  text: z.string().nullable(),
  /** The fields an `amended` decision may change, as CommitteeDecisionRecorded carries them. */
  amendable: z.array(z.string()),
});

const deadlineSchema = z.object({
  kind: z.enum(['decision', 'notification', 'host']),
  /** The decision a notification deadline belongs to. */
  decisionId: z.uuid().nullable(),
  dueOn: isoDate,
  /** `near`: within the CPAS's warning days; `overdue`: past and not met; `met`/`missed`: done in time or late. */
  state: z.enum(['open', 'near', 'overdue', 'met', 'missed']),
  daysLeft: z.number().int(),
});

const conflictSchema = z.object({
  rule: z.enum(['sanction_while_income_reopened', 'withdrawal_while_income_reopened', 'same_subject_twice']),
  proposalId: z.uuid(),
  otherItemId: z.uuid(),
  otherProposalId: z.uuid(),
  otherProposalKind: z.enum(PROPOSAL_KINDS),
});

const voteSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unanimous') }),
  z.strictObject({
    kind: z.literal('counts'),
    for: z.number().int().min(0).max(50),
    against: z.number().int().min(0).max(50),
    abstain: z.number().int().min(0).max(50),
  }),
]);

const dissentInput = z.strictObject({ accountId: z.uuid(), text: text(2000) });

const amendmentsSchema = z.record(
  z.string().max(40),
  z.union([z.string().max(200), z.number(), z.boolean()]),
);

export const decisionSchema = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  proposalId: z.uuid(),
  /** The decided proposal's kind and what it is about (null only if the proposal were gone). */
  proposalKind: z.string().nullable(),
  subjectKind: z.enum(SUBJECT_KINDS).nullable(),
  sessionId: z.uuid(),
  status: z.enum(['recorded', 'signed']),
  outcome: z.enum(OUTCOMES),
  reasonCode: z.string().nullable(),
  reasonText: z.string().nullable(),
  amendments: amendmentsSchema.nullable(),
  effectiveOn: isoDate.nullable(),
  decidedOn: isoDate,
  vote: voteSchema,
  dissent: z.array(z.object({ accountId: z.uuid(), displayName: z.string().nullable(), text: z.string() })),
  correctsDecisionId: z.uuid().nullable(),
  /** Superseded by a later signed correction. */
  correctedBy: z.uuid().nullable(),
  recordedBy: z.object({ id: z.uuid(), role: z.string() }),
  recordedAt: z.string(),
  signedBy: z.uuid().nullable(),
  signedAt: z.string().nullable(),
  notification: z.object({ notifiedOn: isoDate, channel: z.enum(NOTIFICATION_CHANNELS) }).nullable(),
  /** Where the proposal's subject concerns a person. */
  personId: z.uuid().nullable(),
});

const financialOption = z.object({
  proposalId: z.uuid(),
  outcome: z.enum(['approved', 'refused']),
  monthlyCostCents: z.number().int().nullable(),
  basis: z.enum(['article60_placement', 'integration_income', 'none']),
  category: incomeCategory.nullable(),
});

const historyEntry = z.object({
  at: z.string(),
  kind: z.string(),
  actorId: z.uuid(),
  actorRole: z.string(),
  sessionId: z.uuid().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const itemSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(ITEM_KINDS),
  status: z.enum(ITEM_STATUSES),
  sessionId: z.uuid().nullable(),
  position: z.number().int().nullable(),
  personId: z.uuid().nullable(),
  title: z.string().nullable(),
  requestedOn: isoDate,
  prepared: z.boolean(),
  proposals: z.array(proposalSchema),
  deadlines: z.array(deadlineSchema),
  /** Some deadline is near or overdue. */
  flagged: z.boolean(),
  conflicts: z.array(conflictSchema),
  postponements: z.number().int(),
});

export const itemDetailSchema = itemSummarySchema.extend({
  /** What the owning services' events said, only what the committee needs. */
  caseSummary: z.record(z.string(), z.unknown()),
  preparation: z
    .object({ by: z.object({ id: z.uuid(), role: z.string() }), at: z.string(), assessment: z.string() })
    .nullable(),
  decisions: z.array(decisionSchema),
  conflictsOfInterest: z.array(
    z.object({ accountId: z.uuid(), reason: z.string().nullable(), declaredAt: z.string() }),
  ),
  financialEffect: z.object({ asOf: isoDate, options: z.array(financialOption) }).nullable(),
  history: z.array(historyEntry),
});

export const agendaQuery = z.strictObject({
  status: z.enum(ITEM_STATUSES).optional(),
  kind: z.enum(ITEM_KINDS).optional(),
  sessionId: z.uuid().optional(),
  personId: z.uuid().optional(),
  flagged: z.enum(['true', 'false']).optional(),
});

export const manualItemBody = z.strictObject({
  title: text(200),
  personId: z.uuid().nullable().default(null),
  requestedOn: isoDate,
  proposals: z
    .array(z.strictObject({ kind: z.enum(MANUAL_PROPOSAL_KINDS), text: text(2000) }))
    .min(1)
    .max(10),
});

export const postponeBody = z.strictObject({
  reason: text(2000),
  /** Straight onto another planned session; back to the pending items when absent. */
  toSessionId: z.uuid().optional(),
});

export const prepareBody = z.strictObject({
  assessment: text(4000),
  /** Manual items only: the proposals as prepared (the others come from the owning services). */
  proposals: z
    .array(z.strictObject({ kind: z.enum(MANUAL_PROPOSAL_KINDS), text: text(2000) }))
    .min(1)
    .max(10)
    .optional(),
});

export const conflictOfInterestBody = z.strictObject({ accountId: z.uuid(), reason: text(500).optional() });

const decisionFields = {
  outcome: z.enum(OUTCOMES),
  reasonCode: reasonCode.optional(),
  reasonText: text(2000).optional(),
  amendments: amendmentsSchema.optional(),
  effectiveOn: isoDate.optional(),
  vote: voteSchema,
  dissent: z.array(dissentInput).max(50).default([]),
};

export const recordDecisionBody = z.strictObject({ proposalId: z.uuid(), ...decisionFields });

export const correctionBody = z.strictObject({ sessionId: z.uuid(), ...decisionFields });

export const signatureBody = z.strictObject({
  /** Required when the item shows conflicting decisions about the same person. */
  acknowledgeConflicts: z.boolean().default(false),
});

export const notificationBody = z.strictObject({
  notifiedOn: isoDate,
  channel: z.enum(NOTIFICATION_CHANNELS),
});

export const decisionsQuery = z.strictObject({
  personId: z.uuid().optional(),
  sessionId: z.uuid().optional(),
  status: z.enum(['recorded', 'signed']).optional(),
});

// ---- settings ------------------------------------------------------------------------------

export const deadlineSettingsBody = z.strictObject({
  effectiveFrom: isoDate,
  decisionDays: z.number().int().min(1).max(365),
  notificationDays: z.number().int().min(1).max(365),
  warningDays: z.number().int().min(0).max(60),
});

const cents = z.number().int().min(0).max(10_000_000);

export const costSettingsBody = z.strictObject({
  effectiveFrom: isoDate,
  /** The CPAS's monthly net cost of the RI per category; all null: no longer shown from that day. */
  riMonthlyCostCents: z.strictObject({ cohabitant: cents, single: cents, with_dependants: cents }).nullable(),
  /** The CPAS's monthly net cost of an article 60 placement (salary less subsidies). */
  placementMonthlyCostCents: cents.nullable(),
});

const deadlineSettingsSchema = z.object({
  effectiveFrom: isoDate,
  decisionDays: z.number().int(),
  notificationDays: z.number().int(),
  warningDays: z.number().int(),
  /** False for the platform default (to confirm with the CPAS's legal service). */
  ownedByCpas: z.boolean(),
});

const costSettingsSchema = z.object({
  effectiveFrom: isoDate,
  riMonthlyCostCents: z
    .object({ cohabitant: z.number().int(), single: z.number().int(), with_dependants: z.number().int() })
    .nullable(),
  placementMonthlyCostCents: z.number().int().nullable(),
});

export const settingsSchema = z.object({
  deadlines: z.object({ inForce: deadlineSettingsSchema, history: z.array(deadlineSettingsSchema) }),
  costs: z.object({ inForce: costSettingsSchema.nullable(), history: z.array(costSettingsSchema) }),
});

export { deadlineSettingsSchema, costSettingsSchema };
