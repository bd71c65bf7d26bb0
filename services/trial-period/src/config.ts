import { baseConfigSchema } from '@relais/service-kit';
import { z } from 'zod';

/**
 * Used only outside production, so tests and local runs need no setup. Production refuses to
 * start without TUTOR_LINK_SECRET, and with this one: it is published in the repository, so a
 * link signed with it could be forged by anyone.
 */
export const DEVELOPMENT_TUTOR_LINK_SECRET = 'relais-development-only-tutor-link-secret-not-for-production';

/** The trial-period service's settings (env), with its default port and database. */
export const configSchema = baseConfigSchema({ port: 3003, database: 'relais_trial_period' })
  .extend({
    /** HMAC-SHA256 key of the tutors' links: at least 32 characters; required when NODE_ENV=production. */
    TUTOR_LINK_SECRET: z.string().min(32).optional(),
    /** How long a tutor's link stays valid (default 7 days: a tutor answers within a working week). */
    TUTOR_LINK_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(168),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV !== 'production') return;
    if (!config.TUTOR_LINK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['TUTOR_LINK_SECRET'], message: 'required in production' });
    } else if (config.TUTOR_LINK_SECRET === DEVELOPMENT_TUTOR_LINK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['TUTOR_LINK_SECRET'],
        message: 'the development secret is public: set a secret of your own in production',
      });
    }
  })
  .transform((config) => ({
    ...config,
    TUTOR_LINK_SECRET: config.TUTOR_LINK_SECRET ?? DEVELOPMENT_TUTOR_LINK_SECRET,
  }));

/** The parsed settings of the trial-period service. */
export type TrialPeriodConfig = z.infer<typeof configSchema>;
