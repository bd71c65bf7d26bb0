import { baseConfigSchema, privateKeyPem } from '@relais/service-kit';
import { z } from 'zod';

/**
 * Signs session cookies outside production only, so a local start needs no setup. It is published
 * in the repository: anyone could forge a cookie signed with it, so production refuses it.
 */
export const DEVELOPMENT_SESSION_SECRET = 'relais-development-only-session-secret-not-for-production';

const flag = z.stringbool({ truthy: ['true', '1'], falsy: ['false', '0'] });
const serviceUrl = z.url({ protocol: /^https?$/ });

/** The edge's settings (env): sessions, sign-in protection and the services it forwards to. */
export const configSchema = baseConfigSchema({ port: 3000, database: 'relais_admin_ui' })
  .extend({
    /** The edge sits behind the TLS-terminating proxy: its X-Forwarded-For is the caller's address. */
    TRUST_PROXY: z.string().min(1).default('loopback'),
    /** Signs the 2-minute tokens the services verify (PKCS#8 PEM, Ed25519); no default. */
    SERVICE_TOKEN_PRIVATE_KEY: privateKeyPem,
    /** Signs the session cookie: at least 32 characters; required in production. */
    SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    /** `Secure` cookies (sent over HTTPS only); false only for a local start over plain HTTP. */
    COOKIE_SECURE: flag.default(true),
    /** A session not used for this long ends (rolling). */
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(240).default(30),
    /** A session ends this long after sign-in however busy it is: a working day and some. */
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(10),
    /** Consecutive wrong passwords that lock an account… */
    SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    /** …for this long (seconds). */
    SIGN_IN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86400).default(900),
    /** Sign-in attempts per minute from one address: a CPAS's whole office may share one. */
    SIGN_IN_RATE_PER_IP: z.coerce.number().int().min(1).max(10000).default(30),
    /** Sign-in attempts per minute for one email, whatever the address. */
    SIGN_IN_RATE_PER_EMAIL: z.coerce.number().int().min(1).max(10000).default(10),
    /** Prefix of the edge's Redis keys (sessions, counters). */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[\w:.-]+$/)
      .default('relais:admin-ui:'),
    PLACEMENT_URL: serviceUrl.default('http://127.0.0.1:3001'),
    SAFETY_VISITS_URL: serviceUrl.default('http://127.0.0.1:3002'),
    TRIAL_PERIOD_URL: serviceUrl.default('http://127.0.0.1:3003'),
    INCOME_CONTINUITY_URL: serviceUrl.default('http://127.0.0.1:3004'),
    /** The committee service (issue 8): forwarded to, and its screens shown, only when set. */
    COMMITTEE_URL: serviceUrl.optional(),
    /** The notifications service (issue 8): the inbox and its live updates, only when set. */
    NOTIFICATIONS_URL: serviceUrl.optional(),
    /** The statistics service (issue 11): its screens shown only when set. */
    STATISTICS_URL: serviceUrl.optional(),
    /** How long a forwarded call may take before the edge answers 504. */
    FORWARD_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
    /** Seeds the documented demo CPAS and accounts at start (development only). */
    DEMO_ACCOUNTS: flag.default(false),
  })
  .superRefine((config, ctx) => {
    if (config.DEMO_ACCOUNTS && config.NODE_ENV !== 'development') {
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO_ACCOUNTS'],
        message: 'demo accounts have a published password: development only',
      });
    }
    if (config.NODE_ENV !== 'production') return;
    if (!config.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required in production' });
    } else if (config.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'the development secret is public: set a secret of your own in production',
      });
    }
    if (!config.COOKIE_SECURE) {
      ctx.addIssue({
        code: 'custom',
        path: ['COOKIE_SECURE'],
        message: 'session cookies travel over HTTPS only in production',
      });
    }
  })
  .transform((config) => ({
    ...config,
    SESSION_SECRET: config.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
  }));

/** The parsed settings of the edge. */
export type AdminUiConfig = z.infer<typeof configSchema>;
