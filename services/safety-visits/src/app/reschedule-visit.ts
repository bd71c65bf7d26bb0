import type { ServiceContext } from '@relais/service-kit';
import { rescheduleVisit as decide, type ScheduledVisit } from '../domain/visit.ts';
import { recordVisitChange, saveVisit } from '../db/visits.ts';
import { changeVisit, type VisitCommandContext } from './change-visit.ts';
import { entryOf, todayOf } from './support.ts';

/** Moves a scheduled visit to another day (and possibly another officer), with the reason. */
export const rescheduleVisit = (
  context: ServiceContext,
  command: {
    readonly tenantId: string;
    readonly visitId: string;
    readonly scheduledFor: string;
    readonly safetyOfficerId: string | null;
    readonly reason: string;
  },
  { by, ...cause }: VisitCommandContext,
): Promise<ScheduledVisit> =>
  changeVisit(context, command, cause, async (tx, visit) => {
    const next = decide(visit, command, by, todayOf(context));
    await saveVisit(tx, next);
    await recordVisitChange(
      tx,
      next,
      {
        change: 'rescheduled',
        detail: {
          from: visit.scheduledFor,
          to: next.scheduledFor,
          safetyOfficerId: next.safetyOfficerId,
          reason: command.reason,
        },
      },
      by,
      entryOf(context),
    );
    return next;
  });
