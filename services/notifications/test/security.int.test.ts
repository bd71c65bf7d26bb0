import { IncomeSuspendedV1, PlacementStartedV1 } from '@relais/contracts';
import {
  probeTenantIsolation,
  startTestService,
  tablesOutsideRowLevelSecurity,
  waitFor,
  type TestService,
  appRolePool,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { itHoldsTheServiceContract } from '@relais/testing/service-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../src/config.ts';
import { access } from '../src/http/access.ts';
import { notificationsService } from '../src/service.ts';
import { as, eventOf, infra, publish, staff } from './support.ts';

const cpasA = '0190a000-0000-7000-8000-0000000012a1';
const cpasB = '0190a000-0000-7000-8000-0000000012b1';
let service: TestService<NotificationsConfig>;

// The stream never ends on its own, so the inject-based probes skip it; stream.int.test.ts checks
// its rules (401, 403, allowed) over real HTTP.
const { 'GET /notifications/stream': _stream, ...probed } = access;

const personOfB = uuidv7();
const workerOfB = staff(cpasB, 'social_worker');
const officerOfB = staff(cpasB, 'placement_officer');
let noticeOfB = '';
let sheetOfB = '';

beforeAll(async () => {
  service = await startTestService(notificationsService, infra());
  await as(service, workerOfB).call('POST', `/persons/${personOfB}/followers`, {});
  const placementId = uuidv7();
  await publish(
    service,
    eventOf(IncomeSuspendedV1, cpasB, personOfB, {
      personId: personOfB,
      placementId,
      suspendedFrom: '2026-03-02',
      paidThrough: '2026-03-01',
      category: null,
    }),
    eventOf(PlacementStartedV1, cpasB, placementId, {
      placementId,
      personId: personOfB,
      hostEmployerId: uuidv7(),
      startDate: '2026-03-02',
    }),
  );
  noticeOfB = (
    await waitFor(async () => (await as(service, workerOfB).inbox()).find((i) => i.personId === personOfB))
  ).id;
  sheetOfB = await waitFor(async () => {
    const res = await as(service, officerOfB).call('GET', `/persons/${personOfB}/information-sheets`);
    return res.json<{ items: { id: string }[] }>().items[0]?.id;
  });
});
afterAll(async () => {
  await service.close();
});

describe('notifications: each reads only their own, in their CPAS', () => {
  itHoldsTheServiceContract(() => service, probed, cpasA);

  it('never lets CPAS A read, list or infer CPAS B’s notifications, followers or sheets', async () => {
    const { leaks, probed: count } = await probeTenantIsolation(service.service.app, probed, {
      tenantId: cpasA,
      foreignParams: { personId: personOfB, notificationId: noticeOfB, sheetId: sheetOfB },
      foreignIds: [personOfB, noticeOfB, sheetOfB, workerOfB.userId],
    });
    expect(count).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
    const workerOfA = staff(cpasA, 'social_worker');
    for (const [method, url] of [
      ['POST', `/notifications/${noticeOfB}/read`],
      ['POST', `/notifications/${noticeOfB}/acknowledgement`],
      ['POST', `/information-sheets/${sheetOfB}/delivery`],
    ] as const) {
      const res = await as(service, workerOfA).call(
        method,
        url,
        url.endsWith('delivery') ? { deliveredOn: '2026-03-02', channel: 'hand' } : {},
      );
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('shows a team item only to the roles of its queue, even within the CPAS', async () => {
    const safety = staff(cpasB, 'safety_officer');
    const res = await as(service, safety).call('GET', `/notifications/${noticeOfB}`);
    expect(res.json()).toMatchObject({ status: 404, code: 'NOTIFICATION_NOT_FOUND' });
  });

  it('holds every table with a tenant to row-level security, for the role the service works as', async () => {
    expect(await tablesOutsideRowLevelSecurity(service.db)).toEqual([]);
    const app = appRolePool(service);
    try {
      expect((await app.query('SELECT count(*)::int AS n FROM notices')).rows[0]).toEqual({ n: 0 });
      const client = await app.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT set_config('app.tenant_id', $1, true)", [cpasA]);
        expect((await client.query('SELECT count(*)::int AS n FROM notices')).rows[0]).toEqual({ n: 0 });
        expect(
          (await client.query('SELECT count(*)::int AS n FROM information_sheet_documents')).rows[0],
        ).toEqual({
          n: 0,
        });
        await client.query('ROLLBACK');
      } finally {
        client.release();
      }
    } finally {
      await app.end();
    }
    const owner = await service.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notices WHERE tenant_id = $1',
      [cpasB],
    );
    expect(owner.rows[0]?.n).toBeGreaterThan(0);
  });

  it('audits reads of a person’s followers and sheets, for the CPAS administrator', async () => {
    expect((await as(service, workerOfB).call('GET', `/persons/${personOfB}/followers`)).statusCode).toBe(
      200,
    );
    const admin = staff(cpasB, 'cpas_admin');
    const log = await as(service, admin).call('GET', `/audit-log?personId=${personOfB}`);
    const routes = log
      .json<{ items: { route: string; action: string }[] }>()
      .items.map((i) => `${i.action} ${i.route}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'change /persons/:personId/followers',
        'read /notifications',
        'read /persons/:personId/information-sheets',
        'read /persons/:personId/followers',
        'change IncomeSuspended v1',
      ]),
    );
  });
});
