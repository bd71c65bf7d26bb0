import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS, TOPICS } from '@relais/contracts';
import { belgianDay, type ServiceDefinition } from '@relais/service-kit';
import { configSchema } from './config.ts';
import { handlers } from './events/handlers.ts';
import { access } from './http/access.ts';
import { registerRoutes } from './http/routes.ts';
import { detectOverdue } from './jobs/detect-overdue.ts';

/** The safety-visits service: prevention visits, findings, corrective actions, work accidents, host safety status. */
export const safetyVisitsService: ServiceDefinition<ReturnType<typeof configSchema.parse>> = {
  name: 'safety-visits',
  version: '0.2.0',
  description:
    'Prevention visits to host employers (visites de prévention), findings and corrective actions, work accidents, and each host’s safety status.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  access,
  routes: registerRoutes,
  consumer: { topics: [TOPICS.placement], deadLetterTopic: DEAD_LETTER_TOPICS.safetyVisits, handlers },
  jobs: (context) => [
    {
      name: 'detect-overdue-visits-and-actions',
      intervalMs: context.config.JOBS_INTERVAL_MS,
      run: () => detectOverdue(context, belgianDay(context.clock.now())),
    },
  ],
};
