import pg from 'pg';

/** Each service's own database: no service reads another's. */
export const SERVICE_DATABASES = {
  placement: 'relais_placement',
  'safety-visits': 'relais_safety_visits',
  'trial-period': 'relais_trial_period',
  'income-continuity': 'relais_income_continuity',
  'admin-ui': 'relais_admin_ui',
  committee: 'relais_committee',
  notifications: 'relais_notifications',
  statistics: 'relais_statistics',
} as const;

/**
 * Creates the databases that do not exist yet on the server (`serverUrl` names any database
 * the user may connect to, e.g. `postgres`). Returns the names it created.
 */
export const ensureDatabases = async (serverUrl: string, names: readonly string[]): Promise<string[]> => {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  const created: string[] = [];
  try {
    for (const name of names) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (rowCount) continue;
      try {
        await client.query(`CREATE DATABASE ${name}`);
        created.push(name);
      } catch (error) {
        // Another process created it between our check and our CREATE: that is fine.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
    return created;
  } finally {
    await client.end();
  }
};
