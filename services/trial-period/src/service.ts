import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS, TOPICS } from '@relais/contracts';
import type { ServiceDefinition } from '@relais/service-kit';
import { configSchema } from './config.ts';
import { handlers } from './events/handlers.ts';
import { registerRoutes } from './http/routes.ts';

/** The trial-period service: the evaluation period at the start of each placement. */
export const trialPeriodService: ServiceDefinition<ReturnType<typeof configSchema.parse>> = {
  name: 'trial-period',
  version: '0.1.0',
  description: 'Trial (evaluation) periods of article 60 placements and their outcomes.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  routes: registerRoutes,
  consumer: { topics: [TOPICS.placement], deadLetterTopic: DEAD_LETTER_TOPICS.trialPeriod, handlers },
};
