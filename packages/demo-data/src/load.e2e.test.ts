import { belgianDay } from '@relais/service-kit';
import { startProcessStack, testTokenKeys, type ProcessStack } from '@relais/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoCpasSpecs } from './cpas.ts';
import { callerFor, type DemoServices } from './http.ts';
import { loadDemoData, type LoadReport } from './load.ts';
import { generateDemoPlan, type CpasPlan } from './plan.ts';

const names = [
  'placement',
  'safety-visits',
  'trial-period',
  'income-continuity',
  'committee',
  'notifications',
] as const;
let stack: ProcessStack<(typeof names)[number]>;
let services: DemoServices;
const today = belgianDay(new Date());
// DEMO_DATA_SIZE=full runs the same checks on the `npm start` set (to measure it); `small` by default.
const size = process.env.DEMO_DATA_SIZE === 'full' ? 'full' : 'small';
const plan = generateDemoPlan({ seed: 60, today, cpas: demoCpasSpecs(size) });
const cpas = plan.cpas[0] as CpasPlan;
let first: LoadReport;

const sign = async (principal: Parameters<Awaited<ReturnType<typeof testTokenKeys>>['signer']['sign']>[0]) =>
  (await testTokenKeys()).signer.sign(principal);
const as = (role: 'placement_officer' | 'social_worker' | 'committee_secretary' | 'safety_officer') =>
  callerFor(services, sign, cpas.spec.id, cpas.spec.actors.placementOfficer.id, role);

interface Candidate {
  id: string;
  status: string;
  firstName: string;
  lastName: string;
}
const candidates = async () =>
  (
    await as('placement_officer')<{ items: Candidate[]; total: number }>(
      'placement',
      'GET',
      '/candidates?limit=200',
    )
  ).body;
const personOf = async (stage: string) => {
  const s = cpas.scenarios.find((x) => x.stage === stage);
  const found = (await candidates()).items.find(
    (c) => c.lastName === s?.referral.lastName && c.firstName === s.referral.firstName,
  );
  if (!found) throw new Error(`no person at stage ${stage}`);
  return found;
};

/** What a second load must not change: how many of each thing the services hold. */
const counts = async () => {
  const officer = as('placement_officer');
  const secretary = as('committee_secretary');
  return {
    candidates: (await candidates()).total,
    hosts: (await officer<{ items: unknown[] }>('placement', 'GET', '/hosts?limit=200')).body.items.length,
    positions: (
      await officer<{ items: unknown[]; total?: number }>('placement', 'GET', '/positions?limit=200')
    ).body.items.length,
    sessions: (await secretary<{ items: unknown[] }>('committee', 'GET', '/sessions')).body.items.length,
    agenda: (await secretary<{ items: unknown[] }>('committee', 'GET', '/agenda')).body.items.length,
    visits: (
      await as('safety_officer')<{ items: unknown[] }>('safetyVisits', 'GET', '/prevention-visits?limit=200')
    ).body.items.length,
  };
};

beforeAll(async () => {
  stack = await startProcessStack({
    names,
    label: 'demo_data',
    infra: {
      kafkaBrokers: inject('kafkaBrokers'),
      postgresUrl: inject('postgresUrl'),
      redisUrl: inject('redisUrl'),
    },
  });
  services = {
    placement: stack.service('placement').url,
    safetyVisits: stack.service('safety-visits').url,
    trialPeriod: stack.service('trial-period').url,
    incomeContinuity: stack.service('income-continuity').url,
    committee: stack.service('committee').url,
  };
  first = await loadDemoData({ services, sign, plan, waitMs: 60_000 });
  process.stdout.write(`demo data (${size} set) loaded in ${String(first.ms)} ms\n`);
}, 600_000);

afterAll(async () => {
  await stack.close();
});

describe('the demo data, loaded through the services’ APIs', () => {
  it('loads the set without a failure', () => {
    expect(first.cpas[0]?.failures).toEqual([]);
    expect(first.cpas.flatMap((c) => c.failures)).toEqual([]);
    expect(first.cpas[0]).toMatchObject({
      referred: cpas.scenarios.length,
      skipped: 0,
      hostsRegistered: cpas.hosts.length,
    });
  });

  it('shows each stage where the services keep it', async () => {
    const status = async (stage: string) => (await personOf(stage)).status;
    expect(await status('referred')).toBe('referred');
    expect(await status('available')).toBe('available');
    expect(await status('shortlisted')).toBe('shortlisted');
    // Chosen: still shortlisted until the proposal; the other person presented is available again.
    expect(await status('chosen')).toBe('shortlisted');
    expect(await status('proposed')).toBe('proposed');
    for (const stage of ['contract_started', 'trial_running', 'trial_conclusive'])
      expect(await status(stage)).toBe('placed');
    expect(await status('ended')).toBe('available');

    const officer = as('placement_officer');
    const trialOf = async (stage: string) => {
      const person = await personOf(stage);
      return (
        await officer<{ items: { status: string; startDate: string }[] }>(
          'trialPeriod',
          'GET',
          `/trial-periods?personId=${person.id}`,
        )
      ).body.items[0];
    };
    expect(await trialOf('contract_started')).toMatchObject({ status: 'running', startDate: today });
    const running = await trialOf('trial_running');
    expect(running?.status).toBe('running');
    expect(String(running?.startDate) < today).toBe(true);
    expect((await trialOf('trial_conclusive'))?.status).toBe('passed');
    expect((await trialOf('trial_not_conclusive'))?.status).toBe('ended');
    expect((await trialOf('ended'))?.status).toBe('ended');

    // Income: suspended during the contract, reopened the day after the last worked day, no gap.
    const ended = cpas.scenarios.find((s) => s.stage === 'ended');
    const coverage = (
      await as('social_worker')<{ gaps: unknown[]; reopenings: { effectiveFrom: string }[] }>(
        'incomeContinuity',
        'GET',
        `/persons/${(await personOf('ended')).id}/income-coverage`,
      )
    ).body;
    expect(coverage.gaps).toEqual([]);
    expect(coverage.reopenings).toHaveLength(1);
    expect(String(coverage.reopenings[0]?.effectiveFrom) > String(ended?.outcome?.lastWorkedDay)).toBe(true);

    // The committee: hosts and engagements decided, one reopening ratified, the rest on the agenda.
    const agenda = (
      await as('committee_secretary')<{ items: { kind: string; status: string }[] }>(
        'committee',
        'GET',
        '/agenda',
      )
    ).body.items;
    const of = (kind: string, status: string) =>
      agenda.filter((i) => i.kind === kind && i.status === status).length;
    const stages = cpas.spec.stages;
    const ends = stages.trial_not_conclusive + stages.ended;
    const engaged = stages.contract_started + stages.trial_running + stages.trial_conclusive + ends;
    expect(of('host_partner_approval', 'decided')).toBe(cpas.spec.approvedHosts);
    expect(of('engagement_proposal', 'decided')).toBe(engaged);
    expect(of('engagement_proposal', 'scheduled')).toBe(1);
    expect(of('engagement_proposal', 'pending')).toBe(stages.proposed - 1);
    expect(of('income_reopening', 'decided')).toBe(cpas.spec.ratifiedEnds);
    expect(of('income_reopening', 'scheduled')).toBe(ends - cpas.spec.ratifiedEnds);
  });

  it('adds nothing when loaded a second time', async () => {
    const before = await counts();
    const second = await loadDemoData({ services, sign, plan, waitMs: 60_000 });
    expect(second.cpas[0]).toMatchObject({
      referred: 0,
      skipped: cpas.scenarios.length,
      hostsRegistered: 0,
      failures: [],
    });
    expect(await counts()).toEqual(before);
  });
});
