import type { ServiceContext } from '@relais/service-kit';
import { openCorrectiveAction as decide, type CorrectiveAction } from '../domain/findings.ts';
import { insertAction } from '../db/findings.ts';
import type { VisitCommandContext } from './change-visit.ts';
import { changeFollowUp } from './follow-up.ts';
import { todayOf } from './support.ts';

/** Opens a corrective action on a finding: what, who (owner) and by when. */
export const openCorrectiveAction = (
  context: ServiceContext,
  command: {
    readonly tenantId: string;
    readonly findingId: string;
    readonly description: string;
    readonly owner: string;
    readonly deadline: string;
  },
  { by, ...cause }: VisitCommandContext,
): Promise<CorrectiveAction> =>
  changeFollowUp(context, command, cause, async (tx, finding) => {
    const action = decide(finding, command, by, todayOf(context), context.clock.newId());
    await insertAction(tx, action);
    return action;
  });
