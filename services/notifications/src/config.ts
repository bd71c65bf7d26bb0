import { baseConfigSchema } from '@relais/service-kit';
import { z } from 'zod';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * The notifications service's settings (env). SMTP: `smtps://` speaks TLS from the first byte,
 * `smtp://` must upgrade with STARTTLS unless `SMTP_TLS=none`; a plaintext relay carries staff
 * addresses and links in clear, so production refuses it unless `SMTP_ALLOW_INSECURE=true` says
 * someone decided so (a relay on the same host, for instance).
 */
export const configSchema = baseConfigSchema({ port: 3006, database: 'relais_notifications' })
  .extend({
    /** Base URL of the admin UI, for the links in emails. */
    ADMIN_UI_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
    /** Without it no email is sent (preferences are still kept). */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    SMTP_FROM: z.string().min(3).max(200).default('Relais <no-reply@relais.invalid>'),
    SMTP_TLS: z.enum(['implicit', 'starttls', 'none']).optional(),
    SMTP_ALLOW_INSECURE: flag.default(false),
  })
  .superRefine((config, ctx) => {
    if (!config.SMTP_URL) return;
    const implicit = new URL(config.SMTP_URL).protocol === 'smtps:';
    if (implicit && config.SMTP_TLS !== undefined && config.SMTP_TLS !== 'implicit')
      ctx.addIssue({ code: 'custom', path: ['SMTP_TLS'], message: 'smtps:// always uses implicit TLS' });
    if (!implicit && config.SMTP_TLS === 'implicit')
      ctx.addIssue({ code: 'custom', path: ['SMTP_TLS'], message: 'implicit TLS needs an smtps:// URL' });
    if (config.NODE_ENV === 'production' && config.SMTP_TLS === 'none' && !config.SMTP_ALLOW_INSECURE)
      ctx.addIssue({
        code: 'custom',
        path: ['SMTP_URL'],
        message:
          'an SMTP relay without TLS is refused in production (set SMTP_ALLOW_INSECURE=true to allow it)',
      });
  });

/** The parsed settings. */
export type NotificationsConfig = z.infer<typeof configSchema>;

/** How the SMTP connection is secured: the URL's scheme decides unless SMTP_TLS says more. */
export const smtpTlsOf = (config: NotificationsConfig): 'implicit' | 'starttls' | 'none' =>
  config.SMTP_TLS ?? (config.SMTP_URL?.startsWith('smtps:') ? 'implicit' : 'starttls');
