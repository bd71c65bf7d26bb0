import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS } from '@relais/contracts';
import type { ServiceDefinition } from '@relais/service-kit';
import { configSchema, type StatisticsConfig } from './config.ts';
import { handlers } from './events/handlers.ts';
import { access } from './http/access.ts';
import { registerRoutes, STATISTICS_TOPICS } from './http/routes.ts';

/** The statistics service: outcomes per CPAS, host, sector and month, and a person's case on a date. */
export const statisticsService: ServiceDefinition<StatisticsConfig> = {
  name: 'statistics',
  version: '0.1.0',
  description:
    'Outcomes of article 60 placements per CPAS, host, sector and month (small counts suppressed), rebuilt from the events on demand, and a person’s case as it stood on a date.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  access,
  routes: registerRoutes,
  consumer: {
    topics: STATISTICS_TOPICS,
    deadLetterTopic: DEAD_LETTER_TOPICS.statistics,
    handlers,
  },
};
