import { z } from 'zod';
import { defineEvent } from '../define-event.ts';
import { isoDate } from '../envelope.ts';
import { TOPICS } from '../topics.ts';

/**
 * The three proposals the committee ratifies after an ended trial (seed 004 §4.4: "take note
 * of the end of the trial period, extend the revenu d'intégration, continue the ISP work").
 */
export const trialEndProposalKind = z.enum([
  'take_note_of_trial_end',
  'reopen_integration_income',
  'continue_isp_follow_up',
]);

/**
 * The revenu d'intégration was reopened, provisionally, from the day after the last worked
 * day, and the ISP follow-up continues; the committee is asked to ratify the proposals.
 */
export const IncomeReopenedV1 = defineEvent({
  type: 'IncomeReopened',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    reopeningId: z.uuid(),
    personId: z.uuid(),
    placementId: z.uuid(),
    trialPeriodId: z.uuid(),
    effectiveFrom: isoDate,
    followUpId: z.uuid(),
    proposals: z.array(trialEndProposalKind).length(3),
  }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});

/** The RI beneficiary categories (amounts differ; kept in effective-dated configuration). */
export const incomeCategory = z.enum(['cohabitant', 'single', 'with_dependants']);

/** What ended the salary before a reopening. */
export const reopeningCause = z.enum(['trial_not_conclusive', 'trial_ended_early', 'contract_ended_early']);

/**
 * The proposals put to the committee with a reopening. `take_note_of_contract_end` replaces
 * `take_note_of_trial_end` when the contract ended early after the trial.
 */
export const reopeningProposalKind = z.enum([
  'take_note_of_trial_end',
  'take_note_of_contract_end',
  'reopen_integration_income',
  'continue_isp_follow_up',
]);

/**
 * The RI was reopened provisionally, the ISP follow-up continues, and the committee is asked
 * to ratify three proposals. Unlike v1 it also covers a contract ended early after the trial
 * (no trial period: `trialPeriodId` null). Producers emit v1 for trial ends, which v1 already
 * expresses, and v2 only for contract early ends, so a v1 consumer loses nothing it knew.
 */
export const IncomeReopenedV2 = defineEvent({
  type: 'IncomeReopened',
  version: 2,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    reopeningId: z.uuid(),
    personId: z.uuid(),
    placementId: z.uuid(),
    trialPeriodId: z.uuid().nullable(),
    cause: reopeningCause,
    lastWorkedDay: isoDate,
    effectiveFrom: isoDate,
    category: incomeCategory.nullable(),
    followUpId: z.uuid(),
    proposals: z.array(reopeningProposalKind).length(3),
  }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});

/** Kinds of aid the social service grants that may depend on the person receiving the RI. */
export const aidKind = z.enum(['rental_guarantee', 'energy_aid', 'medical_costs', 'school_costs', 'other']);

/**
 * The RI is about to be suspended (an article 60 contract starts) while aid requests whose
 * entitlement depends on it are still pending: the social worker must act before the
 * suspension (seed 004 §4.3, the rental guarantee lost to an unreachable social worker).
 */
export const AidAtRiskV1 = defineEvent({
  type: 'AidAtRisk',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    alertId: z.uuid(),
    personId: z.uuid(),
    placementId: z.uuid(),
    suspensionFrom: isoDate,
    aidRequests: z.array(z.object({ aidRequestId: z.uuid(), kind: aidKind, requestedOn: isoDate })).min(1),
  }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});

/**
 * The social service closed an aid request (granted, refused or withdrawn): it no longer waits on
 * the RI, so an alert about it being at risk can stop. Emitted once per aid request. The outcome
 * is left out: no consumer needs it (least data).
 */
export const AidRequestClosedV1 = defineEvent({
  type: 'AidRequestClosed',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    aidRequestId: z.uuid(),
    personId: z.uuid(),
    closedOn: isoDate,
  }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});

/** The RI is suspended from the contract start: paid up to the day before, the salary covers the rest. */
export const IncomeSuspendedV1 = defineEvent({
  type: 'IncomeSuspended',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    personId: z.uuid(),
    placementId: z.uuid(),
    suspendedFrom: isoDate,
    paidThrough: isoDate,
    category: incomeCategory.nullable(),
  }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});

/** What changed in a person's coverage, for the social worker. */
export const coverageChangeKind = z.enum([
  'income_registered',
  'reopening_confirmed',
  'reopening_amended',
  'reopening_refused',
  'bridge_opened',
  'bridge_closed',
]);

/**
 * A change of a person's income coverage the social worker must know at once (the seed's
 * "next day" relay becomes immediate). `decisionId` and `reasonCode` for committee outcomes.
 */
export const IncomeCoverageChangedV1 = defineEvent({
  type: 'IncomeCoverageChanged',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({
    personId: z.uuid(),
    change: coverageChangeKind,
    periodId: z.uuid().nullable(),
    effectiveFrom: isoDate,
    category: incomeCategory.nullable(),
    reopeningId: z.uuid().nullable(),
    decisionId: z.uuid().nullable(),
    reasonCode: z.string().max(80).nullable(),
  }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});

/**
 * Days of a person's timeline are covered by neither RI, salary nor benefits, and no recorded
 * decision says so: an invariant broke and someone must look. `to` null: still uncovered.
 */
export const CoverageGapDetectedV1 = defineEvent({
  type: 'CoverageGapDetected',
  version: 1,
  topic: TOPICS.incomeContinuity,
  schema: z.object({ gapId: z.uuid(), personId: z.uuid(), from: isoDate, to: isoDate.nullable() }),
  personalFields: ['personId (pseudonymous identifier of the person)'],
});
