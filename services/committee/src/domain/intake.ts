import type {
  DataOf,
  EngagementProposedV1,
  HostPartnerApprovalRequestedV1,
  IncomeReopenedV1,
  IncomeReopenedV2,
  PlacementEndedV1,
} from '@relais/contracts';
import { DomainError } from '@relais/service-kit/errors';
import type { ItemKind, ProposalKind, Subject } from './model.ts';
import { PROPOSAL_RULES } from './proposals.ts';

/** What an event asks the committee: an item to open, or proposals to add to the open one of its case. */
export interface ItemDraft {
  readonly kind: ItemKind;
  /** Events about the same matter (a placement's end and its reopening) meet on one item through this key. */
  readonly caseKey: string;
  readonly personId: string | null;
  readonly requestedOn: string;
  readonly summary: Readonly<Record<string, unknown>>;
  readonly proposals: readonly { readonly kind: ProposalKind; readonly subject: Subject }[];
}

const proposal = (kind: ProposalKind, id: string) => ({
  kind,
  subject: { kind: PROPOSAL_RULES[kind].subject, id },
});

/** A favourable pre-approval visit: the committee approves (or not) the host as a partner. */
export const fromHostPartnerApprovalRequested = (
  data: DataOf<typeof HostPartnerApprovalRequestedV1>,
): ItemDraft => ({
  kind: 'host_partner_approval',
  caseKey: `host:${data.hostEmployerId}`,
  personId: null,
  requestedOn: data.requestedOn,
  summary: { hostEmployerId: data.hostEmployerId, enterpriseNumber: data.enterpriseNumber },
  proposals: [proposal('approve_host_partner', data.hostEmployerId)],
});

/** The officer proposes to engage a candidate: requested the day the proposal was made. */
export const fromEngagementProposed = (
  data: DataOf<typeof EngagementProposedV1>,
  requestedOn: string,
): ItemDraft => ({
  kind: 'engagement_proposal',
  caseKey: `engagement:${data.proposalId}`,
  personId: data.personId,
  requestedOn,
  summary: { ...data },
  proposals: [proposal('approve_engagement', data.proposalId)],
});

const SUBJECT_OF_REOPENING_PROPOSAL = {
  take_note_of_trial_end: 'trialPeriodId',
  take_note_of_contract_end: 'placementId',
  reopen_integration_income: 'reopeningId',
  continue_isp_follow_up: 'followUpId',
} as const;

type Reopening = DataOf<typeof IncomeReopenedV1> | DataOf<typeof IncomeReopenedV2>;

/** The RI was reopened provisionally: the committee ratifies the three proposals (seed 004 §4.4). */
export const fromIncomeReopened = (data: Reopening, requestedOn: string): ItemDraft => {
  const ids: Record<string, string | null> = {
    trialPeriodId: data.trialPeriodId,
    placementId: data.placementId,
    reopeningId: data.reopeningId,
    followUpId: data.followUpId,
  };
  return {
    kind: 'income_reopening',
    caseKey: `placement:${data.placementId}`,
    personId: data.personId,
    requestedOn,
    summary: { ...data },
    proposals: data.proposals.map((kind) => {
      const id = ids[SUBJECT_OF_REOPENING_PROPOSAL[kind]];
      if (!id)
        throw new DomainError(
          'PROPOSAL_SUBJECT_MISSING',
          'invalid',
          `${kind} needs a ${SUBJECT_OF_REOPENING_PROPOSAL[kind]}`,
        );
      return proposal(kind, id);
    }),
  };
};

/**
 * A contract ended early: the committee takes note of the end (the ISP committee "decides the
 * contract end and in parallel the reopening of the RI", seed 004 §4.4). Other ends are no
 * item: a completed contract needs no decision, and an ended trial comes with its reopening.
 */
export const fromPlacementEnded = (
  data: DataOf<typeof PlacementEndedV1>,
  requestedOn: string,
): ItemDraft | null =>
  data.reason !== 'ended_early'
    ? null
    : {
        kind: 'contract_early_end',
        caseKey: `placement:${data.placementId}`,
        personId: data.personId,
        requestedOn,
        summary: { placementId: data.placementId, lastWorkedDay: data.lastWorkedDay, endReason: data.reason },
        proposals: [proposal('take_note_of_contract_end', data.placementId)],
      };

const KIND_RANK: Readonly<Record<ItemKind, number>> = {
  income_reopening: 3,
  contract_early_end: 2,
  host_partner_approval: 1,
  engagement_proposal: 1,
  manual: 0,
};

/**
 * Merges a draft into the open item of its case: the proposals it does not have yet, the facts
 * it did not know, and the wider kind (an early end that comes with its reopening is a reopening
 * item). Returns null when the draft adds nothing (the same fact re-emitted).
 */
export const mergeDraft = (
  open: {
    readonly kind: ItemKind;
    readonly proposalKinds: readonly ProposalKind[];
    readonly summary: Readonly<Record<string, unknown>>;
  },
  draft: ItemDraft,
): { kind: ItemKind; summary: Record<string, unknown>; proposals: ItemDraft['proposals'] } | null => {
  const proposals = draft.proposals.filter((p) => !open.proposalKinds.includes(p.kind));
  if (proposals.length === 0) return null;
  return {
    kind: KIND_RANK[draft.kind] > KIND_RANK[open.kind] ? draft.kind : open.kind,
    summary: { ...open.summary, ...draft.summary },
    proposals,
  };
};
