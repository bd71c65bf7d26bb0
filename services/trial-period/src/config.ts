import { baseConfigSchema } from '@relais/service-kit';

/** The trial-period service's settings (env), with its default port and database. */
export const configSchema = baseConfigSchema({ port: 3003, database: 'relais_trial_period' });
