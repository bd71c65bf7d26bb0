import { baseConfigSchema } from '@relais/service-kit';

/** The placement service's settings (env), with its default port and database. */
export const configSchema = baseConfigSchema({ port: 3001, database: 'relais_placement' });
