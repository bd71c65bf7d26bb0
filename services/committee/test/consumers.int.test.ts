import {
  buildEvent,
  DEAD_LETTER_TOPICS,
  PlacementStartedV1,
  TrialEndedV1,
  type DataInputOf,
  type EventDefinition,
} from '@relais/contracts';
import { incomeContinuityService } from '@relais/income-continuity';
import { belgianDay, type BaseConfig } from '@relais/service-kit';
import {
  authHeaders,
  produceEvents,
  readTopic,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { committeeService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000c9';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let committee: TestService<BaseConfig>;
let income: TestService<BaseConfig>;
const daysAgo = (n: number) => belgianDay(new Date(Date.now() - n * 86_400_000));
const today = daysAgo(0);
const who = (roles: 'committee_secretary' | 'committee_member' | 'placement_officer' | 'social_worker') => ({
  tenantId,
  roles,
  userId: uuidv7(),
});
const secretary = who('committee_secretary');
const chair = who('committee_member');
const officer = who('placement_officer');
const worker = who('social_worker');

const call = async <T>(
  service: TestService<BaseConfig>,
  caller: ReturnType<typeof who>,
  method: 'GET' | 'POST',
  url: string,
  payload?: object,
) => {
  const res = await service.service.app.inject({
    method,
    url,
    headers: await authHeaders(caller),
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<T>();
};

const publish = async <D extends EventDefinition>(definition: D, key: string, data: DataInputOf<D>) => {
  const event = buildEvent(definition, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    tenantId,
    aggregateId: key,
    correlationId: uuidv7(),
    causationId: null,
    data,
  });
  await produceEvents(kafka, committee.prefix, [event]);
};

interface Coverage {
  periods: { kind: string; startDate: string; category: string | null; status: string }[];
  reopenings: {
    id: string;
    proposals: { kind: string; status: string }[];
    decision: { decisionId: string; outcome: string; category: string | null } | null;
  }[];
}

describe('committee decisions as their current consumers read them', () => {
  beforeAll(async () => {
    committee = await startTestService(committeeService, infra);
    income = await startTestService(incomeContinuityService, infra, { prefix: committee.prefix });
  });
  afterAll(async () => {
    await income.close();
    await committee.close();
  });

  it('trial ended → income-continuity reopens → the committee ratifies and amends → income-continuity applies the v1 decision and skips the v2 one', async () => {
    const personId = uuidv7();
    const placementId = uuidv7();
    await call(income, worker, 'POST', `/persons/${personId}/integration-income`, {
      startDate: daysAgo(120),
      category: 'single',
    });
    await publish(PlacementStartedV1, personId, {
      placementId,
      personId,
      hostEmployerId: uuidv7(),
      startDate: daysAgo(40),
    });
    const coverage = () =>
      call<Coverage>(income, worker, 'GET', `/persons/${personId}/income-coverage?asOf=${today}`);
    await waitFor(async () => (await coverage()).periods.some((p) => p.kind === 'article60_salary') && true, {
      what: 'the salary',
    });
    await publish(TrialEndedV1, personId, {
      trialPeriodId: uuidv7(),
      placementId,
      personId,
      placementStartDate: daysAgo(40),
      outcome: 'not_conclusive',
      lastWorkedDay: daysAgo(5),
      reasonCode: 'childcare',
      initiatedBy: 'worker',
      officerAnalysis: 'Horaires incompatibles avec la crèche.',
    });

    const item = await waitFor(
      async () =>
        (
          await call<{ items: { id: string; proposals: { id: string; kind: string }[] }[] }>(
            committee,
            secretary,
            'GET',
            `/agenda?personId=${personId}`,
          )
        ).items[0],
      { what: 'the ratification on the agenda' },
    );
    const session = await call<{ id: string }>(committee, secretary, 'POST', '/sessions', {
      kind: 'isp',
      date: today,
      quorum: 1,
      members: [{ accountId: chair.userId, displayName: 'Présidente', role: 'chair' }],
    });
    await call(committee, secretary, 'POST', `/sessions/${session.id}/items`, { itemId: item.id });
    await call(committee, officer, 'POST', `/agenda/items/${item.id}/preparation`, {
      assessment: 'Essai non concluant : crèche.',
    });
    for (const p of item.proposals)
      await call(committee, secretary, 'POST', `/agenda/items/${item.id}/decisions`, {
        proposalId: p.id,
        vote: { kind: 'unanimous' },
        ...(p.kind === 'reopen_integration_income'
          ? {
              outcome: 'amended',
              reasonCode: 'household_changed',
              reasonText: 'La personne a désormais un enfant à charge.',
              amendments: { category: 'with_dependants' },
            }
          : { outcome: 'approved' }),
      });
    const signed = await call<{ decisions: { id: string; proposalId: string }[] }>(
      committee,
      chair,
      'POST',
      `/agenda/items/${item.id}/signature`,
      {},
    );
    const riProposal = item.proposals.find((p) => p.kind === 'reopen_integration_income');
    const riDecision = signed.decisions.find((d) => d.proposalId === riProposal?.id);

    const decided = await waitFor(
      async () => {
        const c = await coverage();
        return c.reopenings[0]?.decision ? c : undefined;
      },
      { what: 'income-continuity applying the decision' },
    );
    expect(decided.reopenings[0]?.decision).toMatchObject({
      decisionId: riDecision?.id,
      outcome: 'amended',
      category: 'with_dependants',
    });
    expect(decided.reopenings[0]?.proposals).toEqual([
      { kind: 'continue_isp_follow_up', status: 'approved' },
      { kind: 'reopen_integration_income', status: 'amended' },
      { kind: 'take_note_of_trial_end', status: 'approved' },
    ]);
    expect(decided.periods.find((p) => p.startDate === daysAgo(4))).toMatchObject({
      category: 'with_dependants',
      status: 'active',
    });
    // The v1 trial_end decision and the v2 follow-up decision were read or skipped, never parked.
    expect(await readTopic(kafka, DEAD_LETTER_TOPICS.incomeContinuity, committee.prefix)).toEqual([]);
  });
});
