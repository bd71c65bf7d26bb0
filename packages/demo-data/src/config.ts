import { z } from 'zod';

const flag = z.stringbool({ truthy: ['true', '1'], falsy: ['false', '0'] });

/**
 * The demo data's settings, read from the environment the start script was given. Like the demo
 * accounts (DEMO_ACCOUNTS), demo data exist for a developer's machine only: anywhere else the
 * configuration refuses them, since fictitious people mixed with a CPAS's real files would be
 * taken for real.
 */
export const demoDataConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** Load the demo data once the services are ready (`npm start` sets it like DEMO_ACCOUNTS). */
    DEMO_DATA: flag.default(false),
    /** The generator's seed: the same seed gives the same people, hosts and paths. */
    DEMO_DATA_SEED: z.coerce.number().int().min(0).max(2_147_483_647).default(60),
    /** `full` (two CPAS, about 40 people) or `small` (one person per stage). */
    DEMO_DATA_SIZE: z.enum(['full', 'small']).default('full'),
  })
  .superRefine((config, ctx) => {
    if (config.DEMO_DATA && config.NODE_ENV !== 'development')
      ctx.addIssue({
        code: 'custom',
        path: ['DEMO_DATA'],
        message: 'demo data are fictitious people: development only',
      });
  });
export type DemoDataConfig = z.infer<typeof demoDataConfigSchema>;

/** Parses the settings from an environment object; throws one readable line per bad variable. */
export const demoDataConfig = (env: Readonly<Record<string, string | undefined>>): DemoDataConfig => {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = demoDataConfigSchema.safeParse(present);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  return parsed.data;
};
