import { withTenantTransaction } from '@relais/messaging';
import { Counter } from 'prom-client';
import { findDueEmails, leaseEmail, settleEmail } from '../db/emails.ts';
import { emailTarget } from '../db/preferences.ts';
import { composeEmail } from '../email/compose.ts';
import type { Mailer } from '../email/mailer.ts';
import type { NotificationsContext } from '../app/notice-context.ts';
import { translator } from '../i18n/translator.ts';

const BATCH = 50;
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 6;

/** Waits before the next attempt: 1, 2, 4, 8, 16 minutes. */
const backoffMs = (attempt: number) => 60_000 * 2 ** (attempt - 1);

/** Why a send failed, as a code (an SMTP error's text may quote the address: never stored or logged). */
const errorCode = (error: unknown): string => {
  const e = error as { code?: unknown; responseCode?: unknown };
  return [
    typeof e.code === 'string' ? e.code : 'ERROR',
    typeof e.responseCode === 'number' ? e.responseCode : '',
  ]
    .filter(Boolean)
    .join(' ');
};

/**
 * The email job: leases each due email in its CPAS's transaction, sends it outside any
 * transaction (SMTP is slow), then records the outcome; failures are retried with backoff, a
 * user who opted out since is not emailed. At least once: a crash after the send and before the
 * record sends again when the lease runs out.
 */
export const createEmailJob = (context: NotificationsContext, mailer: Mailer) => {
  const sent = new Counter({
    name: 'relais_notification_emails_total',
    help: 'Notification emails by outcome',
    labelNames: ['outcome'],
    registers: [context.registry],
  });
  return async (): Promise<number> => {
    const now = context.clock.now();
    let handled = 0;
    for (const { id, tenantId } of await findDueEmails(context.platformPool, now, BATCH)) {
      const leased = await withTenantTransaction(context.pool, tenantId, async (tx) => {
        const email = await leaseEmail(tx, id, now, new Date(now.getTime() + LEASE_MS));
        return email ? { email, target: await emailTarget(tx, email.userId) } : null;
      });
      if (!leased) continue;
      handled += 1;
      const { email, target } = leased;
      const settle = (outcome: Parameters<typeof settleEmail>[2]) =>
        withTenantTransaction(context.pool, tenantId, (tx) => settleEmail(tx, id, outcome));
      if (!target) {
        await settle({ status: 'cancelled' });
        sent.inc({ outcome: 'cancelled' });
        continue;
      }
      try {
        await mailer.send(
          composeEmail(translator(), {
            to: target.email,
            language: target.language,
            noticeId: email.noticeId,
            adminUiUrl: context.config.ADMIN_UI_URL,
          }),
        );
        await settle({ status: 'sent', at: context.clock.now() });
        sent.inc({ outcome: 'sent' });
      } catch (error) {
        const code = errorCode(error);
        context.logger.warn({ emailId: id, attempt: email.attempts, code }, 'notification email not sent');
        await settle(
          email.attempts >= MAX_ATTEMPTS
            ? { status: 'failed', error: code }
            : {
                status: 'pending',
                retryAt: new Date(now.getTime() + backoffMs(email.attempts)),
                error: code,
              },
        );
        sent.inc({ outcome: email.attempts >= MAX_ATTEMPTS ? 'failed' : 'retried' });
      }
    }
    return handled;
  };
};
