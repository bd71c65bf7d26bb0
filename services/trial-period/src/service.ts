import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS, TOPICS } from '@relais/contracts';
import { belgianDay, type ServiceDefinition } from '@relais/service-kit';
import { configSchema, type TrialPeriodConfig } from './config.ts';
import { handlers } from './events/handlers.ts';
import { access } from './http/access.ts';
import { registerRoutes } from './http/routes.ts';
import { remindOverdueCheckIns } from './jobs/overdue-check-ins.ts';

/** The trial-period service: the evaluation period at the start of each placement. */
export const trialPeriodService: ServiceDefinition<TrialPeriodConfig> = {
  name: 'trial-period',
  version: '0.2.0',
  description:
    'Trial (evaluation) periods of article 60 placements: check-ins with three voices, signed tutor links, outcomes and corrections.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  access,
  routes: registerRoutes,
  consumer: { topics: [TOPICS.placement], deadLetterTopic: DEAD_LETTER_TOPICS.trialPeriod, handlers },
  jobs: (context) => [
    {
      name: 'remind-overdue-check-ins',
      intervalMs: context.config.JOBS_INTERVAL_MS,
      run: () => remindOverdueCheckIns(context, belgianDay(context.clock.now())),
    },
  ],
};
