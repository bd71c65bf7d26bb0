import type { ServiceContext } from '@relais/service-kit';
import type { ManualProposalKind } from '../domain/model.ts';
import { prepareItem as prepare } from '../domain/preparation.ts';
import { appendHistory } from '../db/history.ts';
import { replaceProposals, savePreparation } from '../db/items.ts';
import { manualProposals } from './add-manual-item.ts';
import { inTenant, requireItem, type CommandMeta } from './common.ts';
import { itemDetailIn } from './read-item.ts';

/** Step one: the officer, the social worker or the secretary prepares the item for the committee. */
export const prepareItem = (
  context: ServiceContext,
  meta: CommandMeta,
  itemId: string,
  cmd: { assessment: string; proposals?: readonly { kind: ManualProposalKind; text: string }[] | undefined },
) =>
  inTenant(context, meta.tenantId, async (tx) => {
    const item = await requireItem(tx, meta.tenantId, itemId, true);
    const at = context.clock.now().toISOString();
    const { preparation, replaceProposals: replace } = prepare(item, {
      actor: meta.actor,
      at,
      assessment: cmd.assessment,
      ...(cmd.proposals ? { proposals: cmd.proposals } : {}),
    });
    await savePreparation(tx, { ...item, preparation });
    if (replace && cmd.proposals)
      await replaceProposals(tx, meta.tenantId, itemId, manualProposals(context, cmd.proposals));
    await appendHistory(tx, {
      tenantId: meta.tenantId,
      itemId,
      kind: item.preparation ? 'prepared_again' : 'prepared',
      sessionId: item.sessionId,
      actor: meta.actor,
      details: { proposalsReplaced: replace },
    });
    return itemDetailIn(tx, context, await requireItem(tx, meta.tenantId, itemId));
  });
