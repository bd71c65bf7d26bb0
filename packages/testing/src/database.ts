import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A database of its own for one spec file. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

const withServer = async <T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/**
 * Drops a test database once its last connections have closed, forcing only after a while. A
 * pool's `end()` resolves before its clients have finished closing; dropping WITH (FORCE) at
 * that moment kills them mid-close, and the error they emit has no listener left (seen once as
 * an unhandled 57P01 after all tests had passed).
 */
const dropGently = (serverUrl: string, name: string): Promise<void> =>
  withServer(serverUrl, async (c) => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const { rows } = await c.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

/** Creates an empty database with a unique name on the test server. */
export const createTestDatabase = async (serverUrl: string, label: string): Promise<TestDatabase> => {
  const name = `relais_t_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  await withServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => dropGently(serverUrl, name),
  };
};
