import { baseConfigSchema } from '@relais/service-kit';
import { z } from 'zod';

/** The statistics service's settings (env), with its default port and database. */
export const configSchema = baseConfigSchema({ port: 3007, database: 'relais_statistics' }).extend({
  /**
   * Counts from 1 to this minus one are published as `suppressed`, never as the number: a small
   * cell (one accident at a host with two workers) points at a person. 5 is the usual floor of
   * official statistics; a CPAS may raise it, never go under 3.
   */
  STATISTICS_SUPPRESSION_THRESHOLD: z.coerce.number().int().min(3).max(50).default(5),
});

/** The statistics service's configuration. */
export type StatisticsConfig = z.infer<typeof configSchema>;
