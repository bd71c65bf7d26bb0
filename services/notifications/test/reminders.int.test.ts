import {
  AidAtRiskV1,
  AidRequestClosedV1,
  CheckInOverdueV1,
  CheckInRecordedV1,
  HostBlockedPlacementsAlertV1,
  HostSafetyStatusChangedV1,
  PlacementEndedV1,
  PlacementStartedV1,
  TrialEndedV1,
  TrialPassedV1,
  PreventionVisitReportedV1,
} from '@relais/contracts';
import { startTestService, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../src/config.ts';
import { notificationsService } from '../src/service.ts';
import { as, DAY, eventOf, infra, movableClock, publish, staff, workAccident, type Item } from './support.ts';

const cpas = '0190a000-0000-7000-8000-0000000009a1';
const time = movableClock();
let service: TestService<NotificationsConfig>;
const officer = staff(cpas, 'placement_officer');
const otherOfficer = staff(cpas, 'placement_officer');
const socialWorker = staff(cpas, 'social_worker');
const colleague = staff(cpas, 'social_worker');
const safetyOfficer = staff(cpas, 'safety_officer');

const reminderOf = async (noticeId: string) => {
  const { rows } = await service.db.query<{ status: string; rounds: number; resolvedBy: string | null }>(
    `SELECT status, rounds_sent AS rounds, resolved_by AS "resolvedBy" FROM reminders WHERE notice_id = $1`,
    [noticeId],
  );
  return rows[0];
};

const subjectOf = async (noticeId: string) => {
  const { rows } = await service.db.query<{ subject: { alertId?: string } }>(
    'SELECT subject FROM notices WHERE id = $1',
    [noticeId],
  );
  return rows[0]?.subject;
};

const find = (user: typeof officer, predicate: (i: Item) => boolean, what: string) =>
  waitFor(async () => (await as(service, user).inbox()).find(predicate), { what });

const lateCheckIn = (ids: { personId: string; placementId: string; trialPeriodId: string }) =>
  eventOf(CheckInOverdueV1, cpas, ids.trialPeriodId, {
    checkInId: uuidv7(),
    ...ids,
    sequence: 2,
    dueOn: '2026-03-09',
    detectedOn: '2026-03-11',
  });

const trial = () => ({ personId: uuidv7(), placementId: uuidv7(), trialPeriodId: uuidv7() });

beforeAll(async () => {
  service = await startTestService(notificationsService, infra(), {
    overrides: { clock: time.clock },
    env: { JOBS_INTERVAL_MS: '100' },
  });
});
afterAll(async () => {
  await service.close();
});

describe('reminders stop when the case changes state', () => {
  it('reminds the placement officers of a late check-in until the trial ends, then stops', async () => {
    const ids = trial();
    await publish(service, lateCheckIn(ids));
    const first = await find(officer, (i) => i.personId === ids.personId, 'the late check-in');
    expect(first).toMatchObject({
      kind: 'check_in_overdue',
      title: 'Point de suivi en retard (période d’essai)'.replace('’', "'"),
      link: `/periodes-essai/${ids.trialPeriodId}`,
    });
    time.advance(2 * DAY + 1000);
    const round = await find(
      officer,
      (i) => i.personId === ids.personId && i.reminder?.round === 1,
      'round 1',
    );
    expect(round.title).toBe("Rappel 1 : Point de suivi en retard (période d'essai)");
    expect(round.body).toBe(first.body);

    await publish(
      service,
      eventOf(TrialPassedV1, cpas, ids.trialPeriodId, { ...ids, decidedOn: '2026-03-12' }),
    );
    await waitFor(async () => (await reminderOf(first.id))?.status === 'resolved', {
      what: 'the reminder closed',
    });
    expect(await reminderOf(first.id)).toEqual({ status: 'resolved', rounds: 1, resolvedBy: 'TrialPassed' });
    time.advance(2 * DAY + 1000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rounds = (await as(service, officer).inbox()).filter((i) => i.personId === ids.personId);
    expect(rounds).toHaveLength(2);
  });

  it('stops the reminder of a late check-in when that check-in is held, once on redelivery; the trial’s other late check-ins go on', async () => {
    const ids = trial();
    const late = lateCheckIn(ids);
    await publish(service, late);
    const item = await find(officer, (i) => i.personId === ids.personId, 'the late check-in');
    const held = eventOf(CheckInRecordedV1, cpas, ids.trialPeriodId, {
      ...ids,
      checkInId: late.data.checkInId,
      heldOn: '2026-03-12',
    });
    // Redelivered, then another late check-in of the same trial behind it (same partition): once
    // that one is in, both deliveries of the first were handled.
    const other = lateCheckIn(ids);
    await publish(service, held, held, other);
    const otherItem = await find(
      officer,
      (i) => i.personId === ids.personId && i.id !== item.id,
      'the other late check-in',
    );
    expect(await reminderOf(item.id)).toEqual({
      status: 'resolved',
      rounds: 0,
      resolvedBy: 'CheckInRecorded',
    });
    expect(await reminderOf(otherItem.id)).toEqual({ status: 'open', rounds: 0, resolvedBy: null });
    const { rows } = await service.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1',
      [held.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('stops the reminder of aid at risk once every aid request of the alert is closed, once on redelivery', async () => {
    const personId = uuidv7();
    const placementId = uuidv7();
    const [first, second, other] = [uuidv7(), uuidv7(), uuidv7()];
    const alertOf = (aidRequestIds: string[]) =>
      eventOf(AidAtRiskV1, cpas, personId, {
        alertId: uuidv7(),
        personId,
        placementId,
        suspensionFrom: '2026-03-02',
        aidRequests: aidRequestIds.map((aidRequestId) => ({
          aidRequestId,
          kind: 'rental_guarantee' as const,
          requestedOn: '2026-02-10',
        })),
      });
    const closing = (aidRequestId: string) =>
      eventOf(AidRequestClosedV1, cpas, personId, { aidRequestId, personId, closedOn: '2026-03-01' });
    const alertItem = (alert: ReturnType<typeof alertOf>) =>
      waitFor(
        async () => {
          const mine = (await as(service, colleague).inbox()).filter((i) => i.personId === personId);
          const found = await Promise.all(mine.map(async (i) => ({ i, subject: await subjectOf(i.id) })));
          return found.find((f) => f.subject?.alertId === alert.data.alertId)?.i;
        },
        { what: 'the aid at risk' },
      );
    const both = alertOf([first, second]);
    await publish(service, both);
    const bothItem = await alertItem(both);

    // An alert behind each closing on the same partition tells that the closing was handled.
    const pending = alertOf([other]);
    await publish(service, closing(first), pending);
    const pendingItem = await alertItem(pending);
    expect(await reminderOf(bothItem.id)).toMatchObject({ status: 'open' });

    const last = closing(second);
    const late = alertOf([second]);
    await publish(service, last, last, late);
    const lateItem = await alertItem(late);
    expect(await reminderOf(bothItem.id)).toEqual({
      status: 'resolved',
      rounds: 0,
      resolvedBy: 'AidRequestClosed',
    });
    // An alert whose requests are all closed already is born closed; one still pending goes on.
    expect(await reminderOf(lateItem.id)).toEqual({
      status: 'resolved',
      rounds: 0,
      resolvedBy: 'AidRequestClosed',
    });
    expect(await reminderOf(pendingItem.id)).toMatchObject({ status: 'open' });
    const { rows } = await service.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1',
      [last.id],
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('looks the case up again before each round, in case its closing event was handled at the same moment', async () => {
    const ids = trial();
    await publish(service, lateCheckIn(ids));
    const item = await find(officer, (i) => i.personId === ids.personId, 'the late check-in');
    // As if PlacementEnded had committed beside CheckInOverdue, unseen by it (another partition).
    const owner = await service.db.connect();
    try {
      await owner.query('BEGIN');
      await owner.query("SELECT set_config('app.tenant_id', $1, true)", [cpas]);
      await owner.query(
        `INSERT INTO closed_cases (tenant_id, case_key, closed_by, closed_at) VALUES ($1, $2, 'PlacementEnded', now())`,
        [cpas, `placement:${ids.placementId}`],
      );
      await owner.query('COMMIT');
    } finally {
      owner.release();
    }
    time.advance(2 * DAY + 1000);
    await waitFor(async () => (await reminderOf(item.id))?.status === 'resolved', {
      what: 'resolved at its round',
    });
    expect(await reminderOf(item.id)).toEqual({
      status: 'resolved',
      rounds: 0,
      resolvedBy: 'PlacementEnded',
    });
    expect((await as(service, officer).inbox()).filter((i) => i.personId === ids.personId)).toHaveLength(1);
  });

  it('writes a reminder already closed when its case closed first (events from two topics out of order)', async () => {
    const ids = trial();
    await publish(
      service,
      eventOf(TrialEndedV1, cpas, ids.trialPeriodId, {
        ...ids,
        placementStartDate: '2026-03-02',
        outcome: 'not_conclusive',
        lastWorkedDay: '2026-03-20',
        reasonCode: 'tasks_not_matching_skills',
        initiatedBy: 'host',
      }),
      lateCheckIn(ids),
    );
    const item = await find(officer, (i) => i.personId === ids.personId, 'the late check-in');
    expect(await reminderOf(item.id)).toEqual({ status: 'resolved', rounds: 0, resolvedBy: 'TrialEnded' });
  });

  it('sends the reminder of a team item to the colleague who took it, not to the whole team again', async () => {
    const personId = uuidv7();
    const placementId = uuidv7();
    await publish(
      service,
      eventOf(AidAtRiskV1, cpas, personId, {
        alertId: uuidv7(),
        personId,
        placementId,
        suspensionFrom: '2026-03-02',
        aidRequests: [{ aidRequestId: uuidv7(), kind: 'rental_guarantee', requestedOn: '2026-02-10' }],
      }),
    );
    const alert = await find(colleague, (i) => i.personId === personId, 'the aid at risk');
    expect(alert.title).toBe("Aide en attente menacée par la suspension du revenu d'intégration");
    expect(alert.body).toContain('Une demande d’aide en attente (garantie locative)'.replace('’', "'"));
    expect(
      (await as(service, colleague).call('POST', `/notifications/${alert.id}/acknowledgement`)).statusCode,
    ).toBe(200);
    time.advance(DAY + 1000);
    const round = await find(colleague, (i) => i.personId === personId && i.reminder !== null, 'round 1');
    expect(round).toMatchObject({ addressedToMe: true, acknowledgement: { by: colleague.userId } });
    const counted = await as(service, socialWorker).inbox('?unread=true&scope=team');
    expect(counted.map((i) => i.id)).not.toContain(round.id);

    await publish(
      service,
      eventOf(PlacementEndedV1, cpas, placementId, {
        placementId,
        personId,
        lastWorkedDay: '2026-03-20',
        reason: 'trial_not_conclusive',
      }),
    );
    await waitFor(async () => (await reminderOf(alert.id))?.status === 'resolved', {
      what: 'closed by the end',
    });
  });
});

describe('host safety: the officers who must act', () => {
  it('alerts the placement officers of a blocked host’s placements, personally those who follow its workers, until the host is cleared', async () => {
    const hostEmployerId = uuidv7();
    const personId = uuidv7();
    const placementId = uuidv7();
    await as(service, otherOfficer).call('POST', `/persons/${personId}/followers`, {});
    await publish(
      service,
      eventOf(PlacementStartedV1, cpas, placementId, {
        placementId,
        personId,
        hostEmployerId,
        startDate: '2026-03-02',
      }),
    );
    // The start and the block travel on two topics, so nothing orders them for the consumer: the
    // block names the placement's followers only once the start has told whose placement it is.
    await find(otherOfficer, (i) => i.kind === 'placement_started' && i.personId === personId, 'the start');
    await publish(
      service,
      eventOf(HostBlockedPlacementsAlertV1, cpas, hostEmployerId, {
        hostEmployerId,
        reasonCode: 'critical_finding',
        blockedOn: '2026-03-10',
        placementIds: [placementId],
      }),
    );
    const alert = await find(
      otherOfficer,
      (i) => i.kind === 'host_blocked_placements' && i.link === `/utilisateurs/${hostEmployerId}`,
      'the blocked host',
    );
    expect(alert).toMatchObject({ addressedToMe: true, title: 'Utilisateur bloqué pour raison de sécurité' });
    expect(alert.body).toContain(
      "l'utilisateur est bloqué depuis le 10 mars 2026 : une mise à l'emploi en cours",
    );

    await publish(
      service,
      eventOf(HostSafetyStatusChangedV1, cpas, hostEmployerId, {
        hostEmployerId,
        safetyStatus: 'cleared',
        reasonCode: 'follow_up_visit_favourable',
        visitId: uuidv7(),
        assessedOn: '2026-03-16',
      }),
    );
    await waitFor(async () => (await reminderOf(alert.id))?.status === 'resolved', { what: 'cleared host' });
    const forOfficers = await find(
      officer,
      (i) => i.kind === 'host_safety_status_changed',
      'status for officers',
    );
    expect(forOfficers.body).toContain('De nouvelles mises à l’emploi y sont possibles.'.replace('’', "'"));
    const forSafety = await find(
      safetyOfficer,
      (i) => i.kind === 'host_safety_status_changed',
      'status for safety',
    );
    expect(forSafety.title).toBe('Statut de sécurité : autorisé');
  });

  it('tells the safety officers of a work accident and reminds them on the day the post-accident visit is due', async () => {
    const postAccidentVisitId = uuidv7();
    const due = new Date(time.clock.now().getTime() + 3 * DAY).toISOString().slice(0, 10);
    await publish(
      service,
      workAccident(cpas, {
        severity: 'severe',
        daysLost: 4,
        postAccidentVisitId,
        postAccidentVisitDueBy: due,
      }),
    );
    const accident = await find(
      safetyOfficer,
      (i) => i.link === `/visites/${postAccidentVisitId}`,
      'the accident',
    );
    expect(accident.title).toBe('Accident du travail déclaré (grave)');
    expect((await as(service, officer).inbox()).map((i) => i.id)).not.toContain(accident.id);
    expect(await reminderOf(accident.id)).toMatchObject({ status: 'open', rounds: 0 });
    time.advance(4 * DAY);
    await find(
      safetyOfficer,
      (i) => i.link === `/visites/${postAccidentVisitId}` && i.reminder !== null,
      'round 1',
    );
  });

  it('stops reminding of a post-accident visit once it is reported, even when the host keeps its status', async () => {
    const postAccidentVisitId = uuidv7();
    const hostEmployerId = uuidv7();
    const due = new Date(time.clock.now().getTime() + DAY).toISOString().slice(0, 10);
    await publish(
      service,
      workAccident(cpas, { hostEmployerId, postAccidentVisitId, postAccidentVisitDueBy: due }),
    );
    const accident = await find(
      safetyOfficer,
      (i) => i.link === `/visites/${postAccidentVisitId}`,
      'the accident',
    );
    expect(await reminderOf(accident.id)).toMatchObject({ status: 'open' });
    const reported = eventOf(PreventionVisitReportedV1, cpas, hostEmployerId, {
      visitId: postAccidentVisitId,
      hostEmployerId,
      siteId: uuidv7(),
      kind: 'post_accident',
      completedOn: '2026-03-12',
      outcome: 'favourable',
      findings: 0,
    });
    await publish(service, reported);
    await publish(service, reported);
    await waitFor(async () => (await reminderOf(accident.id))?.status === 'resolved', {
      what: 'the reminder resolved',
    });
    const { rows } = await service.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1',
      [reported.id],
    );
    expect(rows[0]?.n).toBe(1);
  });
});
