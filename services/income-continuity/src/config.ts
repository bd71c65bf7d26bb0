import { baseConfigSchema } from '@relais/service-kit';

/** The income-continuity service's settings (env), with its default port and database. */
export const configSchema = baseConfigSchema({ port: 3004, database: 'relais_income_continuity' });
