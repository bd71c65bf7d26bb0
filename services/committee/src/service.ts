import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS, TOPICS } from '@relais/contracts';
import type { ServiceDefinition } from '@relais/service-kit';
import { configSchema } from './config.ts';
import { handlers } from './events/handlers.ts';
import { access } from './http/access.ts';
import { registerRoutes } from './http/routes.ts';

/** The committee service: the comité spécial's sessions, agenda, decisions and minutes. */
export const committeeService: ServiceDefinition<ReturnType<typeof configSchema.parse>> = {
  name: 'committee',
  version: '0.1.0',
  description:
    'The comité spécial: sessions, an agenda filled by the events that need a decision, two-step decisions (prepared, then decided and signed), CommitteeDecisionRecorded to the owning service, minutes in French and Dutch.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  access,
  routes: registerRoutes,
  consumer: {
    topics: [TOPICS.placement, TOPICS.trialPeriod, TOPICS.incomeContinuity],
    deadLetterTopic: DEAD_LETTER_TOPICS.committee,
    handlers,
  },
};
