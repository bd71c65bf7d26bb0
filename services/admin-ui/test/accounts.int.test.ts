import { type UserRole } from '@relais/service-kit';
import {
  bodiesAcceptingUnknownFields,
  describeMatrix,
  tablesOutsideRowLevelSecurity,
  type TestService,
  appRolePool,
} from '@relais/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminUiConfig } from '../src/config.ts';
import { DEMO_PASSWORD, DEMO_STAD, DEMO_VILLE, demoAccount } from '../src/demo/demo-accounts.ts';
import { access } from '../src/http/access.ts';
import { probeSessionMatrix } from './access-matrix.ts';
import { Browser, signedIn, startEdge } from './edge.ts';

let edge: TestService<AdminUiConfig>;
const villeDemo = DEMO_VILLE;
const demostad = DEMO_STAD;
const emailOf = (role: UserRole) => demoAccount(villeDemo, role).email;
const demostadWorker = demoAccount(demostad, 'social_worker');
const NEW_PASSWORD = 'un-mot-de-passe-bien-long';
let unique = 0;
const freshEmail = (label: string) => {
  unique += 1;
  return `${label}-${String(unique)}-${String(Date.now())}@demo.relais.test`;
};

const asAdmin = () => signedIn(edge, emailOf('cpas_admin'));

describe('admin-ui: accounts and who may manage them', () => {
  beforeAll(async () => {
    edge = await startEdge({ SIGN_IN_RATE_PER_EMAIL: '1000', SIGN_IN_RATE_PER_IP: '1000' });
  });
  afterAll(async () => {
    await edge.close();
  });

  it('answers every route as its access matrix says, for every role signed in, and 401 without a session', async () => {
    const violations = await probeSessionMatrix(edge, access, emailOf);
    expect(violations, describeMatrix(access)).toEqual([]);
  });

  it('lists the accounts of the administrator’s CPAS and of no other', async () => {
    const admin = await asAdmin();
    const list = await admin.request('GET', '/accounts');
    expect(list.statusCode).toBe(200);
    const emails = list.json<{ items: { email: string }[] }>().items.map((a) => a.email);
    expect(emails).toEqual(expect.arrayContaining(villeDemo.accounts.map((a) => a.email)));
    expect(emails).not.toContain(demostadWorker.email);
    expect(JSON.stringify(list.json())).not.toMatch(/argon2|password_hash|passwordHash/);
  });

  it('lets no CPAS administrator disable or re-role another CPAS’s account: 404, and nothing changes', async () => {
    const worker = await signedIn(edge, demostadWorker.email);
    const admin = await asAdmin();
    const disable = await admin.request('POST', `/accounts/${demostadWorker.id}/disable`);
    expect(disable.statusCode).toBe(404);
    expect(disable.json()).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    const reRole = await admin.request('POST', `/accounts/${demostadWorker.id}/roles`, {
      payload: { roles: ['cpas_admin'] },
    });
    expect(reRole.statusCode).toBe(404);
    const unknown = await admin.request('POST', `/accounts/0190d000-0000-7000-8000-00000000ffff/disable`);
    expect(unknown.json<{ code: string }>().code).toBe(disable.json<{ code: string }>().code);
    const row = await edge.db.query('SELECT roles, disabled_at FROM accounts WHERE id = $1', [
      demostadWorker.id,
    ]);
    expect(row.rows[0]).toEqual({ roles: ['social_worker'], disabled_at: null });
    expect((await worker.request('GET', '/auth/session')).statusCode).toBe(200);
  });

  it('opens an account with a temporary password its holder must replace before doing anything else', async () => {
    const admin = await asAdmin();
    const email = freshEmail('nouveau');
    const created = await admin.request('POST', '/accounts', {
      payload: {
        email: email.toUpperCase(),
        displayName: 'Nouvel agent',
        roles: ['placement_officer'],
        temporaryPassword: DEMO_PASSWORD,
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email,
      roles: ['placement_officer'],
      mustChangePassword: true,
      disabledAt: null,
    });
    const holder = await signedIn(edge, email);
    expect((await holder.request('GET', '/auth/session')).json()).toMatchObject({
      user: { mustChangePassword: true },
    });
    const blocked = await holder.request('GET', '/api/placement/candidates');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED' });
    const wrongCurrent = await holder.request('POST', '/auth/password', {
      payload: { currentPassword: 'not-the-temporary-one', newPassword: NEW_PASSWORD },
    });
    expect(wrongCurrent.json()).toMatchObject({ status: 403, code: 'CURRENT_PASSWORD_WRONG' });
    const short = await holder.request('POST', '/auth/password', {
      payload: { currentPassword: DEMO_PASSWORD, newPassword: 'court' },
    });
    expect(short.json()).toMatchObject({ status: 422, code: 'PASSWORD_TOO_SHORT' });
    const elsewhere = await signedIn(edge, email);
    const changed = await holder.request('POST', '/auth/password', {
      payload: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      user: { mustChangePassword: false },
      csrfToken: expect.any(String),
    });
    expect((await holder.request('GET', '/auth/session')).statusCode).toBe(200);
    // The session opened elsewhere with the old password has ended.
    expect((await elsewhere.request('GET', '/auth/session')).statusCode).toBe(401);
    expect((await new Browser(edge).signIn(email, DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await new Browser(edge).signIn(email, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses platform_operator as a grant, the administrator’s own account, and an email already taken', async () => {
    const admin = await asAdmin();
    const escalate = await admin.request('POST', '/accounts', {
      payload: {
        email: freshEmail('op'),
        displayName: 'X',
        roles: ['platform_operator'],
        temporaryPassword: DEMO_PASSWORD,
      },
    });
    expect(escalate.json()).toMatchObject({ status: 403, code: 'ROLE_NOT_GRANTABLE' });
    const adminId = demoAccount(villeDemo, 'cpas_admin').id;
    expect((await admin.request('POST', `/accounts/${adminId}/disable`)).json()).toMatchObject({
      status: 409,
      code: 'OWN_ACCOUNT',
    });
    const taken = await admin.request('POST', '/accounts', {
      payload: {
        email: demostadWorker.email.toUpperCase(),
        displayName: 'X',
        roles: ['social_worker'],
        temporaryPassword: DEMO_PASSWORD,
      },
    });
    expect(taken.json()).toMatchObject({ status: 409, code: 'EMAIL_TAKEN' });
    const unknownField = await admin.request('POST', '/accounts', {
      payload: {
        email: freshEmail('x'),
        displayName: 'X',
        roles: ['social_worker'],
        temporaryPassword: DEMO_PASSWORD,
        tenantId: demostad.id,
      },
    });
    expect(unknownField.statusCode).toBe(400);
  });

  it('disables an account: its open sessions end and it can no longer sign in', async () => {
    const admin = await asAdmin();
    const email = freshEmail('depart');
    const created = await admin.request('POST', '/accounts', {
      payload: { email, displayName: 'Départ', roles: ['social_worker'], temporaryPassword: DEMO_PASSWORD },
    });
    const holder = await signedIn(edge, email);
    const disabled = await admin.request('POST', `/accounts/${created.json<{ id: string }>().id}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ disabledAt: expect.any(String) });
    expect((await holder.request('GET', '/auth/session')).statusCode).toBe(401);
    expect((await new Browser(edge).signIn(email)).json()).toMatchObject({
      status: 401,
      code: 'SIGN_IN_FAILED',
    });
  });

  it('changes roles: the account’s sessions end, and its next session carries the new roles', async () => {
    const admin = await asAdmin();
    const email = freshEmail('roles');
    const created = await admin.request('POST', '/accounts', {
      payload: { email, displayName: 'Rôles', roles: ['social_worker'], temporaryPassword: DEMO_PASSWORD },
    });
    const holder = await signedIn(edge, email);
    const changed = await admin.request('POST', `/accounts/${created.json<{ id: string }>().id}/roles`, {
      payload: { roles: ['placement_officer', 'safety_officer', 'placement_officer'] },
    });
    expect(changed.json()).toMatchObject({ roles: ['placement_officer', 'safety_officer'] });
    expect((await holder.request('GET', '/auth/session')).statusCode).toBe(401);
    const again = await new Browser(edge).signIn(email);
    expect(again.json()).toMatchObject({ user: { roles: ['placement_officer', 'safety_officer'] } });
  });

  it('lets the platform operator register a CPAS and its first administrator, who sees that CPAS only', async () => {
    const operator = await signedIn(edge, emailOf('platform_operator'));
    const email = freshEmail('premier-admin');
    const created = await operator.request('POST', '/cpas', {
      payload: {
        name: `CPAS de Test ${String(Date.now())}`,
        admin: { email, displayName: 'Premier admin', temporaryPassword: DEMO_PASSWORD },
      },
    });
    expect(created.statusCode).toBe(201);
    const { cpas, admin } = created.json<{
      cpas: { id: string; name: string };
      admin: { id: string; roles: string[] };
    }>();
    expect(admin.roles).toEqual(['cpas_admin']);
    const again = await operator.request('POST', '/cpas', {
      payload: {
        name: cpas.name.toUpperCase(),
        admin: { email: freshEmail('x'), displayName: 'X', temporaryPassword: DEMO_PASSWORD },
      },
    });
    expect(again.json()).toMatchObject({ status: 409, code: 'CPAS_NAME_TAKEN' });
    const first = await signedIn(edge, email);
    expect(first.csrfToken).toBeDefined();
    await first.request('POST', '/auth/password', {
      payload: { currentPassword: DEMO_PASSWORD, newPassword: NEW_PASSWORD },
    });
    const session = await first.request('GET', '/auth/session');
    expect(session.json()).toMatchObject({
      user: { tenantId: cpas.id, cpasName: cpas.name, roles: ['cpas_admin'] },
    });
    const list = await first.request('GET', '/accounts');
    expect(list.json<{ items: { id: string }[] }>().items.map((a) => a.id)).toEqual([admin.id]);
  });

  it('audits account changes, queryable by the CPAS administrator per user', async () => {
    const admin = await asAdmin();
    const adminId = demoAccount(villeDemo, 'cpas_admin').id;
    const log = await admin.request('GET', `/audit-log?actorId=${adminId}`);
    expect(log.statusCode).toBe(200);
    const routes = log
      .json<{ items: { route: string; action: string }[] }>()
      .items.map((i) => `${i.action} ${i.route}`);
    expect(routes).toEqual(
      expect.arrayContaining(['change /accounts', 'change /accounts/:accountId/disable']),
    );
  });

  it('publishes its API contract without the forwarding route, and answers with security headers', async () => {
    const contract = await new Browser(edge).request('GET', '/openapi.json');
    expect(contract.statusCode).toBe(200);
    const paths = Object.keys(contract.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/auth/sign-in', '/auth/session', '/accounts', '/cpas']));
    expect(paths.some((p) => p.startsWith('/api/'))).toBe(false);
    expect(bodiesAcceptingUnknownFields(contract.json())).toEqual([]);
    expect(contract.headers['x-content-type-options']).toBe('nosniff');
    expect(contract.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('holds accounts to row-level security: the role the edge works as sees none without a CPAS', async () => {
    expect(await tablesOutsideRowLevelSecurity(edge.db)).toEqual([]);
    const app = appRolePool(edge);
    try {
      expect((await app.query('SELECT count(*)::int AS n FROM accounts')).rows[0]).toEqual({ n: 0 });
      await expect(app.query("UPDATE accounts SET roles = '{platform_operator}'")).resolves.toMatchObject({
        rowCount: 0,
      });
    } finally {
      await app.end();
    }
  });
});
