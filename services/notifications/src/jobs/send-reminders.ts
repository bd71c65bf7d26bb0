import { withTenantTransaction } from '@relais/messaging';
import { nextRoundDue } from '../domain/reminders.ts';
import { loadNoticeContent } from '../db/notices.ts';
import {
  claimDueReminder,
  closedCase,
  findDueReminders,
  resolveReminder,
  saveRound,
} from '../db/reminders.ts';
import { deliverNotice } from '../app/deliver-notice.ts';
import type { NotificationsContext } from '../app/notice-context.ts';

const BATCH = 100;

/**
 * One round of the reminder job: every due reminder whose case is still open comes back as a new
 * notification to the same audience (the colleague who took it, if one did), and is scheduled
 * again or, after its last round, exhausted. Safe with several instances: a reminder is claimed
 * with SKIP LOCKED in its CPAS's transaction.
 */
export const sendDueReminders = async (context: NotificationsContext): Promise<number> => {
  const now = context.clock.now();
  let sent = 0;
  for (const { id, tenantId } of await findDueReminders(context.platformPool, now, BATCH)) {
    const done = await withTenantTransaction(context.pool, tenantId, async (tx) => {
      const reminder = await claimDueReminder(tx, id, now);
      if (!reminder) return false;
      // A closing event handled at the same moment as the reminder's own (another partition)
      // may have missed it: the case's closing is looked up again before every round.
      const closedBy = await closedCase(tx, reminder.closingKeys);
      if (closedBy) {
        await resolveReminder(tx, id, closedBy, now);
        return false;
      }
      const original = await loadNoticeContent(tx, reminder.noticeId);
      if (!original) return false;
      const round = reminder.roundsSent + 1;
      await deliverNotice(
        context,
        tx,
        {
          content: original.content,
          role: original.role,
          personId: original.personId,
          dedupeKey: `reminder:${id}:${String(round)}`,
        },
        {
          tenantId,
          sourceEventId: null,
          reminder: { id, round, recipients: original.recipients, acknowledged: original.acknowledged },
        },
      );
      await saveRound(
        tx,
        id,
        round,
        nextRoundDue({ everyMs: reminder.everyMs, rounds: reminder.maxRounds }, round, now),
      );
      return true;
    });
    if (done) sent += 1;
  }
  return sent;
};
