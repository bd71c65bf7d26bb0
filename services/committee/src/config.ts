import { baseConfigSchema } from '@relais/service-kit';

/** The committee service's settings (env), with its default port and database. */
export const configSchema = baseConfigSchema({ port: 3005, database: 'relais_committee' });
