import { randomInt } from 'node:crypto';
import {
  buildEvent,
  CommitteeDecisionRecordedV1,
  HostSafetyStatusChangedV1,
  topicName,
  type DataInputOf,
  type DataOf,
  type EventDefinition,
} from '@relais/contracts';
import type { Kafka } from 'kafkajs';
import { v7 as uuidv7 } from 'uuid';
import { authHeaders } from './auth.ts';
import { waitFor } from './wait-for.ts';

/** A valid Belgian national register number for a person born on the given day (sequence random). */
export const validNiss = (birthDate = '1990-01-01'): string => {
  const [year = '1990', month = '01', day = '01'] = birthDate.split('-');
  const base = `${year.slice(2)}${month}${day}${String(randomInt(1, 998)).padStart(3, '0')}`;
  const checked = Number(year) >= 2000 ? Number(`2${base}`) : Number(base);
  return `${base}${String(97 - (checked % 97)).padStart(2, '0')}`;
};

/** A valid enterprise number (BCE/KBO), 10 digits. */
export const validEnterpriseNumber = (): string => {
  const base = `0${String(randomInt(100000000, 999999999)).slice(0, 7)}`;
  return `${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}`;
};

/**
 * A birth day between 1960 and 2005, so referrals' NISS seldom meet: a fixed day leaves 998
 * sequence numbers, and a spec referring a few dozen people in one CPAS hit duplicates.
 */
const randomBirthDate = (): string =>
  new Date(Date.UTC(1960, 0, 1) + randomInt(0, 45 * 365) * 86_400_000).toISOString().slice(0, 10);

/** A complete, valid referral of a person ready for matching (fields overridable). */
export const candidateReferral = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  niss: validNiss(randomBirthDate()),
  firstName: 'Amina',
  lastName: 'Testperson',
  email: null,
  phone: null,
  incomeCategory: 'single',
  languages: [{ code: 'fr', level: 'B1' }],
  skills: ['cooking'],
  skillsNote: null,
  experienceNote: null,
  drivingLicence: false,
  timeWindows: [],
  daysUnavailable: [],
  homeCommune: 'Anderlecht',
  home: { lat: 50.8333, lon: 4.3072 },
  maxTravelKm: 15,
  healthRestrictions: [],
  hasCriminalRecord: false,
  wishedSectors: ['care'],
  wishedJobs: ['cuisine'],
  wishesInOwnWords: null,
  workReadiness: 'ready',
  daysNeededForRights: 312,
  referredOn: '2026-01-05',
  ...overrides,
});

/**
 * What the flow needs: the placement service's URL, the CPAS, who acts (a placement officer,
 * signed in with a service token of the test keys), and Kafka to play the other services.
 */
export interface PlacementFlowOptions {
  readonly placementUrl: string;
  readonly tenantId: string;
  readonly kafka: Kafka;
  readonly topicPrefix: string;
  readonly officerId?: string;
}

type Json = Record<string, unknown>;

/**
 * Drives the placement officer's day over HTTP — host, clearance, position, candidate,
 * shortlist, host choice, proposal, committee approval — with the safety-visits and committee
 * services played by events on their topics. Every step is the placement officer's (hosts,
 * posts, skills, referral, matching, proposals): the one role the access matrix allows them all.
 */
export const placementFlow = (options: PlacementFlowOptions) => {
  const officer = options.officerId ?? uuidv7();

  const call = async <T = Json>(
    method: string,
    path: string,
    body?: unknown,
    expected = [200, 201],
  ): Promise<T> => {
    // A fresh token per call: service tokens live two minutes, a flow with waits outlives one.
    const auth = await authHeaders({
      tenantId: options.tenantId,
      roles: 'placement_officer',
      userId: officer,
    });
    const res = await fetch(`${options.placementUrl}${path}`, {
      method,
      headers: { ...auth, 'content-type': body === undefined ? 'text/plain' : 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!expected.includes(res.status))
      throw new Error(`${method} ${path} answered ${String(res.status)}: ${text}`);
    return JSON.parse(text) as T;
  };

  const publish = async <D extends EventDefinition>(
    definition: D,
    aggregateId: string,
    data: DataInputOf<D>,
  ) => {
    const event = buildEvent(definition, {
      id: uuidv7(),
      occurredAt: new Date().toISOString(),
      tenantId: options.tenantId,
      aggregateId,
      correlationId: uuidv7(),
      causationId: null,
      data,
    });
    const producer = options.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topicName(definition.topic, options.topicPrefix),
      messages: [{ key: aggregateId, value: JSON.stringify(event) }],
    });
    await producer.disconnect();
    return event;
  };

  const decide = (
    kind: DataOf<typeof CommitteeDecisionRecordedV1>['subject']['kind'],
    id: string,
    today: string,
  ) =>
    publish(CommitteeDecisionRecordedV1, id, {
      decisionId: uuidv7(),
      subject: { kind, id },
      outcome: 'approved',
      reasonCode: null,
      decidedOn: today,
      effectiveOn: null,
      amendments: null,
    });

  return {
    call,
    publish,
    decide,
    async ensureSkills(codes: readonly string[]) {
      for (const code of codes)
        await call('POST', '/skills', { code, labelFr: code, labelNl: code }, [201, 409]);
    },
    /** Registers a host, clears it by a prevention visit and has the committee approve it. */
    async approvedHost(today: string) {
      const host = await call<{ id: string; sites: { id: string }[] }>('POST', '/hosts', {
        enterpriseNumber: validEnterpriseNumber(),
        name: 'Maison de repos Les Tilleuls',
        legalType: 'asbl',
        sector: 'care',
        tutor: { name: 'Tutor', email: null, phone: null },
        sites: [{ name: 'Main', address: 'Rue Haute 1', commune: 'Bruxelles', lat: 50.8466, lon: 4.3528 }],
      });
      await publish(HostSafetyStatusChangedV1, host.id, {
        hostEmployerId: host.id,
        safetyStatus: 'cleared',
        reasonCode: 'pre_approval_visit_favourable',
        visitId: uuidv7(),
        assessedOn: today,
      });
      await waitFor(
        async () =>
          (await call<{ partnerStatus: string }>('GET', `/hosts/${host.id}`)).partnerStatus ===
          'awaiting_committee',
        {
          what: 'the host to await the committee',
        },
      );
      await decide('host_partner_approval', host.id, today);
      await waitFor(
        async () =>
          (await call<{ partnerStatus: string }>('GET', `/hosts/${host.id}`)).partnerStatus === 'approved',
        {
          what: 'the host to be approved',
        },
      );
      const siteId = host.sites[0]?.id ?? '';
      return { hostId: host.id, siteId };
    },
    async openPosition(host: { hostId: string; siteId: string }, overrides: Json = {}) {
      return call<{ id: string }>('POST', '/positions', {
        hostEmployerId: host.hostId,
        siteId: host.siteId,
        title: 'Aide-cuisine',
        tasks: 'Préparation des repas',
        requiredSkills: [],
        desiredSkills: ['cooking'],
        minLanguages: [{ code: 'fr', level: 'A2' }],
        schedule: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', to: '15:00' },
        physicalDemands: ['prolonged_standing'],
        drivingLicenceRequired: false,
        criminalRecordAcceptable: true,
        openings: 1,
        wishedStart: null,
        fillDeadline: null,
        ...overrides,
      });
    },
    /** Refers a person and prepares them until they are available for matching. */
    async availableCandidate(overrides: Json = {}) {
      const candidate = await call<{ id: string }>('POST', '/candidates', candidateReferral(overrides));
      await call('POST', `/candidates/${candidate.id}/transitions`, {
        to: 'in_preparation',
        reason: 'intake_started',
      });
      await call('POST', `/candidates/${candidate.id}/transitions`, {
        to: 'available',
        reason: 'ready_for_matching',
      });
      return candidate;
    },
    /** Presents one candidate, records the host's choice, proposes, and has the committee approve. */
    async engage(positionId: string, candidateId: string, startDate: string, today: string) {
      const shortlist = await call<{ id: string }>('POST', `/positions/${positionId}/shortlists`, {
        mode: 'single',
        candidateIds: [candidateId],
      });
      await call('POST', `/shortlists/${shortlist.id}/choice`, {
        chosenCandidateId: candidateId,
        others: [],
      });
      const proposal = await call<{ id: string }>('POST', '/engagement-proposals', {
        shortlistId: shortlist.id,
        startDate,
        weeklyHours: 38,
        payScale: 'E2',
      });
      await decide('engagement_proposal', proposal.id, today);
      return { shortlistId: shortlist.id, proposalId: proposal.id };
    },
  };
};
