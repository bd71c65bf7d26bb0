import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS, TOPICS } from '@relais/contracts';
import { belgianDay, type ServiceDefinition } from '@relais/service-kit';
import { configSchema } from './config.ts';
import { handlers } from './events/handlers.ts';
import { access } from './http/access.ts';
import { registerRoutes } from './http/routes.ts';
import { completeEndedContracts, startDueContracts } from './jobs/contracts.ts';
import { expireStalePositions } from './jobs/expire-positions.ts';

/** The placement service: article 60 §7 placements of candidates at host employers. */
export const placementService: ServiceDefinition<ReturnType<typeof configSchema.parse>> = {
  name: 'placement',
  version: '0.2.0',
  description:
    'Article 60 §7 placements: candidates, host employers, positions, matching, proposals and contracts.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  access,
  routes: registerRoutes,
  consumer: {
    topics: [TOPICS.trialPeriod, TOPICS.safetyVisits, TOPICS.committee],
    deadLetterTopic: DEAD_LETTER_TOPICS.placement,
    handlers,
  },
  jobs: (context) => {
    const today = () => belgianDay(context.clock.now());
    const every = context.config.JOBS_INTERVAL_MS;
    return [
      { name: 'start-due-contracts', intervalMs: every, run: () => startDueContracts(context, today()) },
      {
        name: 'complete-ended-contracts',
        intervalMs: every,
        run: () => completeEndedContracts(context, today()),
      },
      {
        name: 'expire-stale-positions',
        intervalMs: every,
        run: () => expireStalePositions(context, today()),
      },
    ];
  },
};
