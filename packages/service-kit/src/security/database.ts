import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';

/** Tables of the migration tool: the application role has no business with them. */
const MIGRATION_TABLES = /^pgmigrations/;
/** Append-only tables: the application role may add and read rows, never change them. */
const APPEND_ONLY_TABLES = new Set(['audit_log']);
/** Tables the application role may add to and update but never delete from (an operator's record). */
const NO_DELETE_TABLES = new Set(['dead_letters']);
/** Messaging tables the outbox relay (platform scope) marks as published. */
const RELAY_TABLES = new Set(['outbox', 'inbox']);

const TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid";
const PLATFORM = "current_setting('app.scope', true) = 'platform'";

/** The connection string of the application role: the owner's, with the role's name and password. */
export const appConnectionString = (ownerUrl: string, role: string, password: string | undefined): string => {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password ?? '';
  return url.toString();
};

interface TableInfo {
  name: string;
  hasTenant: boolean;
  tenantNullable: boolean;
}

const ensureRole = async (client: pg.Client, role: string): Promise<void> => {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (rowCount) return;
  try {
    await client.query(
      `CREATE ROLE ${client.escapeIdentifier(role)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`,
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Another instance created it at the same moment.
    if (code === '42710' || code === '23505') return;
    throw new Error(
      `the application role ${role} does not exist and cannot be created here (${(error as Error).message}); ` +
        'create it (LOGIN, no superuser, no BYPASSRLS) or set DATABASE_APP_ROLE',
      { cause: error },
    );
  }
};

const policySql = (table: TableInfo, ident: (s: string) => string): string[] => {
  const t = ident(table.name);
  const statements = [
    `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
    // FORCE: the owner is held to the policies too (only superusers and BYPASSRLS roles are not).
    `ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`,
    `DROP POLICY IF EXISTS relais_tenant ON ${t}`,
    `DROP POLICY IF EXISTS relais_platform_read ON ${t}`,
    `DROP POLICY IF EXISTS relais_platform_defaults ON ${t}`,
    `DROP POLICY IF EXISTS relais_platform_relay ON ${t}`,
    `CREATE POLICY relais_tenant ON ${t} USING (tenant_id = ${TENANT}) WITH CHECK (tenant_id = ${TENANT})`,
    `CREATE POLICY relais_platform_read ON ${t} FOR SELECT USING (${PLATFORM})`,
  ];
  // Platform defaults (a NULL tenant) are readable by every CPAS, writable by none.
  if (table.tenantNullable)
    statements.push(`CREATE POLICY relais_platform_defaults ON ${t} FOR SELECT USING (tenant_id IS NULL)`);
  if (RELAY_TABLES.has(table.name))
    statements.push(`CREATE POLICY relais_platform_relay ON ${t} FOR UPDATE USING (${PLATFORM})`);
  return statements;
};

const grantSql = (table: TableInfo, role: string, ident: (s: string) => string): string[] => {
  const t = ident(table.name);
  const r = ident(role);
  const revoke = `REVOKE ALL ON ${t} FROM ${r}`;
  if (MIGRATION_TABLES.test(table.name)) return [revoke];
  if (APPEND_ONLY_TABLES.has(table.name)) return [revoke, `GRANT SELECT, INSERT ON ${t} TO ${r}`];
  if (NO_DELETE_TABLES.has(table.name)) return [revoke, `GRANT SELECT, INSERT, UPDATE ON ${t} TO ${r}`];
  return [revoke, `GRANT SELECT, INSERT, UPDATE, DELETE ON ${t} TO ${r}`];
};

/**
 * Puts the service's database under row-level security, after its migrations, as its owner:
 * every table with a `tenant_id` gets the same policies (rows of the CPAS set in the
 * transaction only; no CPAS set, no rows), the application role (which owns nothing and may not
 * bypass RLS) gets exactly the privileges it needs, and no other role may connect. Idempotent,
 * under an advisory lock so instances starting together do it once at a time. Convention over
 * lists: a new table with `tenant_id` is protected without anyone remembering to.
 */
export const secureDatabase = async (options: SecureOptions): Promise<SecuredTables> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await secureOnce(options);
    } catch (error) {
      // A deadlock or a lock wait past lock_timeout with a running instance: try again shortly.
      const code = (error as { code?: unknown }).code;
      if (attempt >= 5 || (code !== '40P01' && code !== '55P03')) throw error;
      options.logger.warn({ attempt, code }, 'securing the database waited on a lock; trying again');
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt + Math.random() * 300));
    }
  }
};

interface SecureOptions {
  readonly ownerUrl: string;
  readonly appRole: string;
  readonly logger: Logger;
}

interface SecuredTables {
  tenantTables: string[];
  otherTables: string[];
}

const secureOnce = async (options: SecureOptions): Promise<SecuredTables> => {
  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  const ident = (s: string) => client.escapeIdentifier(s);
  try {
    await ensureRole(client, options.appRole);
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('relais:secure-database'))");
    const { rows } = await client.query<TableInfo>(
      `SELECT c.relname AS name,
              a.attname IS NOT NULL AS "hasTenant", COALESCE(NOT a.attnotnull, false) AS "tenantNullable"
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    );
    const current = await client.query<{ db: string }>('SELECT current_database() AS db');
    const db = ident(current.rows[0]?.db ?? '');
    const role = ident(options.appRole);
    const statements = [
      `REVOKE ALL ON DATABASE ${db} FROM PUBLIC`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${role}`,
      `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    ];
    for (const table of rows) {
      statements.push(...grantSql(table, options.appRole, ident));
      if (table.hasTenant) statements.push(...policySql(table, ident));
    }
    // Already in place (same tables, same role, same statements): nothing to do, and above all no
    // table lock. ALTER/DROP/CREATE POLICY take ACCESS EXCLUSIVE locks; a second instance starting
    // beside a busy one deadlocked with its transactions (seen in the fault suite, 4 restarts of 4).
    const digest = createHash('sha256').update(statements.join(';\n')).digest('hex');
    const applied = await client.query<{ d: string | null }>(
      'SELECT shobj_description(oid, $1) AS d FROM pg_database WHERE datname = current_database()',
      ['pg_database'],
    );
    if (applied.rows[0]?.d !== `relais-security ${digest}`) {
      await client.query("SET LOCAL lock_timeout = '10s'");
      for (const sql of statements) await client.query(sql);
      await client.query(`COMMENT ON DATABASE ${db} IS ${client.escapeLiteral(`relais-security ${digest}`)}`);
    }
    await client.query('COMMIT');
    const tenantTables = rows.filter((t) => t.hasTenant).map((t) => t.name);
    const otherTables = rows.filter((t) => !t.hasTenant).map((t) => t.name);
    options.logger.debug({ tenantTables, otherTables }, 'row-level security in place');
    return { tenantTables, otherTables };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
};

/**
 * Refuses an application connection that row-level security would not hold: a superuser, a
 * BYPASSRLS role or the owner of the tables sees every CPAS whatever the policies say.
 */
export const assertHeldByRowLevelSecurity = async (pool: pg.Pool): Promise<void> => {
  const { rows } = await pool.query<{ role: string; unsafe: boolean }>(
    `SELECT current_user AS role,
            r.rolsuper OR r.rolbypassrls OR EXISTS (
              SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relowner = r.oid) AS unsafe
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const row = rows[0];
  if (!row || row.unsafe) {
    throw new Error(
      `the service connects as ${row?.role ?? 'an unknown role'}, which bypasses row-level security ` +
        '(superuser, BYPASSRLS or table owner): give it a role of its own (DATABASE_APP_ROLE)',
    );
  }
};
