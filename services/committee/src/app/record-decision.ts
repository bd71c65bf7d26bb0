import { DomainError, type ServiceContext } from '@relais/service-kit';
import { recordDecision as record, type DecisionInput } from '../domain/decisions.ts';
import { deleteDrafts, insertDecision } from '../db/decisions.ts';
import { appendHistory } from '../db/history.ts';
import { inTenant, requireItem, requireSession, todayOf, type CommandMeta } from './common.ts';
import { itemDetailIn } from './read-item.ts';

/** Step two: the committee's decision on one proposal, recorded (replacing an unsigned one), to be signed. */
export const recordDecision = (
  context: ServiceContext,
  meta: CommandMeta,
  itemId: string,
  proposalId: string,
  input: DecisionInput,
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const item = await requireItem(tx, meta.tenantId, itemId, true);
    if (!item.sessionId)
      throw new DomainError('ITEM_NOT_ON_SESSION', 'conflict', `item ${itemId} is not on a session's agenda`);
    const session = await requireSession(tx, meta.tenantId, item.sessionId);
    const { decision, replaces } = record(item, session, proposalId, input, {
      decisionId: context.clock.newId(),
      actor: meta.actor,
      now: context.clock.now().toISOString(),
      today: todayOf(context),
    });
    if (replaces) await deleteDrafts(tx, meta.tenantId, [replaces]);
    await insertDecision(tx, meta.tenantId, decision);
    await appendHistory(tx, {
      tenantId: meta.tenantId,
      itemId,
      kind: 'decision_recorded',
      sessionId: session.id,
      actor: meta.actor,
      details: { decisionId: decision.id, proposalId, outcome: decision.outcome, replaces },
    });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, itemId));
  });
