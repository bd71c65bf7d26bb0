import { startProcessStack, type ProcessStack, type TestService } from '@relais/testing';
import { inject } from 'vitest';
import type { AdminUiConfig } from '../src/config.ts';
import { startEdge } from './edge.ts';

/** The services behind the pages, as processes. */
export const BACKEND = [
  'placement',
  'safety-visits',
  'trial-period',
  'income-continuity',
  'committee',
  'notifications',
  'statistics',
] as const;
type Backend = (typeof BACKEND)[number];

/** The running system a browser test drives: the services as processes and the edge in this process. */
export interface RunningSystem {
  readonly stack: ProcessStack<Backend>;
  readonly edge: TestService<AdminUiConfig>;
  readonly url: string;
  close(): Promise<void>;
}

const infra = () => ({
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
});

/**
 * Starts the services as production runs them (`node services/<name>/src/main.ts`, fresh
 * databases, one topic prefix so their events meet) and the edge with the demo accounts, plain
 * HTTP cookies (the browser talks to 127.0.0.1) and roomy sign-in limits (every journey signs in).
 */
export const startSystem = async (label: string): Promise<RunningSystem> => {
  const stack = await startProcessStack({ names: BACKEND, label, infra: infra() });
  try {
    const edge = await startEdge({
      COOKIE_SECURE: 'false',
      SIGN_IN_RATE_PER_IP: '1000',
      SIGN_IN_RATE_PER_EMAIL: '1000',
      PLACEMENT_URL: stack.service('placement').url,
      SAFETY_VISITS_URL: stack.service('safety-visits').url,
      TRIAL_PERIOD_URL: stack.service('trial-period').url,
      INCOME_CONTINUITY_URL: stack.service('income-continuity').url,
      COMMITTEE_URL: stack.service('committee').url,
      NOTIFICATIONS_URL: stack.service('notifications').url,
      STATISTICS_URL: stack.service('statistics').url,
    });
    return {
      stack,
      edge,
      url: edge.service.url,
      close: async () => {
        await edge.close();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
};
