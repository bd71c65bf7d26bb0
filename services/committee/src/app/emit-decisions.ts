import {
  CommitteeDecisionRecordedV1,
  CommitteeDecisionRecordedV2,
  committeeSubjectKind,
} from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { Decision } from '../domain/model.ts';
import type { ItemRecord } from '../db/items.ts';

const V1_SUBJECTS: readonly string[] = committeeSubjectKind.options;

/**
 * Emits one CommitteeDecisionRecorded per signed decision, to the owning service. v1 (what
 * placement and income-continuity read) for every first decision on a subject v1 knows; v2 for
 * what v1 cannot say (a correction, the continued follow-up, a manual proposal), which v1
 * consumers skip. Keyed by the person, so a person's decisions keep their order.
 */
export const emitDecisions = async (
  context: ServiceContext,
  tx: Tx,
  item: ItemRecord,
  signed: readonly Decision[],
  causation: { correlationId: string },
): Promise<void> => {
  for (const d of signed) {
    const proposal = item.proposals.find((p) => p.id === d.proposalId);
    if (!proposal) throw new Error(`decision ${d.id} refers to a missing proposal`);
    const lastWorkedDay = typeof item.summary.lastWorkedDay === 'string' ? item.summary.lastWorkedDay : null;
    // Taking note of an early end: the end placement already recorded, so its consumer changes nothing.
    const effectiveOn =
      d.effectiveOn ?? (proposal.subject.kind === 'contract_early_end' ? lastWorkedDay : null);
    const common = {
      decisionId: d.id,
      outcome: d.outcome,
      reasonCode: d.reasonCode,
      decidedOn: d.decidedOn,
      effectiveOn,
      amendments: d.amendments,
    };
    const draft = {
      tenantId: item.tenantId,
      aggregateId: item.id,
      partitionKey: item.personId ?? item.id,
      correlationId: causation.correlationId,
      causationId: null,
    };
    const subject = proposal.subject;
    if (d.correctsDecisionId === null && V1_SUBJECTS.includes(subject.kind))
      await context.events.append(tx, CommitteeDecisionRecordedV1, {
        ...draft,
        data: {
          ...common,
          subject: { kind: subject.kind as (typeof committeeSubjectKind.options)[number], id: subject.id },
        },
      });
    else
      await context.events.append(tx, CommitteeDecisionRecordedV2, {
        ...draft,
        data: {
          ...common,
          subject,
          personId: item.personId,
          proposalKind: proposal.kind,
          correctsDecisionId: d.correctsDecisionId,
          sessionId: d.sessionId,
        },
      });
  }
};
