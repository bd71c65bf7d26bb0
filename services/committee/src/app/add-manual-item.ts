import type { ServiceContext } from '@relais/service-kit';
import type { ManualProposalKind } from '../domain/model.ts';
import { PROPOSAL_RULES } from '../domain/proposals.ts';
import { appendHistory } from '../db/history.ts';
import { insertItem, insertProposals } from '../db/items.ts';
import { inTenant, requireItem, type CommandMeta } from './common.ts';
import { itemDetailIn } from './read-item.ts';

export interface ManualItem {
  readonly title: string;
  readonly personId: string | null;
  readonly requestedOn: string;
  readonly proposals: readonly { readonly kind: ManualProposalKind; readonly text: string }[];
}

/** Proposals of a manual item: their subject is the proposal itself (no owning service's record). */
export const manualProposals = (context: ServiceContext, proposals: ManualItem['proposals']) =>
  proposals.map((p) => {
    const id = context.clock.newId();
    return { id, kind: p.kind, text: p.text, subject: { kind: PROPOSAL_RULES[p.kind].subject, id } };
  });

/** The secretary adds an item no event brought (e.g. a social worker's proposal of an RI sanction). */
export const addManualItem = (context: ServiceContext, meta: CommandMeta, cmd: ManualItem) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const id = context.clock.newId();
    await insertItem(tx, {
      id,
      tenantId: meta.tenantId,
      kind: 'manual',
      caseKey: null,
      personId: cmd.personId,
      title: cmd.title,
      requestedOn: cmd.requestedOn,
      summary: {},
      sourceEventId: null,
      createdBy: meta.actor.id,
    });
    await insertProposals(tx, meta.tenantId, id, manualProposals(context, cmd.proposals), 0);
    await appendHistory(tx, {
      tenantId: meta.tenantId,
      itemId: id,
      kind: 'added',
      actor: meta.actor,
      details: { title: cmd.title },
    });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, id));
  });
