import { IncomeSuspendedV1 } from '@relais/contracts';
import { startTestService, tokenFor, waitFor, type TestService } from '@relais/testing';
import { EventSource } from 'eventsource';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../src/config.ts';
import { notificationsService } from '../src/service.ts';
import { as, eventOf, infra, publish, staff, type Staff } from './support.ts';

const cpas = '0190a000-0000-7000-8000-0000000011a1';
const otherCpas = '0190a000-0000-7000-8000-0000000011b1';
let service: TestService<NotificationsConfig>;
const open: EventSource[] = [];

interface Heard {
  readonly type: string;
  readonly id: string;
  readonly data: Record<string, unknown>;
}

/** A real EventSource client (HTTP, the token in a header as the edge sends it), recording what it hears. */
const listen = async (user: Staff, lastEventId?: string) => {
  const token = await tokenFor(user);
  const heard: Heard[] = [];
  const source = new EventSource(`${service.service.url}/notifications/stream`, {
    fetch: (input, init) =>
      fetch(input, {
        ...init,
        headers: {
          ...init.headers,
          authorization: `Bearer ${token}`,
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
      }),
  });
  open.push(source);
  for (const type of ['unread-count', 'notification'])
    source.addEventListener(type, (event) => {
      // MessageEvent comes from the DOM library, which this Node project does not load.
      const { data, lastEventId } = event as unknown as { data: string; lastEventId: string };
      heard.push({ type, id: lastEventId, data: JSON.parse(data) as Record<string, unknown> });
    });
  await new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => reject(new Error(`stream refused: ${String(error.code)}`));
  });
  return { source, heard };
};

const suspension = (personId: string) =>
  eventOf(IncomeSuspendedV1, cpas, personId, {
    personId,
    placementId: uuidv7(),
    suspendedFrom: '2026-03-02',
    paidThrough: '2026-03-01',
    category: null,
  });

beforeAll(async () => {
  service = await startTestService(notificationsService, infra());
});
afterAll(async () => {
  // With streams still open: the service ends them itself rather than hang on stopping.
  await service.close();
  for (const source of open) source.close();
});

describe('live updates by server-sent events', () => {
  it('sends my counts at once, then each new notification of my team as it is committed, and my new counts', async () => {
    const worker = staff(cpas, 'social_worker');
    const officer = staff(cpas, 'placement_officer');
    const stranger = staff(otherCpas, 'social_worker');
    const mine = await listen(worker);
    const theirs = await listen(officer);
    const foreign = await listen(stranger);
    await waitFor(() => mine.heard.find((h) => h.type === 'unread-count'), { what: 'the first count' });
    expect(mine.heard[0]).toMatchObject({ type: 'unread-count', data: { total: 0, mine: 0, team: 0 } });

    const personId = uuidv7();
    await publish(service, suspension(personId));
    const told = await waitFor(() => mine.heard.find((h) => h.type === 'notification'), {
      what: 'the notification',
    });
    expect(told.data).toEqual({ id: told.id, kind: 'income_suspended', createdAt: expect.any(String) });
    await waitFor(() => mine.heard.find((h) => h.type === 'unread-count' && h.data.team === 1), {
      what: 'count 1',
    });
    expect(JSON.stringify(mine.heard)).not.toContain(personId);

    const read = await as(service, worker).call('POST', `/notifications/${told.id}/read`, {});
    expect(read.statusCode).toBe(200);
    await waitFor(() => mine.heard.filter((h) => h.type === 'unread-count').at(-1)?.data.total === 0, {
      what: 'the count after reading',
    });
    expect(theirs.heard.filter((h) => h.type === 'notification')).toEqual([]);
    expect(foreign.heard.filter((h) => h.type === 'notification')).toEqual([]);

    const resumed = await listen(worker, uuidv7({ msecs: Date.parse('2020-01-01') }));
    await waitFor(() => resumed.heard.find((h) => h.type === 'notification' && h.id === told.id), {
      what: 'the replay after Last-Event-ID',
    });
  });

  it('answers 401 without a token, 403 to a role with no notifications, and the security headers on the stream', async () => {
    const url = `${service.service.url}/notifications/stream`;
    expect((await fetch(url)).status).toBe(401);
    const member = await tokenFor({ tenantId: cpas, roles: 'committee_member' });
    expect((await fetch(url, { headers: { authorization: `Bearer ${member}` } })).status).toBe(403);
    const controller = new AbortController();
    const ok = await fetch(url, {
      headers: { authorization: `Bearer ${await tokenFor({ tenantId: cpas, roles: 'safety_officer' })}` },
      signal: controller.signal,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
    controller.abort();
  });

  it('refuses a sixth stream of the same user', async () => {
    const user = staff(cpas, 'placement_officer');
    for (let i = 0; i < 5; i += 1) await listen(user);
    const token = await tokenFor(user);
    const sixth = await fetch(`${service.service.url}/notifications/stream`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(sixth.status).toBe(429);
    expect(await sixth.json()).toMatchObject({ code: 'TOO_MANY_STREAMS' });
  });
});
