import { DomainError, type ServiceContext } from '@relais/service-kit';
import { correctDecision as correct, type DecisionInput } from '../domain/decisions.ts';
import { deleteDrafts, insertDecision } from '../db/decisions.ts';
import { appendHistory } from '../db/history.ts';
import { findItemOfDecision } from '../db/items.ts';
import { inTenant, requireItem, requireSession, todayOf, type CommandMeta } from './common.ts';
import { itemDetailIn } from './read-item.ts';

/**
 * A correction of a signed decision, taken by a session of the committee: a new decision that
 * refers to the one it corrects (which stays as it was), signed like any other.
 */
export const correctDecision = (
  context: ServiceContext,
  meta: CommandMeta,
  decisionId: string,
  cmd: DecisionInput & { sessionId: string },
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const itemId = await findItemOfDecision(tx, meta.tenantId, decisionId);
    if (!itemId) throw new DomainError('DECISION_NOT_FOUND', 'not_found', `no decision ${decisionId}`);
    const item = await requireItem(tx, meta.tenantId, itemId, true);
    const original = item.decisions.find((d) => d.id === decisionId);
    if (!original) throw new DomainError('DECISION_NOT_FOUND', 'not_found', `no decision ${decisionId}`);
    const session = await requireSession(tx, meta.tenantId, cmd.sessionId);
    const { decision, replaces } = correct(item, original, session, cmd, {
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
      kind: 'correction_recorded',
      sessionId: session.id,
      actor: meta.actor,
      details: { decisionId: decision.id, corrects: decisionId, outcome: decision.outcome },
    });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, itemId));
  });
