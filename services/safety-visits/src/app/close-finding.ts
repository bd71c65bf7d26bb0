import type { ServiceContext } from '@relais/service-kit';
import { closeFinding as decide, type Finding } from '../domain/findings.ts';
import { listActions, saveFinding } from '../db/findings.ts';
import type { VisitCommandContext } from './change-visit.ts';
import { changeFollowUp } from './follow-up.ts';
import { todayOf } from './support.ts';

/** Closes a finding by hand (a minor one needing no action, or one whose actions are all closed). */
export const closeFinding = (
  context: ServiceContext,
  command: { readonly tenantId: string; readonly findingId: string; readonly note: string },
  { by, ...cause }: VisitCommandContext,
): Promise<Finding> =>
  changeFollowUp(context, command, cause, async (tx, finding) => {
    const actions = await listActions(tx, command.tenantId, { findingId: finding.id });
    const closed = decide(finding, actions, command.note, by, todayOf(context));
    await saveFinding(tx, closed);
    return closed;
  });
