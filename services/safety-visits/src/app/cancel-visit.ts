import type { ServiceContext } from '@relais/service-kit';
import { cancelVisit as decide, type PreventionVisit } from '../domain/visit.ts';
import { recordVisitChange, saveVisit } from '../db/visits.ts';
import { changeVisit, type VisitCommandContext } from './change-visit.ts';
import { entryOf } from './support.ts';

/** Cancels a scheduled visit with the officer's reason. */
export const cancelVisit = (
  context: ServiceContext,
  command: { readonly tenantId: string; readonly visitId: string; readonly reason: string },
  { by, ...cause }: VisitCommandContext,
): Promise<PreventionVisit> =>
  changeVisit(context, command, cause, async (tx, visit) => {
    const next = decide(visit, command.reason, by);
    await saveVisit(tx, next);
    await recordVisitChange(
      tx,
      next,
      { change: 'cancelled', detail: { reason: command.reason } },
      by,
      entryOf(context),
    );
    return next;
  });
