import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS, TOPICS } from '@relais/contracts';
import type { ServiceDefinition } from '@relais/service-kit';
import { configSchema } from './config.ts';
import { handlers } from './events/handlers.ts';
import { registerRoutes } from './http/routes.ts';

/** The placement service: article 60 §7 placements of candidates at host employers. */
export const placementService: ServiceDefinition<ReturnType<typeof configSchema.parse>> = {
  name: 'placement',
  version: '0.1.0',
  description: 'Article 60 §7 placements: candidates, host employers, positions and contracts.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  routes: registerRoutes,
  consumer: { topics: [TOPICS.trialPeriod], deadLetterTopic: DEAD_LETTER_TOPICS.placement, handlers },
};
