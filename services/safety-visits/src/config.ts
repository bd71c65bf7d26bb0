import { baseConfigSchema } from '@relais/service-kit';

/** The safety-visits service's settings (env), with its default port and database. */
export const configSchema = baseConfigSchema({ port: 3002, database: 'relais_safety_visits' });
