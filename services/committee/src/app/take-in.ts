import type { EventOf, EventDefinition } from '@relais/contracts';
import type { HandlerContext, Tx } from '@relais/messaging';
import { SYSTEM_ACTOR_ID, type ServiceContext } from '@relais/service-kit';
import { mergeDraft, type ItemDraft } from '../domain/intake.ts';
import { appendHistory } from '../db/history.ts';
import { findOpenItemOfCase, insertItem, insertProposals, subjectKnown, updateItem } from '../db/items.ts';

const SYSTEM = { id: SYSTEM_ACTOR_ID, role: 'system' } as const;

/**
 * Puts what an event asks onto the agenda: a new pending item, or the proposals it adds to the
 * open item of its case (an early end and its reopening are one matter for the committee).
 * Serialised per case, so two events of one case arriving on two topics at once merge; a fact
 * re-emitted under a new event id adds nothing.
 */
export const takeIn = async (
  context: ServiceContext,
  tx: Tx,
  event: EventOf<EventDefinition>,
  draft: ItemDraft | null,
  { logger }: HandlerContext,
): Promise<void> => {
  if (!draft) return;
  const { tenantId } = event;
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${tenantId}:${draft.caseKey}`]);
  const sameDay = draft.kind === 'host_partner_approval' ? draft.requestedOn : null;
  const fresh = [];
  for (const p of draft.proposals)
    if (!(await subjectKnown(tx, tenantId, p.kind, p.subject, sameDay))) fresh.push(p);
  if (fresh.length === 0) {
    logger.info({ caseKey: draft.caseKey }, 'already on the agenda');
    return;
  }
  const withIds = fresh.map((p) => ({ ...p, id: context.clock.newId(), text: null }));
  const open = await findOpenItemOfCase(tx, tenantId, draft.caseKey);
  const merged =
    open && open.decisions.length === 0
      ? mergeDraft(
          { kind: open.kind, proposalKinds: open.proposals.map((p) => p.kind), summary: open.summary },
          { ...draft, proposals: fresh },
        )
      : null;
  if (open && merged) {
    await insertProposals(tx, tenantId, open.id, withIds, open.proposals.length);
    await updateItem(tx, { ...open, kind: merged.kind, summary: merged.summary });
    await appendHistory(tx, {
      tenantId,
      itemId: open.id,
      kind: 'proposals_added',
      sessionId: open.sessionId,
      actor: SYSTEM,
      details: { eventType: event.type, proposals: fresh.map((p) => p.kind) },
    });
    logger.info({ itemId: open.id, kind: merged.kind }, 'proposals added to the open item of the case');
    return;
  }
  const id = context.clock.newId();
  // A case whose open item is already being decided gets an item of its own, outside the merge.
  await insertItem(tx, {
    id,
    tenantId,
    kind: draft.kind,
    caseKey: open ? null : draft.caseKey,
    personId: draft.personId,
    title: null,
    requestedOn: draft.requestedOn,
    summary: draft.summary,
    sourceEventId: event.id,
    createdBy: null,
  });
  await insertProposals(tx, tenantId, id, withIds, 0);
  await appendHistory(tx, {
    tenantId,
    itemId: id,
    kind: 'requested',
    actor: SYSTEM,
    details: { eventType: event.type, eventVersion: event.version },
  });
  logger.info({ itemId: id, kind: draft.kind }, 'agenda item opened');
};
