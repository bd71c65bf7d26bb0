import {
  CommitteeDecisionRecordedV1,
  DEAD_LETTER_TOPICS,
  IncomeReopenedV1,
  IncomeSuspendedV1,
  topicName,
} from '@relais/contracts';
import { readTopic, startTestService, testKafka, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../src/config.ts';
import { notificationsService } from '../src/service.ts';
import { as, eventOf, infra, publish, staff, type Item } from './support.ts';

const cpas = '0190a000-0000-7000-8000-0000000008a1';
const otherCpas = '0190a000-0000-7000-8000-0000000008b1';
let service: TestService<NotificationsConfig>;

const follower = staff(cpas, 'social_worker');
const colleague = staff(cpas, 'social_worker');
const officer = staff(cpas, 'placement_officer');
const stranger = staff(otherCpas, 'social_worker');

const suspension = (personId: string, placementId = uuidv7()) =>
  eventOf(IncomeSuspendedV1, cpas, personId, {
    personId,
    placementId,
    suspendedFrom: '2026-03-02',
    paidThrough: '2026-03-01',
    category: 'single',
  });

const reopening = (personId: string, reopeningId: string) =>
  eventOf(IncomeReopenedV1, cpas, personId, {
    reopeningId,
    personId,
    placementId: uuidv7(),
    trialPeriodId: uuidv7(),
    effectiveFrom: '2026-03-21',
    followUpId: uuidv7(),
    proposals: ['take_note_of_trial_end', 'reopen_integration_income', 'continue_isp_follow_up'],
  });

/** The committee's decision of 24 March 2026 on `subject`. */
const decision = (
  decisionId: string,
  subject: { kind: 'income_reopening' | 'trial_end'; id: string },
  outcome: 'approved' | 'refused' = 'approved',
  reasonCode: string | null = null,
) =>
  eventOf(CommitteeDecisionRecordedV1, cpas, decisionId, {
    decisionId,
    subject,
    outcome,
    reasonCode,
    decidedOn: '2026-03-24',
    effectiveOn: null,
    amendments: null,
  });

const arrived = (user: typeof follower, kind: string, personId?: string) =>
  waitFor(
    async () =>
      (await as(service, user).inbox()).find(
        (i) => i.kind === kind && (!personId || i.personId === personId),
      ),
    { what: `${kind} in the inbox` },
  );

beforeAll(async () => {
  service = await startTestService(notificationsService, infra());
});
afterAll(async () => {
  await service.close();
});

describe('the inbox: the person’s social worker and the whole team, at once', () => {
  it('tells the follower personally and the team queue of a suspension, worded for the social worker, linked to the person', async () => {
    const personId = uuidv7();
    const followed = await as(service, follower).call('POST', `/persons/${personId}/followers`, {});
    expect(followed.statusCode).toBe(201);
    expect(followed.json()).toMatchObject({ personId, userId: follower.userId, role: 'social_worker' });
    expect((await as(service, follower).call('POST', `/persons/${personId}/followers`, {})).statusCode).toBe(
      200,
    );

    await publish(service, suspension(personId));
    const mine = await arrived(follower, 'income_suspended', personId);
    expect(mine).toMatchObject({
      role: 'social_worker',
      personId,
      title: "Revenu d'intégration suspendu",
      link: `/personnes/${personId}`,
      addressedToMe: true,
      readAt: null,
      acknowledgement: null,
      reminder: null,
    });
    expect(mine.body).toContain('à partir du 2 mars 2026');
    const teams = await as(service, colleague).inbox();
    expect(teams.find((i) => i.id === mine.id)).toMatchObject({ addressedToMe: false });
    expect((await as(service, follower).inbox('?scope=mine')).map((i) => i.id)).toContain(mine.id);
    expect((await as(service, colleague).inbox('?scope=mine')).map((i) => i.id)).not.toContain(mine.id);
    expect((await as(service, officer).inbox()).map((i) => i.id)).not.toContain(mine.id);
    expect(await as(service, stranger).inbox()).toEqual([]);
  });

  it('lets any colleague take a team item, which the others see; the follower still has theirs to read', async () => {
    const personId = uuidv7();
    await as(service, follower).call('POST', `/persons/${personId}/followers`, {});
    await publish(service, suspension(personId));
    const item = await arrived(colleague, 'income_suspended', personId);
    const before = {
      follower: await as(service, follower).counts(),
      colleague: await as(service, colleague).counts(),
    };

    const taken = await as(service, colleague).call('POST', `/notifications/${item.id}/acknowledgement`, {});
    expect(taken.statusCode).toBe(200);
    expect(taken.json<Item>()).toMatchObject({
      acknowledgement: { by: colleague.userId },
      readAt: expect.any(String),
    });
    const again = await as(service, follower).call('POST', `/notifications/${item.id}/acknowledgement`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'NOTIFICATION_ALREADY_ACKNOWLEDGED' });
    expect(
      (await as(service, colleague).call('POST', `/notifications/${item.id}/acknowledgement`)).statusCode,
    ).toBe(200);

    const after = {
      follower: await as(service, follower).counts(),
      colleague: await as(service, colleague).counts(),
    };
    expect(after.colleague.team).toBe(before.colleague.team - 1);
    expect(after.follower).toEqual({ ...before.follower, team: before.follower.team - 1 });
    const read = await as(service, follower).call('POST', `/notifications/${item.id}/read`, {});
    expect(read.json<Item>().readAt).not.toBeNull();
    expect((await as(service, follower).counts()).mine).toBe(after.follower.mine - 1);
    const unread = await as(service, follower).inbox('?unread=true');
    expect(unread.map((i) => i.id)).not.toContain(item.id);
  });

  it('tells a fact once, whether its event is redelivered or re-emitted under a new id', async () => {
    const personId = uuidv7();
    const placementId = uuidv7();
    const first = suspension(personId, placementId);
    await publish(service, first, first, { ...suspension(personId, placementId) });
    await arrived(colleague, 'income_suspended', personId);
    await waitFor(async () => {
      const { rows } = await service.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM inbox WHERE tenant_id = $1',
        [cpas],
      );
      return (rows[0]?.n ?? 0) >= 4;
    });
    const { rows } = await service.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notices WHERE person_id = $1',
      [personId],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('words notifications in Dutch for a reader who chose it, and pages the inbox', async () => {
    const reader = staff(cpas, 'social_worker');
    const saved = await as(service, reader).call('PUT', '/notification-preferences', {
      email: null,
      emailOptIn: false,
      language: 'nl-BE',
    });
    expect(saved.statusCode).toBe(200);
    const personId = uuidv7();
    await publish(service, suspension(personId));
    const item = await arrived(reader, 'income_suspended', personId);
    expect(item.title).toBe('Leefloon geschorst');
    expect(item.body).toContain('vanaf 2 maart 2026');
    const french = await as(service, reader).call('GET', `/notifications/${item.id}?language=fr-BE`);
    expect(french.json<Item>().title).toBe("Revenu d'intégration suspendu");

    const page = await as(service, reader).call('GET', '/notifications?limit=1');
    const { items, nextCursor } = page.json<{ items: Item[]; nextCursor: string | null }>();
    expect(items).toHaveLength(1);
    expect(nextCursor).not.toBeNull();
    const next = await as(service, reader).call('GET', `/notifications?limit=1&cursor=${nextCursor ?? ''}`);
    expect(next.json<{ items: Item[] }>().items[0]?.id).not.toBe(items[0]?.id);
    expect((await as(service, reader).call('GET', '/notifications?cursor=nonsense')).statusCode).toBe(400);
    const optInWithoutEmail = await as(service, reader).call('PUT', '/notification-preferences', {
      email: null,
      emailOptIn: true,
      language: 'fr-BE',
    });
    expect(optInWithoutEmail.json()).toMatchObject({ status: 422, code: 'EMAIL_REQUIRED' });
  });

  it('audits every inbox read with the persons it named', async () => {
    const personId = uuidv7();
    await publish(service, suspension(personId));
    await arrived(follower, 'income_suspended', personId);
    const { rows } = await service.db.query<{ actor: string; route: string }>(
      `SELECT actor_id AS actor, route FROM audit_log WHERE $1 = ANY(person_ids) AND action = 'read'`,
      [personId],
    );
    expect(rows).toContainEqual({ actor: follower.userId, route: '/notifications' });
  });
});

describe('committee outcomes: the person found from the events before the decision', () => {
  it('tells the social workers of the person whose reopening the committee ratified', async () => {
    const personId = uuidv7();
    const reopeningId = uuidv7();
    const decisionId = uuidv7();
    await publish(service, reopening(personId, reopeningId));
    const reopened = await arrived(colleague, 'income_reopened', personId);
    expect(reopened.body).toContain('à partir du 21 mars 2026 (fin de la période d');
    await publish(service, decision(decisionId, { kind: 'income_reopening', id: reopeningId }));
    const decided = await arrived(colleague, 'committee_decision', personId);
    expect(decided).toMatchObject({
      title: 'Décision du comité spécial : approuvée',
      link: `/personnes/${personId}`,
    });
    expect(decided.body).toContain('le 24 mars 2026 sur la réouverture du revenu d');
    expect((await as(service, officer).inbox()).map((i) => i.id)).not.toContain(decided.id);
  });

  it('still tells both teams of a decision on a subject whose person is unknown, linked to the decision', async () => {
    const decisionId = uuidv7();
    await publish(
      service,
      decision(decisionId, { kind: 'trial_end', id: uuidv7() }, 'refused', 'insufficient_information'),
    );
    for (const user of [colleague, officer]) {
      const item = await waitFor(async () =>
        (await as(service, user).inbox()).find((i) => i.link === `/comite/decisions/${decisionId}`),
      );
      expect(item).toMatchObject({ personId: null, title: 'Décision du comité spécial : refusée' });
    }
  });

  it('gives a decision told before the event naming its subject’s person that person once the event comes: linked, and addressed to the followers', async () => {
    const personId = uuidv7();
    const reopeningId = uuidv7();
    const decisionId = uuidv7();
    await as(service, follower).call('POST', `/persons/${personId}/followers`, {});
    await publish(service, decision(decisionId, { kind: 'income_reopening', id: reopeningId }));
    const told = await waitFor(async () =>
      (await as(service, colleague).inbox()).find((i) => i.link === `/comite/decisions/${decisionId}`),
    );
    expect(told).toMatchObject({ personId: null, addressedToMe: false });
    expect((await as(service, follower).inbox('?scope=mine')).map((i) => i.id)).not.toContain(told.id);

    await publish(service, reopening(personId, reopeningId));
    const linked = await arrived(colleague, 'committee_decision', personId);
    expect(linked).toMatchObject({ id: told.id, link: `/personnes/${personId}`, addressedToMe: false });
    expect(linked.body).toContain('le 24 mars 2026 sur la réouverture du revenu d');
    const mine = await arrived(follower, 'committee_decision', personId);
    expect(mine).toMatchObject({ id: told.id, addressedToMe: true });
    expect((await as(service, follower).inbox('?scope=mine')).map((i) => i.id)).toContain(told.id);
  });
});

describe('what the service cannot read', () => {
  it('sends an unreadable message to its dead-letter topic and goes on', async () => {
    const producer = testKafka(infra().kafkaBrokers).producer();
    await producer.connect();
    await producer.send({
      topic: topicName({ name: 'committee.events.v1', partitions: 3, retentionMs: 1 }, service.prefix),
      messages: [{ key: 'x', value: '{"not":"an event"}' }],
    });
    await producer.disconnect();
    const dead = await waitFor(async () => {
      const messages = await readTopic(
        testKafka(infra().kafkaBrokers),
        DEAD_LETTER_TOPICS.notifications,
        service.prefix,
      );
      return messages.length > 0 ? messages : undefined;
    });
    expect(dead[0]?.headers['dlq-reason']).toBeDefined();
    const personId = uuidv7();
    await publish(service, suspension(personId));
    await arrived(colleague, 'income_suspended', personId);
  });
});
