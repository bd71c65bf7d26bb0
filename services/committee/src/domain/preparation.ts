import { DomainError } from '@relais/service-kit/errors';
import type { Actor, AgendaItem, ItemKind, ManualProposalKind, StaffRole } from './model.ts';

/**
 * Who prepares which items: the placement officer the ISP matters (hosts, engagements,
 * contract ends, the trial behind a reopening), the social worker the RI and the social
 * service's own proposals, the secretary any of them.
 */
export const PREPARERS: Readonly<Record<ItemKind, readonly StaffRole[]>> = {
  host_partner_approval: ['placement_officer', 'committee_secretary'],
  engagement_proposal: ['placement_officer', 'committee_secretary'],
  contract_early_end: ['placement_officer', 'committee_secretary'],
  income_reopening: ['placement_officer', 'social_worker', 'committee_secretary'],
  manual: ['social_worker', 'committee_secretary'],
};

export interface PrepareItem {
  readonly actor: Actor;
  readonly at: string;
  readonly assessment: string;
  readonly proposals?: readonly { readonly kind: ManualProposalKind; readonly text: string }[];
}

/**
 * Step one of the two: the preparer's assessment travels with the item ("not ready yet, needs
 * training", why the trial did not work out). A manual item's proposals are set here; the
 * others come from the owning services. Once a decision is recorded the preparation stands.
 */
export const prepareItem = (
  item: AgendaItem,
  cmd: PrepareItem,
): { preparation: NonNullable<AgendaItem['preparation']>; replaceProposals: boolean } => {
  if (!PREPARERS[item.kind].includes(cmd.actor.role))
    throw new DomainError(
      'ITEM_KIND_NOT_YOURS',
      'forbidden',
      `a ${cmd.actor.role} does not prepare ${item.kind} items`,
    );
  if (item.status === 'decided' || item.decisions.length > 0)
    throw new DomainError(
      'ITEM_BEING_DECIDED',
      'conflict',
      `item ${item.id} already has decisions: its preparation stands`,
    );
  if (cmd.proposals && item.kind !== 'manual')
    throw new DomainError(
      'PROPOSALS_COME_FROM_EVENTS',
      'invalid',
      `the proposals of a ${item.kind} item come from the owning service`,
      'proposals',
    );
  return {
    preparation: { by: cmd.actor, at: cmd.at, assessment: cmd.assessment },
    replaceProposals: cmd.proposals !== undefined,
  };
};
