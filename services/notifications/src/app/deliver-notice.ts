import type { Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { NotificationsConfig } from '../config.ts';
import type { NoticeDraft } from '../domain/notices.ts';
import { reminderFor } from '../domain/reminders.ts';
import { queueEmails } from '../db/emails.ts';
import { followersIn } from '../db/followers.ts';
import { insertNotice, insertRecipients } from '../db/notices.ts';
import { emailRecipients } from '../db/preferences.ts';
import { closedCase, insertReminder } from '../db/reminders.ts';
import { announce } from '../live/announce.ts';

/** Where a notification comes from: an event, or a round of a reminder (which keeps its audience). */
export interface NoticeOrigin {
  readonly tenantId: string;
  readonly sourceEventId: string | null;
  readonly reminder?: {
    readonly id: string;
    readonly round: number;
    readonly recipients: readonly string[];
    /** The colleague who took the first notification: the reminder is theirs, not the team's again. */
    readonly acknowledged: { readonly by: string; readonly at: Date } | null;
  };
}

/**
 * Writes one notification in the caller's transaction: to its team queue, addressed to the
 * followers of its person, with its reminder (born resolved if its case closed already), its
 * emails queued for those who opted in, and an announcement to the live streams on commit.
 * Returns the id, or null when the same fact was told already.
 */
export const deliverNotice = async (
  context: ServiceContext<NotificationsConfig>,
  tx: Tx,
  draft: NoticeDraft,
  origin: NoticeOrigin,
): Promise<string | null> => {
  const { tenantId } = origin;
  const now = context.clock.now();
  const id = context.clock.newId();
  const written = await insertNotice(tx, {
    id,
    tenantId,
    content: draft.content,
    role: draft.role,
    personId: draft.personId,
    dedupeKey: draft.dedupeKey,
    sourceEventId: origin.sourceEventId,
    reminder: origin.reminder ? { id: origin.reminder.id, round: origin.reminder.round } : null,
    createdAt: now,
    acknowledged: origin.reminder?.acknowledged ?? undefined,
  });
  if (!written) return null;
  const persons = [...(draft.personId ? [draft.personId] : []), ...(draft.alsoForFollowersOf ?? [])];
  const taker = origin.reminder?.acknowledged?.by;
  const recipients = origin.reminder
    ? [...new Set([...origin.reminder.recipients, ...(taker ? [taker] : [])])]
    : await followersIn(tx, persons, draft.role);
  if (!origin.reminder) await scheduleReminder(context, tx, { tenantId, noticeId: id, draft, now });
  await addressNotice(context, tx, {
    tenantId,
    id,
    kind: draft.content.kind,
    role: draft.role,
    createdAt: now,
    recipients,
  });
  return id;
};

/**
 * Addresses a notification to `recipients` besides its team queue, in the caller's transaction:
 * their emails queued for those who opted in, and an announcement to the live streams on commit.
 */
export const addressNotice = async (
  context: ServiceContext<NotificationsConfig>,
  tx: Tx,
  notice: {
    readonly tenantId: string;
    readonly id: string;
    readonly kind: string;
    readonly role: string;
    readonly createdAt: Date;
    readonly recipients: readonly string[];
  },
): Promise<void> => {
  const { tenantId, id, recipients } = notice;
  await insertRecipients(tx, tenantId, id, recipients);
  if (context.config.SMTP_URL) {
    const users = await emailRecipients(tx, notice.role, recipients);
    await queueEmails(tx, tenantId, id, users, context.clock.now(), () => context.clock.newId());
  }
  await announce(tx, {
    type: 'created',
    tenantId,
    id,
    kind: notice.kind,
    createdAt: notice.createdAt.toISOString(),
    role: notice.role,
    users: recipients,
  });
};

const scheduleReminder = async (
  context: ServiceContext<NotificationsConfig>,
  tx: Tx,
  input: { tenantId: string; noticeId: string; draft: NoticeDraft; now: Date },
): Promise<void> => {
  const plan = reminderFor(input.draft.content, input.now);
  if (!plan) return;
  await insertReminder(
    tx,
    {
      id: context.clock.newId(),
      tenantId: input.tenantId,
      noticeId: input.noticeId,
      closingKeys: plan.closingKeys,
      maxRounds: plan.policy.rounds,
      everyMs: plan.policy.everyMs,
      firstDue: plan.firstDue,
      createdAt: input.now,
    },
    await closedCase(tx, plan.closingKeys),
  );
};
