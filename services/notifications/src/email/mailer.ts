import nodemailer from 'nodemailer';
import { smtpTlsOf, type NotificationsConfig } from '../config.ts';

/** One email: plain text, no personal data of the people the CPAS accompanies. */
export interface Email {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends emails through the configured SMTP relay. */
export interface Mailer {
  send(email: Email): Promise<void>;
}

/**
 * A nodemailer transport over `SMTP_URL`: implicit TLS for `smtps://`, STARTTLS required for
 * `smtp://` (a relay that does not offer it is refused, not used in clear), plaintext only when
 * `SMTP_TLS=none` says so. Timeouts are short: a send runs in a job round, never in a request.
 */
export const createMailer = (config: NotificationsConfig): Mailer | null => {
  if (!config.SMTP_URL) return null;
  const url = new URL(config.SMTP_URL);
  const tls = smtpTlsOf(config);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : tls === 'implicit' ? 465 : 587,
    secure: tls === 'implicit',
    requireTLS: tls === 'starttls',
    ignoreTLS: tls === 'none',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    tls: { minVersion: 'TLSv1.2' },
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 15000,
  });
  return {
    async send(email) {
      await transport.sendMail({ from: config.SMTP_FROM, ...email });
    },
  };
};
