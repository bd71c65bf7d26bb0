import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPICS, TOPICS } from '@relais/contracts';
import type { ServiceDefinition } from '@relais/service-kit';
import { configSchema, type NotificationsConfig } from './config.ts';
import { handlers } from './events/handlers.ts';
import { access } from './http/access.ts';
import { registerRoutes } from './http/routes.ts';
import { jobs } from './jobs/jobs.ts';

/** The notifications service: inbox, live stream, email, reminders and the workers' information sheets. */
export const notificationsService: ServiceDefinition<NotificationsConfig> = {
  name: 'notifications',
  version: '0.1.0',
  description:
    'Notifications per user and team queue (in-app, live, email), reminders that stop when the case changes, and the information sheet each article 60 worker gets at the placement start.',
  configSchema,
  migrationsDir: fileURLToPath(new URL('../migrations', import.meta.url)),
  access,
  routes: registerRoutes,
  consumer: {
    topics: [
      TOPICS.incomeContinuity,
      TOPICS.committee,
      TOPICS.placement,
      TOPICS.trialPeriod,
      TOPICS.safetyVisits,
    ],
    deadLetterTopic: DEAD_LETTER_TOPICS.notifications,
    handlers,
  },
  jobs,
};
