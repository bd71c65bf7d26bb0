import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { NotificationChannel } from '../domain/model.ts';
import { insertNotification } from '../db/decisions.ts';
import { appendHistory } from '../db/history.ts';
import { findItemOfDecision } from '../db/items.ts';
import { inTenant, requireItem, todayOf, type CommandMeta } from './common.ts';
import { itemDetailIn } from './read-item.ts';

/** The secretary records that the person was notified of a signed decision (the 8-day deadline). */
export const recordNotification = (
  context: ServiceContext,
  meta: CommandMeta,
  decisionId: string,
  cmd: { notifiedOn: string; channel: NotificationChannel },
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const itemId = await findItemOfDecision(tx, meta.tenantId, decisionId);
    if (!itemId) throw new DomainError('DECISION_NOT_FOUND', 'not_found', `no decision ${decisionId}`);
    const item = await requireItem(tx, meta.tenantId, itemId);
    const decision = item.decisions.find((d) => d.id === decisionId);
    if (decision?.status !== 'signed')
      throw new DomainError('DECISION_NOT_SIGNED', 'conflict', 'only a signed decision is notified');
    if (cmd.notifiedOn < decision.decidedOn || cmd.notifiedOn > todayOf(context))
      throw new DomainError(
        'NOTIFIED_ON_OUT_OF_RANGE',
        'invalid',
        'between the decision and today',
        'notifiedOn',
      );
    if (
      !(await insertNotification(tx, {
        tenantId: meta.tenantId,
        decisionId,
        ...cmd,
        recordedBy: meta.actor.id,
      }))
    )
      throw new DomainError('ALREADY_NOTIFIED', 'conflict', `decision ${decisionId} was already notified`);
    await appendHistory(tx, {
      tenantId: meta.tenantId,
      itemId,
      kind: 'notified',
      actor: meta.actor,
      details: { decisionId, ...cmd },
    });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, itemId));
  });
