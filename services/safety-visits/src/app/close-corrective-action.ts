import type { ServiceContext } from '@relais/service-kit';
import { closeCorrectiveAction as decide, type CorrectiveAction, type Finding } from '../domain/findings.ts';
import { findAction, listActions, saveAction, saveFinding } from '../db/findings.ts';
import { withTenantTransaction } from '@relais/messaging';
import type { VisitCommandContext } from './change-visit.ts';
import { changeFollowUp } from './follow-up.ts';
import { notFound, todayOf } from './support.ts';

/**
 * Closes a corrective action with its evidence; the finding closes with its last action, and
 * the host's status follows (a closed major finding of the pre-approval visit clears the host).
 */
export const closeCorrectiveAction = async (
  context: ServiceContext,
  command: { readonly tenantId: string; readonly actionId: string; readonly evidence: string },
  { by, ...cause }: VisitCommandContext,
): Promise<{ action: CorrectiveAction; finding: Finding }> => {
  const seen = await withTenantTransaction(
    context.pool,
    command.tenantId,
    (tx) => findAction(tx, command.tenantId, command.actionId),
    { readOnly: true },
  );
  if (!seen) throw notFound('ACTION_NOT_FOUND', 'corrective action', command.actionId);
  return changeFollowUp(
    context,
    { tenantId: command.tenantId, findingId: seen.findingId },
    cause,
    async (tx, finding) => {
      const actions = await listActions(tx, command.tenantId, { findingId: finding.id });
      const action = actions.find((a) => a.id === command.actionId);
      if (!action) throw notFound('ACTION_NOT_FOUND', 'corrective action', command.actionId);
      const decided = decide(action, finding, actions, command.evidence, by, todayOf(context));
      await saveAction(tx, decided.action);
      if (decided.finding !== finding) await saveFinding(tx, decided.finding);
      return decided;
    },
  );
};
