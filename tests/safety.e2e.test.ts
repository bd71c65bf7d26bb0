import { TOPICS } from '@relais/contracts';
import { belgianDay } from '@relais/service-kit';
import {
  authHeaders,
  placementFlow,
  readTopic,
  testKafka,
  validEnterpriseNumber,
  waitFor,
  type ServiceProcess,
  startProcessStack,
  type ProcessStack,
} from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const tenantId = '0190a000-0000-7000-8000-0000000000e4';
const safetyOfficer = uuidv7();
const names = ['placement', 'safety-visits'] as const;
type Name = (typeof names)[number];

const kafka = testKafka(inject('kafkaBrokers'));
const today = belgianDay(new Date());
const inDays = (n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
let stack: ProcessStack<Name>;
const service = (name: Name): ServiceProcess => stack.service(name);

/** Calls safety-visits as a prevention officer (conseiller en prévention). */
const safety = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
  const res = await fetch(`${service('safety-visits').url}${path}`, {
    method,
    headers: {
      ...(await authHeaders({ tenantId, roles: 'safety_officer', userId: safetyOfficer })),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};
const safetyOk = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
  const res = await safety<T>(method, path, body);
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${String(res.status)} ${JSON.stringify(res.body)}`);
  return res.body;
};

const ITEMS = [
  'risk_analysis_available',
  'workstation_sheet',
  'ppe_free_and_fit',
  'safety_induction_given',
  'tutor_designated',
  'first_aid_and_emergency',
  'hazardous_substances',
  'health_surveillance',
  'working_hours',
  'same_rules_as_own_staff',
  'work_accident_procedure_known',
];
const reportBody = (findings: { itemCode: string; severity: string; description: string }[] = []) => ({
  completedOn: today,
  checklist: ITEMS.map((code) =>
    findings.some((f) => f.itemCode === code)
      ? { code, result: 'not_compliant', note: 'see finding' }
      : { code, result: 'compliant' },
  ),
  findings,
});

let flow: ReturnType<typeof placementFlow>;
interface PlacementHost {
  partnerStatus: string;
  safetyStatus: string;
}
const placementHost = (hostId: string) => flow.call<PlacementHost>('GET', `/hosts/${hostId}`);
const hostBecomes = (hostId: string, expected: Partial<PlacementHost>, what: string) =>
  waitFor(
    async () => {
      const host = await placementHost(hostId);
      return Object.entries(expected).every(([k, v]) => host[k as keyof PlacementHost] === v)
        ? host
        : undefined;
    },
    { what, timeoutMs: 30000 },
  );

beforeAll(async () => {
  stack = await startProcessStack({ names, label: 'e2e-safety', infra });

  flow = placementFlow({
    placementUrl: service('placement').url,
    tenantId,
    kafka,
    topicPrefix: stack.prefix,
  });
  await flow.ensureSkills(['cooking']);
});

afterAll(async () => {
  await stack.close();
});

describe('prevention visits gate host approval and new placements, across two service processes', () => {
  it('clears a new host through its pre-approval visit, then blocks and unblocks it around a severe accident', async () => {
    // A host registered in placement becomes known to safety-visits.
    const host = await flow.call<{ id: string; sites: { id: string }[] }>('POST', '/hosts', {
      enterpriseNumber: validEnterpriseNumber(),
      name: 'Entreprise de nettoyage Propre',
      legalType: 'social_economy',
      sector: 'cleaning',
      tutor: { name: 'Tutor', email: null, phone: null },
      sites: [{ name: 'Dépôt', address: 'Rue du Dépôt 4', commune: 'Anderlecht', lat: 50.83, lon: 4.3 }],
    });
    const target = { hostId: host.id, siteId: host.sites[0]?.id ?? '' };
    await waitFor(async () => (await safety('GET', `/hosts/${host.id}/safety`)).status === 200, {
      what: 'safety-visits to know the host',
    });

    // Pre-approval visit with a major finding: the host is not cleared yet.
    const visit = await safetyOk<{ id: string }>('POST', '/prevention-visits', {
      hostEmployerId: host.id,
      siteId: target.siteId,
      kind: 'pre_approval',
      scheduledFor: today,
      safetyOfficerId: safetyOfficer,
    });
    const reported = await safetyOk<{ findings: { id: string }[] }>(
      'POST',
      `/prevention-visits/${visit.id}/report`,
      reportBody([
        {
          itemCode: 'same_rules_as_own_staff',
          severity: 'major',
          description: 'no gloves for art. 60 workers',
        },
      ]),
    );
    expect((await placementHost(host.id)).partnerStatus).toBe('pending_safety_visit');

    // The corrective action closed with evidence clears the host: placement puts it before the committee.
    const action = await safetyOk<{ id: string }>(
      'POST',
      `/findings/${reported.findings[0]?.id ?? ''}/actions`,
      {
        description: 'Provide chemical-resistant gloves',
        owner: 'utilisateur — responsable d’équipe',
        deadline: inDays(7),
      },
    );
    await safetyOk('POST', `/corrective-actions/${action.id}/close`, {
      evidence: 'Gloves seen in the workers’ lockers',
    });
    expect(await safetyOk<{ safetyStatus: string }>('GET', `/hosts/${host.id}/safety`)).toMatchObject({
      safetyStatus: 'cleared',
    });
    await hostBecomes(
      host.id,
      { partnerStatus: 'awaiting_committee', safetyStatus: 'cleared' },
      'placement to ask the committee',
    );

    // The committee approves the partner; a worker is placed there.
    await flow.decide('host_partner_approval', host.id, today);
    await hostBecomes(host.id, { partnerStatus: 'approved' }, 'the host to be approved');
    const position = await flow.openPosition(target);
    const candidate = await flow.availableCandidate();
    await flow.engage(position.id, candidate.id, today, today);
    const placement = await waitFor(
      async () =>
        (
          await flow.call<{ items: { id: string; status: string }[] }>(
            'GET',
            `/placements?personId=${candidate.id}`,
          )
        ).items.find((p) => p.status === 'started'),
      { what: 'the contract to start', timeoutMs: 30000 },
    );

    // A severe accident (once safety-visits knows the placement) blocks new placements at the host.
    const accident = await waitFor(
      async () => {
        const res = await safety<{ postAccidentVisit: { id: string } }>('POST', '/work-accidents', {
          placementId: placement.id,
          siteId: target.siteId,
          occurredOn: today,
          description: 'Chemical burn while cleaning without gloves',
          severity: 'severe',
          daysLost: 15,
          declaredToInsurer: true,
        });
        return res.status === 201 ? res.body : undefined;
      },
      { what: 'safety-visits to know the placement and record the accident' },
    );
    await hostBecomes(
      host.id,
      { safetyStatus: 'blocked', partnerStatus: 'suspended' },
      'placement to see the host blocked',
    );
    await expect(flow.openPosition(target)).rejects.toThrow(/409.*HOST_NOT_CLEARED_FOR_PLACEMENTS/);
    const alerts = (await readTopic(kafka, TOPICS.safetyVisits, stack.prefix))
      .map((m) => JSON.parse(m.value ?? '{}') as { type: string; data: { placementIds?: string[] } })
      .filter((e) => e.type === 'HostBlockedPlacementsAlert');
    expect(alerts.map((a) => a.data.placementIds)).toEqual([[placement.id]]);
    expect(
      (await flow.call<{ status: string }>('GET', `/placements/${placement.id}`)).status,
      'the ongoing placement is not ended',
    ).toBe('started');

    // The post-accident visit, favourable, lifts the block.
    await safetyOk('POST', `/prevention-visits/${accident.postAccidentVisit.id}/report`, reportBody());
    await hostBecomes(
      host.id,
      { safetyStatus: 'cleared', partnerStatus: 'approved' },
      'placement to see the host unblocked',
    );
    expect((await flow.openPosition(target)).id).toBeTruthy();

    const history = await safetyOk<{ items: { to: string; reasonCode: string }[] }>(
      'GET',
      `/hosts/${host.id}/safety-history`,
    );
    expect(history.items.map((h) => [h.to, h.reasonCode])).toEqual([
      ['cleared', 'pre_approval_visit_favourable'],
      ['blocked', 'severe_accident_pending_visit'],
      ['cleared', 'safety_conditions_met'],
    ]);
  });
});
