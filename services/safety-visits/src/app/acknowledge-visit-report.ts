import type { ServiceContext } from '@relais/service-kit';
import { acknowledgeReport, type Acknowledgement, type CompletedVisit } from '../domain/visit.ts';
import { recordVisitChange, saveVisit } from '../db/visits.ts';
import { changeVisit, type VisitCommandContext } from './change-visit.ts';
import { entryOf, todayOf } from './support.ts';

/** Records that the host acknowledged the visit's report (signed by a function, e.g. its director). */
export const acknowledgeVisitReport = (
  context: ServiceContext,
  command: Acknowledgement & { readonly tenantId: string; readonly visitId: string },
  { by, ...cause }: VisitCommandContext,
): Promise<CompletedVisit> =>
  changeVisit(context, command, cause, async (tx, visit) => {
    const { tenantId: _t, visitId: _v, ...acknowledgement } = command;
    const next = acknowledgeReport(visit, acknowledgement, by, todayOf(context));
    await saveVisit(tx, next);
    await recordVisitChange(
      tx,
      next,
      { change: 'acknowledged', detail: { byFunction: command.byFunction } },
      by,
      entryOf(context),
    );
    return next;
  });
