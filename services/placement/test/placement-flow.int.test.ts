import {
  type HostChoiceRecordedV1,
  PlacementEndedV1,
  PlacementStartedV1,
  TOPICS,
  TrialEndedV1,
  type EventOf,
} from '@relais/contracts';
import { belgianDay, type BaseConfig } from '@relais/service-kit';
import {
  authHeaders,
  placementFlow,
  readTopic,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDueContracts } from '../src/jobs/contracts.ts';
import { placementService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000f1';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
const today = belgianDay(new Date());
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

let svc: TestService<BaseConfig>;
let flow: ReturnType<typeof placementFlow>;
let host: { hostId: string; siteId: string };

const eventsOn = async <T>(topic: (typeof TOPICS)[keyof typeof TOPICS], type: string) =>
  (await readTopic(kafka, topic, svc.prefix))
    .map((m) => JSON.parse(m.value ?? '{}') as T & { type: string })
    .filter((e) => e.type === type);

const placementsOf = (personId: string) =>
  flow.call<{
    items: { id: string; status: string; startDate: string; plannedEndDate: string; endReason?: string }[];
  }>('GET', `/placements?personId=${personId}`);

beforeAll(async () => {
  svc = await startTestService(placementService, infra, { env: { JOBS_INTERVAL_MS: '100' } });
  flow = placementFlow({ placementUrl: svc.service.url, tenantId, kafka, topicPrefix: svc.prefix });
  await flow.ensureSkills(['cooking', 'cleaning', 'forklift']);
  host = await flow.approvedHost(today);
});
afterAll(async () => {
  await svc.close();
});

describe('the placement officer’s flow, from host to PlacementStarted', () => {
  it('matches with explanations, shortlists, records the choice, proposes, and starts the contract the committee approved', async () => {
    const position = await flow.openPosition(host, { fillDeadline: addDays(today, 30) });
    const fits = await flow.availableCandidate({ referredOn: '2025-06-01' });
    const newer = await flow.availableCandidate({ referredOn: '2026-06-01' });
    const noFrench = await flow.availableCandidate({ languages: [{ code: 'nl', level: 'C1' }] });

    const matches = await flow.call<{
      ranked: { candidateId: string; score: number; factors: { factor: string; contribution: number }[] }[];
      excluded: { candidateId: string; filters: { filter: string; passed: boolean }[] }[];
    }>('GET', `/positions/${position.id}/matches?includeExcluded=true`);
    const rankedIds = matches.ranked.map((r) => r.candidateId);
    expect(rankedIds.indexOf(fits.id)).toBeLessThan(rankedIds.indexOf(newer.id));
    expect(matches.ranked[0]?.factors.map((f) => f.factor).sort()).toEqual([
      'distance',
      'skills',
      'waiting',
      'wishes',
    ]);
    const excluded = matches.excluded.find((e) => e.candidateId === noFrench.id);
    expect(excluded?.filters.filter((f) => !f.passed).map((f) => f.filter)).toEqual(['languages']);

    const reverse = await flow.call<{ ranked: { positionId: string }[] }>(
      'GET',
      `/candidates/${fits.id}/matches`,
    );
    expect(reverse.ranked.map((r) => r.positionId)).toContain(position.id);

    const shortlist = await flow.call<{ id: string; entries: { candidateId: string; outcome: string }[] }>(
      'POST',
      `/positions/${position.id}/shortlists`,
      { mode: 'shortlist', candidateIds: [fits.id, newer.id] },
    );
    expect(shortlist.entries.map((e) => e.outcome)).toEqual(['pending', 'pending']);
    const refusedChoice = await fetch(`${svc.service.url}/shortlists/${shortlist.id}/choice`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(await authHeaders({ tenantId, roles: 'placement_officer' })),
      },
      body: JSON.stringify({ chosenCandidateId: fits.id, others: [] }),
    });
    expect(refusedChoice.status).toBe(422);
    await flow.call('POST', `/shortlists/${shortlist.id}/choice`, {
      chosenCandidateId: fits.id,
      others: [{ candidateId: newer.id, reason: 'host_chose_another' }],
    });
    expect((await flow.call<{ status: string }>('GET', `/candidates/${newer.id}`)).status).toBe('available');

    const proposal = await flow.call<{ id: string; endDate: string; deadline: { atRisk: boolean } }>(
      'POST',
      '/engagement-proposals',
      {
        shortlistId: shortlist.id,
        startDate: today,
        weeklyHours: 19,
        payScale: 'E2',
      },
    );
    // 312 days at 6 counted days per full-time week, half time: 104 weeks.
    expect(proposal.endDate).toBe(addDays(today, 104 * 7 - 1));
    expect((await flow.call<{ status: string }>('GET', `/candidates/${fits.id}`)).status).toBe('proposed');
    const proposed = await waitFor(
      async () =>
        (await eventsOn<{ data: { proposalId: string } }>(TOPICS.placement, 'EngagementProposed')).find(
          (e) => e.data.proposalId === proposal.id,
        ),
      {
        what: 'EngagementProposed',
      },
    );
    expect(proposed).toBeDefined();

    await flow.decide('engagement_proposal', proposal.id, today);
    const started = await waitFor(
      async () => (await placementsOf(fits.id)).items.find((p) => p.status === 'started'),
      {
        what: 'the contract to start',
      },
    );
    expect(started.startDate).toBe(today);
    expect((await flow.call<{ status: string }>('GET', `/candidates/${fits.id}`)).status).toBe('placed');
    const event = await waitFor(
      async () =>
        (await eventsOn<EventOf<typeof PlacementStartedV1>>(TOPICS.placement, 'PlacementStarted')).find(
          (e) => e.data.placementId === started.id,
        ),
      { what: 'PlacementStarted' },
    );
    expect(event.data).toEqual({
      placementId: started.id,
      personId: fits.id,
      hostEmployerId: host.hostId,
      startDate: today,
    });
    expect(
      (await flow.call<{ status: string; filled: number }>('GET', `/positions/${position.id}`)).status,
    ).toBe('filled');

    const history = await flow.call<{ items: { to: string; reason: string }[] }>(
      'GET',
      `/candidates/${fits.id}/history`,
    );
    expect(history.items.map((h) => h.to)).toEqual([
      'referred',
      'in_preparation',
      'available',
      'shortlisted',
      'proposed',
      'placed',
    ]);
  });

  it('announces the host’s choice as HostChoiceRecorded keyed by the chosen person; a refused choice announces nothing', async () => {
    const position = await flow.openPosition(host, { fillDeadline: addDays(today, 20) });
    const chosen = await flow.availableCandidate();
    const other = await flow.availableCandidate();
    const shortlist = await flow.call<{ id: string }>('POST', `/positions/${position.id}/shortlists`, {
      mode: 'shortlist',
      candidateIds: [chosen.id, other.id],
    });
    const choose = async (others: { candidateId: string; reason: string }[], correlationId = uuidv7()) =>
      fetch(`${svc.service.url}/shortlists/${shortlist.id}/choice`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-correlation-id': correlationId,
          ...(await authHeaders({ tenantId, roles: 'placement_officer' })),
        },
        body: JSON.stringify({ chosenCandidateId: chosen.id, others }),
      });
    const outboxRows = async () =>
      (
        await svc.db.query<{ message_key: string; correlation_id: string }>(
          `SELECT message_key, correlation_id FROM outbox
            WHERE event_type = 'HostChoiceRecorded' AND envelope->'data'->>'shortlistId' = $1`,
          [shortlist.id],
        )
      ).rows;

    expect((await choose([])).status).toBe(422);
    expect(await outboxRows()).toEqual([]);

    const correlationId = uuidv7();
    expect((await choose([{ candidateId: other.id, reason: 'skills_gap' }], correlationId)).status).toBe(200);
    const again = await choose([{ candidateId: other.id, reason: 'skills_gap' }]);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'SHORTLIST_ALREADY_DECIDED' });
    expect(await outboxRows()).toEqual([{ message_key: chosen.id, correlation_id: correlationId }]);

    const published = async () =>
      (await readTopic(kafka, TOPICS.placement, svc.prefix)).flatMap((m) => {
        const event = JSON.parse(m.value ?? '{}') as { type: string; data: { shortlistId?: string } };
        return event.type === 'HostChoiceRecorded' && event.data.shortlistId === shortlist.id
          ? [{ key: m.key, event: event as EventOf<typeof HostChoiceRecordedV1> }]
          : [];
      });
    const message = await waitFor(async () => (await published())[0], { what: 'HostChoiceRecorded' });
    expect(message.key).toBe(chosen.id);
    expect(message.event).toMatchObject({
      tenantId,
      aggregateId: shortlist.id,
      correlationId,
      causationId: null,
    });
    expect(message.event.data).toEqual({
      shortlistId: shortlist.id,
      positionId: position.id,
      hostEmployerId: host.hostId,
      personId: chosen.id,
      chosenOn: today,
      hostDeadline: addDays(today, 20),
      presentedCount: 2,
    });
    // Delivery is at least once, so a copy may come twice; a second event would carry another id.
    expect(new Set((await published()).map((m) => m.event.id)).size).toBe(1);
  });

  it('makes the person available again, without penalty, when the trial ends; the placement stays in their history', async () => {
    const position = await flow.openPosition(host);
    const candidate = await flow.availableCandidate();
    await flow.engage(position.id, candidate.id, today, today);
    const placement = await waitFor(
      async () => (await placementsOf(candidate.id)).items.find((p) => p.status === 'started'),
      {
        what: 'the contract to start',
      },
    );
    await flow.publish(TrialEndedV1, uuidv7(), {
      trialPeriodId: uuidv7(),
      placementId: placement.id,
      personId: candidate.id,
      placementStartDate: today,
      outcome: 'not_conclusive',
      lastWorkedDay: today,
      reasonCode: 'host_needs_changed',
      initiatedBy: 'host',
    });
    await waitFor(
      async () =>
        (await flow.call<{ status: string }>('GET', `/candidates/${candidate.id}`)).status === 'available',
      {
        what: 'the person to be available again',
      },
    );
    expect((await placementsOf(candidate.id)).items).toEqual([
      expect.objectContaining({ id: placement.id, status: 'ended', endReason: 'trial_not_conclusive' }),
    ]);
    const ended = await waitFor(
      async () =>
        (await eventsOn<EventOf<typeof PlacementEndedV1>>(TOPICS.placement, 'PlacementEnded')).find(
          (e) => e.data.placementId === placement.id,
        ),
      { what: 'PlacementEnded' },
    );
    expect(ended.data.reason).toBe('trial_not_conclusive');
    const again = await flow.call<{ ranked: { candidateId: string }[] }>(
      'GET',
      `/positions/${(await flow.openPosition(host)).id}/matches`,
    );
    expect(again.ranked.map((r) => r.candidateId)).toContain(candidate.id);
  });

  it('puts the person back to available when the committee refuses, and flags proposals that may miss the host’s deadline', async () => {
    const position = await flow.openPosition(host, { fillDeadline: addDays(today, 3) });
    const candidate = await flow.availableCandidate();
    const shortlist = await flow.call<{ id: string }>('POST', `/positions/${position.id}/shortlists`, {
      mode: 'single',
      candidateIds: [candidate.id],
    });
    await flow.call('POST', `/shortlists/${shortlist.id}/choice`, {
      chosenCandidateId: candidate.id,
      others: [],
    });
    const proposal = await flow.call<{ id: string; deadline: { atRisk: boolean; reason: string | null } }>(
      'POST',
      '/engagement-proposals',
      {
        shortlistId: shortlist.id,
        startDate: addDays(today, 7),
        weeklyHours: 38,
        payScale: 'E2',
      },
    );
    expect(proposal.deadline).toMatchObject({ atRisk: true, reason: 'start_after_deadline' });
    const atRisk = await flow.call<{ items: { id: string }[] }>('GET', '/engagement-proposals?atRisk=true');
    expect(atRisk.items.map((p) => p.id)).toContain(proposal.id);

    await flow.publish((await import('@relais/contracts')).CommitteeDecisionRecordedV1, proposal.id, {
      decisionId: uuidv7(),
      subject: { kind: 'engagement_proposal', id: proposal.id },
      outcome: 'refused',
      reasonCode: 'budget_not_available',
      decidedOn: today,
      effectiveOn: null,
      amendments: null,
    });
    await waitFor(
      async () =>
        (await flow.call<{ status: string }>('GET', `/candidates/${candidate.id}`)).status === 'available',
      {
        what: 'the person to be available after the refusal',
      },
    );
    expect((await flow.call<{ status: string }>('GET', `/engagement-proposals/${proposal.id}`)).status).toBe(
      'refused',
    );
    expect((await placementsOf(candidate.id)).items).toEqual([]);
  });

  it('starts a contract once on its first day even when several instances run the job at the same time', async () => {
    const position = await flow.openPosition(host);
    const candidate = await flow.availableCandidate();
    const tomorrow = addDays(today, 1);
    await flow.engage(position.id, candidate.id, tomorrow, today);
    const scheduled = await waitFor(
      async () => (await placementsOf(candidate.id)).items.find((p) => p.status === 'scheduled'),
      {
        what: 'the contract to be scheduled',
      },
    );
    expect((await placementsOf(candidate.id)).items[0]?.status).toBe('scheduled');
    const rounds = await Promise.all([1, 2, 3].map(() => startDueContracts(svc.service.context, tomorrow)));
    expect(rounds.reduce((a, b) => a + b, 0)).toBe(1);
    const { rows } = await svc.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'PlacementStarted' AND envelope->'data'->>'placementId' = $1`,
      [scheduled.id],
    );
    expect(rows[0]?.n).toBe(1);
    expect((await flow.call<{ status: string }>('GET', `/candidates/${candidate.id}`)).status).toBe('placed');
  });

  it('answers bad input with problem details naming the field', async () => {
    const bad = await fetch(`${svc.service.url}/candidates`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(await authHeaders({ tenantId, roles: 'social_worker' })),
      },
      body: JSON.stringify({ niss: '85073003329' }),
    });
    expect(bad.status).toBe(400);
    const withBadNiss = await fetch(`${svc.service.url}/candidates`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(await authHeaders({ tenantId, roles: 'social_worker' })),
      },
      body: JSON.stringify({
        niss: '85073003329',
        firstName: 'A',
        lastName: 'B',
        email: null,
        phone: null,
        incomeCategory: 'single',
        languages: [],
        skills: [],
        skillsNote: null,
        experienceNote: null,
        drivingLicence: false,
        timeWindows: [],
        daysUnavailable: [],
        homeCommune: 'Ixelles',
        home: { lat: 50.83, lon: 4.37 },
        maxTravelKm: 10,
        healthRestrictions: [],
        hasCriminalRecord: false,
        wishedSectors: [],
        wishedJobs: [],
        wishesInOwnWords: null,
        workReadiness: 'ready',
        daysNeededForRights: 100,
        referredOn: '2026-01-05',
      }),
    });
    expect(withBadNiss.status).toBe(422);
    expect(await withBadNiss.json()).toMatchObject({ code: 'NISS_INVALID', errors: [{ field: 'niss' }] });
  });
});
