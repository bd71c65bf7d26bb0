import { OutcomeCheckDueV1, PlacementEndedV1, PlacementOutcomeRecordedV1 } from '@relais/contracts';
import { startTestService, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../src/config.ts';
import { notificationsService } from '../src/service.ts';
import { as, DAY, eventOf, infra, movableClock, publish, staff } from './support.ts';

const cpas = '0190a000-0000-7000-8000-0000000009b1';
const time = movableClock();
let service: TestService<NotificationsConfig>;
const officer = staff(cpas, 'placement_officer');
const socialWorker = staff(cpas, 'social_worker');

const reminderOf = async (noticeId: string) => {
  const { rows } = await service.db.query<{ status: string; rounds: number; resolvedBy: string | null }>(
    `SELECT status, rounds_sent AS rounds, resolved_by AS "resolvedBy" FROM reminders WHERE notice_id = $1`,
    [noticeId],
  );
  return rows[0];
};

beforeAll(async () => {
  service = await startTestService(notificationsService, infra(), {
    overrides: { clock: time.clock },
    env: { JOBS_INTERVAL_MS: '100' },
  });
});
afterAll(async () => {
  await service.close();
});

describe('outcome checks after a placement', () => {
  it('tells the placement officers when a check falls due, reminds them weekly, and stops once the situation is recorded', async () => {
    const personId = uuidv7();
    const placementId = uuidv7();
    const checkId = uuidv7();
    const ended = eventOf(PlacementEndedV1, cpas, placementId, {
      placementId,
      personId,
      lastWorkedDay: '2025-08-31',
      reason: 'completed',
    });
    const due = eventOf(OutcomeCheckDueV1, cpas, checkId, {
      checkId,
      personId,
      placementId,
      monthsAfterEnd: 6,
      lastWorkedDay: '2025-08-31',
      dueOn: '2026-02-28',
    });
    // The placement's end closes the placement's cases first: the outcome reminder is not one of them.
    await publish(service, ended, due, due);
    const first = await waitFor(
      async () => (await as(service, officer).inbox()).find((i) => i.personId === personId),
      { what: 'the due check in the officer’s queue' },
    );
    expect(first).toMatchObject({
      kind: 'outcome_check_due',
      title: "Suivi après la mise à l'emploi : situation à 6 mois à enregistrer",
      link: `/personnes/${personId}`,
    });
    expect(first.body).toContain('31 août 2025');
    expect(await reminderOf(first.id)).toEqual({ status: 'open', rounds: 0, resolvedBy: null });
    expect((await as(service, socialWorker).inbox()).filter((i) => i.personId === personId)).toEqual([]);

    time.advance(7 * DAY + 1000);
    const round = await waitFor(
      async () =>
        (await as(service, officer).inbox()).find((i) => i.personId === personId && i.reminder?.round === 1),
      { what: 'round 1' },
    );
    expect(round.title).toBe("Rappel 1 : Suivi après la mise à l'emploi : situation à 6 mois à enregistrer");

    await publish(
      service,
      eventOf(PlacementOutcomeRecordedV1, cpas, checkId, {
        outcomeId: uuidv7(),
        checkId,
        personId,
        placementId,
        monthsAfterEnd: 6,
        lastWorkedDay: '2025-08-31',
        endReason: 'completed',
        dueOn: '2026-02-28',
        observedOn: '2026-03-02',
        situation: 'employed',
        detailCode: 'permanent_contract',
        correctsOutcomeId: null,
        correctionReason: null,
      }),
    );
    await waitFor(async () => (await reminderOf(first.id))?.status === 'resolved', {
      what: 'the reminder closed',
    });
    expect(await reminderOf(first.id)).toEqual({
      status: 'resolved',
      rounds: 1,
      resolvedBy: 'PlacementOutcomeRecorded',
    });
    time.advance(7 * DAY + 1000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await as(service, officer).inbox()).filter((i) => i.personId === personId)).toHaveLength(2);
  });
});
