import {
  buildEvent,
  EngagementProposedV1,
  HostEmployerRegisteredV1,
  HostPartnerApprovalRequestedV1,
  IncomeReopenedV1,
  IncomeReopenedV2,
  PlacementEndedV1,
  TOPICS,
  TrialEndedV1,
  type DataInputOf,
  type EventDefinition,
} from '@relais/contracts';
import { belgianDay, type BaseConfig, type UserRole } from '@relais/service-kit';
import {
  authHeaders,
  produceEvents,
  readTopic,
  startTestService,
  testKafka,
  waitFor,
  type TestService,
} from '@relais/testing';
import { PDFParse } from 'pdf-parse';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { committeeService } from '../src/service.ts';

const tenantId = '0190a000-0000-7000-8000-0000000000c8';
const infra = {
  kafkaBrokers: inject('kafkaBrokers'),
  postgresUrl: inject('postgresUrl'),
  redisUrl: inject('redisUrl'),
};
const kafka = testKafka(infra.kafkaBrokers);
let committee: TestService<BaseConfig>;

const DAY_MS = 86_400_000;
const today = belgianDay(new Date());
const daysAgo = (n: number) => belgianDay(new Date(Date.now() - n * DAY_MS));

const user = (roles: UserRole | UserRole[]) => ({ tenantId, roles, userId: uuidv7() });
const secretary = user('committee_secretary');
const chair = user('committee_member');
const member = user('committee_member');
const third = user('committee_member');
const officer = user('placement_officer');
const worker = user('social_worker');
const admin = user('cpas_admin');
type Caller = ReturnType<typeof user>;

const api = async <T = Record<string, unknown>>(
  caller: Caller,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: object,
) => {
  const res = await committee.service.app.inject({
    method,
    url,
    headers: await authHeaders(caller),
    ...(payload ? { payload } : {}),
  });
  const json = String(res.headers['content-type']).includes('json');
  return { status: res.statusCode, body: (json ? res.json<T>() : undefined) as T, raw: res };
};

const publish = async <D extends EventDefinition>(
  definition: D,
  data: DataInputOf<D>,
  options: { key?: string; occurredAt?: string } = {},
) => {
  const event = buildEvent(definition, {
    id: uuidv7(),
    occurredAt: options.occurredAt ?? new Date().toISOString(),
    tenantId,
    aggregateId: options.key ?? uuidv7(),
    correlationId: uuidv7(),
    causationId: null,
    data,
  });
  await produceEvents(kafka, committee.prefix, [event]);
  return event;
};

interface Proposal {
  id: string;
  kind: string;
  subject: { kind: string; id: string };
  amendable: string[];
}
interface Decision {
  id: string;
  proposalId: string;
  proposalKind: string | null;
  subjectKind: string | null;
  status: string;
  outcome: string;
  correctsDecisionId: string | null;
  correctedBy: string | null;
  signedBy: string | null;
  recordedBy: { id: string; role: string };
  dissent: { accountId: string; displayName: string | null; text: string }[];
}
interface Item {
  id: string;
  kind: string;
  status: string;
  personId: string | null;
  sessionId: string | null;
  prepared: boolean;
  proposals: Proposal[];
  deadlines: { kind: string; state: string; dueOn: string; decisionId: string | null }[];
  flagged: boolean;
  conflicts: { rule: string; otherItemId: string }[];
  postponements: number;
  caseSummary: Record<string, unknown>;
  preparation: { by: { id: string; role: string }; assessment: string } | null;
  decisions: Decision[];
  financialEffect: { options: { outcome: string; monthlyCostCents: number | null }[] } | null;
  history: { kind: string; details: Record<string, unknown> }[];
}

const agenda = async (query = '') =>
  (await api<{ items: Item[] }>(secretary, 'GET', `/agenda${query}`)).body.items;
const item = async (id: string) => (await api<Item>(secretary, 'GET', `/agenda/items/${id}`)).body;
const itemOf = (personId: string, kind?: string) =>
  waitFor(async () => (await agenda(`?personId=${personId}`)).find((i) => !kind || i.kind === kind), {
    what: `the agenda item of ${personId}`,
  });

const newSession = async (date = today) => {
  const res = await api<{ id: string }>(secretary, 'POST', '/sessions', {
    kind: 'isp',
    date,
    startsAt: '14:00',
    location: 'Salle du conseil',
    quorum: 2,
    members: [
      { accountId: chair.userId, displayName: 'Mme Présidente', role: 'chair' },
      { accountId: member.userId, displayName: 'M. Membre', role: 'member' },
      { accountId: third.userId, displayName: 'Mme Troisième', role: 'member' },
      { accountId: secretary.userId, displayName: 'M. Secrétaire', role: 'secretary' },
    ],
  });
  expect(res.status).toBe(201);
  return res.body.id;
};

const ids = () => ({
  reopeningId: uuidv7(),
  personId: uuidv7(),
  placementId: uuidv7(),
  trialPeriodId: uuidv7(),
  followUpId: uuidv7(),
});

/** An ended trial: its analysis (trial-period) and its reopening with the three proposals (income-continuity). */
const endedTrial = async () => {
  const c = ids();
  await publish(TrialEndedV1, {
    trialPeriodId: c.trialPeriodId,
    placementId: c.placementId,
    personId: c.personId,
    placementStartDate: daysAgo(40),
    outcome: 'not_conclusive',
    lastWorkedDay: daysAgo(2),
    reasonCode: 'transport',
    initiatedBy: 'worker',
    officerAnalysis: 'Pas de bus tôt le matin vers le site; une formation logistique est possible.',
  });
  await publish(IncomeReopenedV1, {
    ...c,
    effectiveFrom: daysAgo(1),
    proposals: ['take_note_of_trial_end', 'reopen_integration_income', 'continue_isp_follow_up'],
  });
  const found = await itemOf(c.personId, 'income_reopening');
  return { ...c, itemId: found.id };
};

const unanimous = { outcome: 'approved', vote: { kind: 'unanimous' } };
const decideAll = async (itemId: string, by: Caller = secretary) => {
  for (const p of (await item(itemId)).proposals) {
    const res = await api(by, 'POST', `/agenda/items/${itemId}/decisions`, {
      proposalId: p.id,
      ...unanimous,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
};
const committeeEvents = async () =>
  (await readTopic(kafka, TOPICS.committee, committee.prefix)).map(
    (m) =>
      JSON.parse(m.value ?? '{}') as {
        type: string;
        version: number;
        data: Record<string, unknown> & { subject: { kind: string; id: string }; decisionId: string };
      },
  );

const pdfText = async (pdf: Buffer) => {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
};

describe('committee: from the events that need a decision to the signed decision and its minutes', () => {
  beforeAll(async () => {
    committee = await startTestService(committeeService, infra);
  });
  afterAll(async () => {
    await committee.close();
  });

  it('puts an ended trial on the agenda with its three proposals and the officer’s analysis, then prepare → decide → sign emits the decisions', async () => {
    const trial = await endedTrial();
    const pending = await item(trial.itemId);
    expect(pending).toMatchObject({ status: 'pending', prepared: false, personId: trial.personId });
    expect(pending.proposals.map((p) => [p.kind, p.subject])).toEqual([
      ['take_note_of_trial_end', { kind: 'trial_end', id: trial.trialPeriodId }],
      ['reopen_integration_income', { kind: 'income_reopening', id: trial.reopeningId }],
      ['continue_isp_follow_up', { kind: 'isp_follow_up', id: trial.followUpId }],
    ]);
    const withAnalysis = await waitFor(async () => {
      const i = await item(trial.itemId);
      return i.caseSummary.trial ? i : undefined;
    });
    expect(withAnalysis.caseSummary.trial).toMatchObject({
      reasonCode: 'transport',
      officerAnalysis: expect.stringContaining('bus'),
    });

    const sessionId = await newSession();
    expect(
      (await api(secretary, 'POST', `/sessions/${sessionId}/items`, { itemId: trial.itemId })).status,
    ).toBe(200);
    const first = (await item(trial.itemId)).proposals[1];
    const early = await api(secretary, 'POST', `/agenda/items/${trial.itemId}/decisions`, {
      proposalId: first?.id,
      ...unanimous,
    });
    expect(early.body).toMatchObject({ status: 409, code: 'ITEM_NOT_PREPARED' });

    const prepared = await api<Item>(officer, 'POST', `/agenda/items/${trial.itemId}/preparation`, {
      assessment: 'Essai non concluant pour raison de transport; la personne reste motivée.',
    });
    expect(prepared.body.preparation).toMatchObject({
      by: { id: officer.userId, role: 'placement_officer' },
    });
    await decideAll(trial.itemId);
    const signed = await api<Item>(chair, 'POST', `/agenda/items/${trial.itemId}/signature`, {});
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.status).toBe('decided');
    expect(signed.body.decisions.map((d) => [d.status, d.signedBy, d.recordedBy.id])).toEqual(
      Array(3).fill(['signed', chair.userId, secretary.userId]),
    );

    const events = await waitFor(async () => {
      const all = (await committeeEvents()).filter((e) =>
        signed.body.decisions.some((d) => d.id === e.data.decisionId),
      );
      return all.length === 3 ? all : undefined;
    });
    expect(events.map((e) => [e.version, e.data.subject.kind]).sort()).toEqual([
      [1, 'income_reopening'],
      [1, 'trial_end'],
      [2, 'isp_follow_up'],
    ]);
    const ri = events.find((e) => e.data.subject.kind === 'income_reopening');
    expect(ri?.data).toMatchObject({
      subject: { id: trial.reopeningId },
      outcome: 'approved',
      decidedOn: today,
      amendments: null,
    });
  });

  it('keeps a signed decision immutable, and a correction is a new decision referring to it, emitted as v2', async () => {
    const trial = await endedTrial();
    const sessionId = await newSession();
    await api(secretary, 'POST', `/sessions/${sessionId}/items`, { itemId: trial.itemId });
    await api(officer, 'POST', `/agenda/items/${trial.itemId}/preparation`, { assessment: 'Préparé.' });
    await decideAll(trial.itemId);
    const signed = (await api<Item>(chair, 'POST', `/agenda/items/${trial.itemId}/signature`, {})).body;
    const ri = signed.decisions.find((d) => d.proposalId === signed.proposals[1]?.id);
    if (!ri) throw new Error('no RI decision');

    const again = await api(secretary, 'POST', `/agenda/items/${trial.itemId}/decisions`, {
      proposalId: ri.proposalId,
      ...unanimous,
    });
    expect(again.body).toMatchObject({ status: 409, code: 'ITEM_NOT_ON_SESSION' });
    await expect(
      committee.db.query(`UPDATE decisions SET outcome = 'refused' WHERE id = $1`, [ri.id]),
    ).rejects.toThrow(/signed and final/);
    await expect(committee.db.query('DELETE FROM decisions WHERE id = $1', [ri.id])).rejects.toThrow(
      /signed and final/,
    );

    const correction = await api<Item>(member, 'POST', `/decisions/${ri.id}/corrections`, {
      sessionId,
      outcome: 'amended',
      reasonCode: 'last_worked_day_confirmed',
      reasonText: 'La paie confirme un dernier jour de travail plus tardif.',
      amendments: { effectiveFrom: today },
      vote: { kind: 'counts', for: 2, against: 1, abstain: 0 },
      dissent: [{ accountId: third.userId, text: 'La date initiale était juste.' }],
    });
    expect(correction.status, JSON.stringify(correction.body)).toBe(200);
    const draft = correction.body.decisions.find((d) => d.correctsDecisionId === ri.id);
    expect(draft).toMatchObject({
      status: 'recorded',
      dissent: [{ accountId: third.userId, displayName: 'Mme Troisième' }],
    });
    const signedCorrection = await api<Item>(chair, 'POST', `/agenda/items/${trial.itemId}/signature`, {});
    expect(signedCorrection.body.decisions.find((d) => d.id === ri.id)).toMatchObject({
      status: 'signed',
      outcome: 'approved',
      correctedBy: draft?.id,
    });
    const v2 = await waitFor(async () =>
      (await committeeEvents()).find((e) => e.data.decisionId === draft?.id),
    );
    expect(v2).toMatchObject({
      version: 2,
      data: {
        correctsDecisionId: ri.id,
        subject: { kind: 'income_reopening', id: trial.reopeningId },
        amendments: { effectiveFrom: today },
        personId: trial.personId,
      },
    });
  });

  it('refuses a member with a declared conflict of interest, and the preparer as signer', async () => {
    const trial = await endedTrial();
    const sessionId = await newSession();
    await api(secretary, 'POST', `/sessions/${sessionId}/items`, { itemId: trial.itemId });
    const both = user(['committee_secretary', 'committee_member']);
    await api(secretary, 'PUT', `/sessions/${sessionId}/members`, {
      members: [
        { accountId: chair.userId, displayName: 'Mme Présidente', role: 'chair' },
        { accountId: member.userId, displayName: 'M. Membre', role: 'member' },
        { accountId: third.userId, displayName: 'Mme Troisième', role: 'member', present: false },
        { accountId: both.userId, displayName: 'M. Double', role: 'member' },
      ],
    });
    await api(both, 'POST', `/agenda/items/${trial.itemId}/preparation`, {
      assessment: 'Préparé par le secrétariat.',
    });
    const forOther = await api(member, 'POST', `/agenda/items/${trial.itemId}/conflicts-of-interest`, {
      accountId: chair.userId,
    });
    expect(forOther.body).toMatchObject({ status: 403, code: 'DECLARE_FOR_YOURSELF' });
    const declared = await api<Item>(member, 'POST', `/agenda/items/${trial.itemId}/conflicts-of-interest`, {
      accountId: member.userId,
      reason: 'Lien familial avec la personne',
    });
    expect(declared.status).toBe(200);
    const [p1] = declared.body.proposals;
    const byConflicted = await api(member, 'POST', `/agenda/items/${trial.itemId}/decisions`, {
      proposalId: p1?.id,
      ...unanimous,
    });
    expect(byConflicted.body).toMatchObject({ status: 409, code: 'MEMBER_HAS_CONFLICT' });
    const dissentOfConflicted = await api(secretary, 'POST', `/agenda/items/${trial.itemId}/decisions`, {
      proposalId: p1?.id,
      outcome: 'approved',
      vote: { kind: 'counts', for: 1, against: 1, abstain: 0 },
      dissent: [{ accountId: member.userId, text: 'contre' }],
    });
    expect(dissentOfConflicted.body).toMatchObject({ status: 409, code: 'MEMBER_HAS_CONFLICT' });
    const tooMany = await api(secretary, 'POST', `/agenda/items/${trial.itemId}/decisions`, {
      proposalId: p1?.id,
      outcome: 'approved',
      vote: { kind: 'counts', for: 3, against: 0, abstain: 0 },
    });
    expect(tooMany.body).toMatchObject({ status: 422, code: 'VOTES_EXCEED_ELIGIBLE' });
    await decideAll(trial.itemId);
    expect((await api(both, 'POST', `/agenda/items/${trial.itemId}/signature`, {})).body).toMatchObject({
      code: 'SIGNER_PREPARED_ITEM',
    });
    expect((await api(member, 'POST', `/agenda/items/${trial.itemId}/signature`, {})).body).toMatchObject({
      code: 'MEMBER_HAS_CONFLICT',
    });
    expect((await api(third, 'POST', `/agenda/items/${trial.itemId}/signature`, {})).body).toMatchObject({
      code: 'SIGNER_NOT_PRESENT_MEMBER',
    });
    expect((await api(chair, 'POST', `/agenda/items/${trial.itemId}/signature`, {})).status).toBe(200);
  });

  it('merges an early contract end with its reopening into one item, whatever the order, and ignores a re-emitted fact', async () => {
    const c = ids();
    const reopened = {
      ...c,
      trialPeriodId: null,
      cause: 'contract_ended_early' as const,
      lastWorkedDay: daysAgo(3),
      effectiveFrom: daysAgo(2),
      category: 'single' as const,
      proposals: [
        'take_note_of_contract_end',
        'reopen_integration_income',
        'continue_isp_follow_up',
      ] as const,
    };
    const sent = [
      await publish(IncomeReopenedV2, { ...reopened, proposals: [...reopened.proposals] }),
      await publish(PlacementEndedV1, {
        placementId: c.placementId,
        personId: c.personId,
        lastWorkedDay: daysAgo(3),
        reason: 'ended_early',
      }),
      await publish(IncomeReopenedV2, { ...reopened, proposals: [...reopened.proposals] }),
    ];
    await waitFor(
      async () => {
        const { rows } = await committee.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1)',
          [sent.map((e) => e.id)],
        );
        return rows[0]?.n === 3;
      },
      { what: 'the three events applied' },
    );
    const one = await agenda(`?personId=${c.personId}`);
    expect(one).toHaveLength(1);
    expect(one[0]?.kind).toBe('income_reopening');
    expect(one[0]?.proposals.map((p) => p.kind)).toEqual([
      'take_note_of_contract_end',
      'reopen_integration_income',
      'continue_isp_follow_up',
    ]);

    const end = ids();
    await publish(PlacementEndedV1, {
      placementId: end.placementId,
      personId: end.personId,
      lastWorkedDay: daysAgo(3),
      reason: 'ended_early',
    });
    const early = await itemOf(end.personId);
    expect(early.kind).toBe('contract_early_end');
    await publish(IncomeReopenedV2, {
      ...reopened,
      ...end,
      trialPeriodId: null,
      proposals: [...reopened.proposals],
    });
    const merged = await waitFor(async () => {
      const i = await item(early.id);
      return i.proposals.length === 3 ? i : undefined;
    });
    expect(merged.kind).toBe('income_reopening');
    expect(merged.history.map((h) => h.kind)).toEqual(['requested', 'proposals_added']);
  });

  it('shows the legal deadlines from the CPAS’s effective-dated settings and flags items near or past them', async () => {
    const hostEmployerId = uuidv7();
    await publish(HostEmployerRegisteredV1, {
      hostEmployerId,
      enterpriseNumber: '0403.170.701',
      name: 'ASBL Les Jardins',
      legalType: 'asbl',
      sector: 'green_spaces',
      sites: [{ siteId: uuidv7(), name: 'Serre', address: 'Rue des Serres 1', commune: 'Démo-Ville' }],
    });
    await publish(HostPartnerApprovalRequestedV1, {
      hostEmployerId,
      enterpriseNumber: '0403.170.701',
      requestedOn: daysAgo(35),
    });
    const host = await waitFor(async () =>
      (await agenda('?kind=host_partner_approval')).find(
        (i) => i.proposals[0]?.subject.id === hostEmployerId,
      ),
    );
    expect(host.deadlines[0]).toMatchObject({ kind: 'decision', state: 'overdue', dueOn: daysAgo(5) });
    expect(host.flagged).toBe(true);
    expect((await item(host.id)).caseSummary.host).toMatchObject({ name: 'ASBL Les Jardins' });

    const personId = uuidv7();
    await publish(
      EngagementProposedV1,
      {
        proposalId: uuidv7(),
        personId,
        hostEmployerId,
        positionId: uuidv7(),
        startDate: daysAgo(-20),
        endDate: daysAgo(-400),
        weeklyHours: 38,
        payScale: 'E2',
        hostDeadline: daysAgo(-40),
      },
      { occurredAt: new Date(Date.now() - 25 * DAY_MS).toISOString() },
    );
    const engagement = await itemOf(personId, 'engagement_proposal');
    expect(engagement.deadlines.map((d) => [d.kind, d.state])).toEqual([
      ['decision', 'near'],
      ['host', 'open'],
    ]);

    const set = await api(admin, 'POST', '/settings/deadlines', {
      effectiveFrom: '2000-01-01',
      decisionDays: 60,
      notificationDays: 8,
      warningDays: 3,
    });
    expect(set.status).toBe(200);
    expect((await item(host.id)).deadlines[0]).toMatchObject({ state: 'open', dueOn: daysAgo(-25) });
    expect((await agenda('?flagged=true')).map((i) => i.id)).not.toContain(host.id);

    expect((await item(engagement.id)).financialEffect).toBeNull();
    await api(admin, 'POST', '/settings/costs', {
      effectiveFrom: '2000-01-01',
      riMonthlyCostCents: { cohabitant: 60000, single: 90000, with_dependants: 120000 },
      placementMonthlyCostCents: 45000,
    });
    expect((await item(engagement.id)).financialEffect?.options).toEqual([
      expect.objectContaining({ outcome: 'approved', monthlyCostCents: 45000 }),
      expect.objectContaining({ outcome: 'refused', monthlyCostCents: null }),
    ]);
  });

  it('shows a sanction proposed while the RI is reopened for the same person, and the signer must acknowledge it', async () => {
    const trial = await endedTrial();
    const sanction = await api<Item>(secretary, 'POST', '/agenda/items', {
      title: 'Proposition de sanction du service social',
      personId: trial.personId,
      requestedOn: today,
      proposals: [
        { kind: 'integration_income_sanction', text: 'Sanction d’un mois pour refus de collaborer' },
      ],
    });
    expect(sanction.status).toBe(201);
    expect(sanction.body.conflicts).toEqual([
      expect.objectContaining({ rule: 'sanction_while_income_reopened', otherItemId: trial.itemId }),
    ]);
    expect((await item(trial.itemId)).conflicts).toEqual([
      expect.objectContaining({ otherItemId: sanction.body.id }),
    ]);
    const sessionId = await newSession();
    await api(secretary, 'POST', `/sessions/${sessionId}/items`, { itemId: trial.itemId });
    await api(worker, 'POST', `/agenda/items/${trial.itemId}/preparation`, {
      assessment: 'Le service social confirme le besoin de revenu.',
    });
    await decideAll(trial.itemId);
    expect((await api(chair, 'POST', `/agenda/items/${trial.itemId}/signature`, {})).body).toMatchObject({
      code: 'CONFLICTS_NOT_ACKNOWLEDGED',
    });
    expect(
      (await api(chair, 'POST', `/agenda/items/${trial.itemId}/signature`, { acknowledgeConflicts: true }))
        .status,
    ).toBe(200);
    const wrongKind = await api(officer, 'POST', `/agenda/items/${sanction.body.id}/preparation`, {
      assessment: 'x',
    });
    expect(wrongKind.body).toMatchObject({ status: 403, code: 'ITEM_KIND_NOT_YOURS' });
  });

  it('postpones with a reason (never silently), orders the agenda, closes the session, and gives minutes in French and Dutch', async () => {
    const trial = await endedTrial();
    const other = await endedTrial();
    const sessionId = await newSession();
    const later = await newSession(daysAgo(-14));
    await api(secretary, 'POST', `/sessions/${sessionId}/items`, { itemId: trial.itemId });
    await api(secretary, 'POST', `/sessions/${sessionId}/items`, { itemId: other.itemId, position: 1 });
    const ordered = await api<{ items: Item[] }>(secretary, 'PUT', `/sessions/${sessionId}/order`, {
      itemIds: [trial.itemId, other.itemId],
    });
    expect(ordered.body.items.map((i) => i.id)).toEqual([trial.itemId, other.itemId]);

    await api(officer, 'POST', `/agenda/items/${trial.itemId}/preparation`, { assessment: 'Préparé.' });
    const props = (await item(trial.itemId)).proposals;
    for (const [i, p] of props.entries())
      await api(secretary, 'POST', `/agenda/items/${trial.itemId}/decisions`, {
        proposalId: p.id,
        ...(i === 1
          ? {
              outcome: 'refused',
              reasonCode: 'resources_above_threshold',
              reasonText: 'Les ressources du ménage dépassent le seuil.',
              vote: { kind: 'counts', for: 1, against: 2, abstain: 0 },
              dissent: [{ accountId: third.userId, text: 'Je soutiens la prolongation.' }],
            }
          : unanimous),
      });
    expect((await api(secretary, 'POST', `/sessions/${sessionId}/closure`)).raw.json()).toMatchObject({
      code: 'ITEMS_LEFT_UNDECIDED',
    });
    expect((await api(chair, 'POST', `/agenda/items/${trial.itemId}/signature`, {})).status).toBe(200);
    const noReason = await api(secretary, 'POST', `/agenda/items/${other.itemId}/postponement`, {});
    expect(noReason.status).toBe(400);
    const postponed = await api<Item>(secretary, 'POST', `/agenda/items/${other.itemId}/postponement`, {
      reason: 'Dossier incomplet : attestation de la paie attendue',
      toSessionId: later,
    });
    expect(postponed.body).toMatchObject({ status: 'scheduled', sessionId: later, postponements: 1 });
    expect(postponed.body.history.at(-1)).toMatchObject({
      kind: 'postponed',
      details: { reason: expect.stringContaining('paie') },
    });
    expect((await api(secretary, 'POST', `/sessions/${sessionId}/closure`)).body).toMatchObject({
      status: 'closed',
    });

    const fr = await api(member, 'GET', `/sessions/${sessionId}/minutes?lang=fr`);
    expect(fr.status).toBe(200);
    expect(fr.raw.headers['content-type']).toBe('application/pdf');
    expect(fr.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const frText = await pdfText(fr.raw.rawPayload);
    for (const words of [
      'Procès-verbal de la séance',
      'Comité spécial de l',
      'Prendre acte de la fin de la période d',
      'Prolonger le revenu d',
      'Refusé',
      'Les ressources du ménage dépassent le seuil.',
      'Avis divergent de Mme Troisième',
      'Points reportés',
      'Dossier incomplet',
      'à l',
    ])
      expect(frText).toContain(words);
    const nl = await api(member, 'GET', `/sessions/${sessionId}/minutes?lang=nl`);
    const nlText = await pdfText(nl.raw.rawPayload);
    for (const words of [
      'Notulen van de zitting',
      'Bijzonder comité',
      'Het leefloon verlengen',
      'Geweigerd',
      'Afwijkende mening van Mme Troisième',
      'Uitgestelde punten',
    ])
      expect(nlText).toContain(words);
    const audit = await committee.db.query<{ person_ids: string[] }>(
      `SELECT person_ids FROM audit_log WHERE route = '/sessions/:sessionId/minutes' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit.rows[0]?.person_ids).toEqual(expect.arrayContaining([trial.personId, other.personId]));
    // Each change of the item is one audit row, committed with it and naming the item's person.
    const changes = await committee.db.query<{ route: string; rows: number; named: boolean }>(
      `SELECT route, count(*)::int AS rows, bool_and($1 = ANY(person_ids)) AS named FROM audit_log
        WHERE action = 'change' AND method = 'POST' AND record_id = $2 GROUP BY correlation_id, route`,
      [trial.personId, trial.itemId],
    );
    expect(changes.rows.map((r) => r.route)).toContain('/agenda/items/:itemId/decisions');
    expect(changes.rows.filter((r) => r.rows !== 1 || !r.named)).toEqual([]);
  });

  it('records the person’s notification against its 8-day deadline, and lists a person’s decisions for their social worker', async () => {
    const trial = await endedTrial();
    const sessionId = await newSession();
    await api(secretary, 'POST', `/sessions/${sessionId}/items`, { itemId: trial.itemId });
    await api(officer, 'POST', `/agenda/items/${trial.itemId}/preparation`, { assessment: 'Préparé.' });
    await decideAll(trial.itemId);
    const signed = (await api<Item>(chair, 'POST', `/agenda/items/${trial.itemId}/signature`, {})).body;
    expect(signed.deadlines.filter((d) => d.kind === 'notification').map((d) => [d.state, d.dueOn])).toEqual(
      Array(3).fill(['open', daysAgo(-8)]),
    );
    const first = signed.decisions[0];
    const notified = await api<Item>(secretary, 'POST', `/decisions/${first?.id}/notification`, {
      notifiedOn: today,
      channel: 'letter',
    });
    expect(notified.body.deadlines.find((d) => d.decisionId === first?.id)?.state).toBe('met');
    expect(
      (
        await api(secretary, 'POST', `/decisions/${first?.id}/notification`, {
          notifiedOn: today,
          channel: 'letter',
        })
      ).body,
    ).toMatchObject({
      code: 'ALREADY_NOTIFIED',
    });
    const forWorker = await api<{ items: Decision[] }>(
      worker,
      'GET',
      `/decisions?personId=${trial.personId}`,
    );
    expect(forWorker.body.items).toHaveLength(3);
    // Each says what it decided: the person's timeline in the admin UI words it from these.
    expect(forWorker.body.items.map((d) => [d.proposalKind, d.subjectKind]).sort()).toEqual([
      ['continue_isp_follow_up', 'isp_follow_up'],
      ['reopen_integration_income', 'income_reopening'],
      ['take_note_of_trial_end', 'trial_end'],
    ]);
    const audit = await api<{ items: { route: string; actorId: string }[] }>(
      admin,
      'GET',
      `/audit-log?personId=${trial.personId}`,
    );
    expect(audit.body.items.map((i) => [i.route, i.actorId])).toContainEqual(['/decisions', worker.userId]);
    expect(audit.body.items.map((i) => i.route)).toContain('/agenda/items/:itemId');
  });
});
