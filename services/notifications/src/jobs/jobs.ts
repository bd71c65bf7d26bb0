import type { ScheduledJob } from '@relais/service-kit';
import type { NotificationsContext } from '../app/notice-context.ts';
import { createMailer } from '../email/mailer.ts';
import { createEmailJob } from './send-emails.ts';
import { sendDueReminders } from './send-reminders.ts';

/** The service's scheduled work: reminders, and emails when an SMTP relay is configured. */
export const jobs = (context: NotificationsContext): ScheduledJob[] => {
  const intervalMs = context.config.JOBS_INTERVAL_MS;
  const mailer = createMailer(context.config);
  if (!mailer) context.logger.info('no SMTP_URL: notification emails are off');
  return [
    { name: 'notification-reminders', intervalMs, run: () => sendDueReminders(context) },
    ...(mailer ? [{ name: 'notification-emails', intervalMs, run: createEmailJob(context, mailer) }] : []),
  ];
};
