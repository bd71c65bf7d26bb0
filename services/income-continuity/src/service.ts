import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS, TOPICS } from '@relais/contracts';
import { belgianDay, type ServiceDefinition } from '@relais/service-kit';
import { configSchema } from './config.ts';
import { handlers } from './events/handlers.ts';
import { access } from './http/access.ts';
import { registerRoutes } from './http/routes.ts';
import { announceDueOutcomeChecks } from './jobs/announce-due-outcome-checks.ts';

/** The income-continuity service: every day of a person's income covered. */
export const incomeContinuityService: ServiceDefinition<ReturnType<typeof configSchema.parse>> = {
  name: 'income-continuity',
  version: '0.2.0',
  description:
    'Income coverage: RI suspended during an article 60 placement and reopened with no uncovered day when it ends.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  access,
  routes: registerRoutes,
  consumer: {
    topics: [TOPICS.placement, TOPICS.trialPeriod, TOPICS.committee],
    deadLetterTopic: DEAD_LETTER_TOPICS.incomeContinuity,
    handlers,
  },
  jobs: (context) => [
    {
      name: 'announce-due-outcome-checks',
      intervalMs: context.config.JOBS_INTERVAL_MS,
      run: () => announceDueOutcomeChecks(context, belgianDay(context.clock.now())),
    },
  ],
};
