import { describe, expect, it } from 'vitest';
import { recordDecision, correctDecision, type DecisionInput } from './decisions.ts';
import type { AgendaItem, Decision, Session } from './model.ts';
import { signItem } from './signature.ts';

const chair = 'a0000000-0000-7000-8000-000000000001';
const member = 'a0000000-0000-7000-8000-000000000002';
const other = 'a0000000-0000-7000-8000-000000000003';
const secretary = 'a0000000-0000-7000-8000-000000000004';
const officer = 'a0000000-0000-7000-8000-000000000005';

const session: Session = {
  id: 's-1',
  tenantId: 't-1',
  kind: 'isp',
  date: '2026-04-02',
  startsAt: '14:00',
  location: null,
  quorum: 2,
  status: 'planned',
  members: [
    { accountId: chair, displayName: 'Chair', role: 'chair', present: true },
    { accountId: member, displayName: 'Member', role: 'member', present: true },
    { accountId: other, displayName: 'Other', role: 'member', present: true },
    { accountId: secretary, displayName: 'Secretary', role: 'secretary', present: true },
  ],
};

/** An ended trial's three proposals, prepared by the placement officer and on the session's agenda. */
const item: AgendaItem = {
  id: 'i-1',
  tenantId: 't-1',
  kind: 'income_reopening',
  status: 'scheduled',
  sessionId: 's-1',
  position: 1,
  personId: 'p-1',
  title: null,
  requestedOn: '2026-03-21',
  preparation: {
    by: { id: officer, role: 'placement_officer' },
    at: '2026-03-25T10:00:00Z',
    assessment: 'transport',
  },
  proposals: [
    { id: 'pr-1', kind: 'take_note_of_trial_end', subject: { kind: 'trial_end', id: 'tp-1' }, text: null },
    {
      id: 'pr-2',
      kind: 'reopen_integration_income',
      subject: { kind: 'income_reopening', id: 'r-1' },
      text: null,
    },
    { id: 'pr-3', kind: 'continue_isp_follow_up', subject: { kind: 'isp_follow_up', id: 'f-1' }, text: null },
  ],
  decisions: [],
  conflictsOfInterest: [],
};

const unanimous: DecisionInput = { outcome: 'approved', vote: { kind: 'unanimous' }, dissent: [] };
const ctx = (id = 'd-1', actor = secretary) => ({
  decisionId: id,
  actor: { id: actor, role: 'committee_secretary' as const },
  now: '2026-04-02T15:00:00Z',
  today: '2026-04-02',
});
const decide = (given: AgendaItem, proposalId: string, input: Partial<DecisionInput> = {}, id = 'd-1') =>
  recordDecision(given, session, proposalId, { ...unanimous, ...input }, ctx(id));
const allDecided = (given: AgendaItem): AgendaItem => ({
  ...given,
  decisions: given.proposals.map((p, i) => decide(given, p.id, {}, `d-${String(i + 1)}`).decision),
});
const sign = (given: AgendaItem, signer = chair, acknowledgeConflicts = false, conflictCount = 0) =>
  signItem(given, new Map([[session.id, session]]), {
    signer: { id: signer, role: 'committee_member' },
    at: '2026-04-02T16:00:00Z',
    acknowledgeConflicts,
    conflictCount,
  });

describe('step two: the committee records its decision on a proposal', () => {
  it('given a prepared item on a held session with its quorum, when it approves unanimously, then the decision is recorded on the session day, unsigned', () => {
    const { decision, replaces } = decide(item, 'pr-2');
    expect(decision).toMatchObject({
      status: 'recorded',
      outcome: 'approved',
      decidedOn: '2026-04-02',
      signedBy: null,
    });
    expect(replaces).toBeNull();
  });

  it('given an item nobody prepared, when the committee decides, then it is refused: officers prepare, the committee decides', () => {
    expect(() => decide({ ...item, preparation: null }, 'pr-2')).toThrow(
      expect.objectContaining({ code: 'ITEM_NOT_PREPARED' }),
    );
  });

  it('given a session in the future, or without its quorum, then no decision can be taken in it', () => {
    expect(() => recordDecision(item, { ...session, date: '2026-04-09' }, 'pr-2', unanimous, ctx())).toThrow(
      expect.objectContaining({ code: 'SESSION_NOT_HELD_YET' }),
    );
    const absent = {
      ...session,
      members: session.members.map((m) => ({ ...m, present: m.accountId === chair })),
    };
    expect(() => recordDecision(item, absent, 'pr-2', unanimous, ctx())).toThrow(
      expect.objectContaining({ code: 'QUORUM_NOT_MET' }),
    );
  });

  it('when it refuses or amends without its reasons, then it is refused, naming the field', () => {
    expect(() =>
      decide(item, 'pr-2', { outcome: 'refused', vote: { kind: 'counts', for: 0, against: 3, abstain: 0 } }),
    ).toThrow(expect.objectContaining({ code: 'REASON_REQUIRED', field: 'reasonCode' }));
    expect(() => decide(item, 'pr-2', { outcome: 'amended', reasonCode: 'later_start' })).toThrow(
      expect.objectContaining({ code: 'REASON_REQUIRED', field: 'reasonText' }),
    );
  });

  it('when it amends a reopening, then only what income-continuity understands may change', () => {
    const reasons = { reasonCode: 'later_start', reasonText: 'Le contrat court jusqu’au 31 mars.' };
    expect(
      decide(item, 'pr-2', { outcome: 'amended', ...reasons, amendments: { effectiveFrom: '2026-04-01' } })
        .decision.amendments,
    ).toEqual({
      effectiveFrom: '2026-04-01',
    });
    expect(() => decide(item, 'pr-2', { outcome: 'amended', ...reasons, amendments: { amount: 1 } })).toThrow(
      expect.objectContaining({ code: 'AMENDMENT_NOT_SUPPORTED' }),
    );
    expect(() =>
      decide(item, 'pr-2', { outcome: 'amended', ...reasons, amendments: { category: 'rich' } }),
    ).toThrow(expect.objectContaining({ code: 'AMENDMENT_INVALID' }));
    expect(() => decide(item, 'pr-1', { outcome: 'amended', ...reasons, amendments: { text: 'x' } })).toThrow(
      expect.objectContaining({ code: 'OUTCOME_NOT_SUPPORTED' }),
    );
  });

  it('given a member who declared a conflict of interest, then they cannot record, dissent, or be counted among the voters', () => {
    const conflicted = { ...item, conflictsOfInterest: [member] };
    expect(() => recordDecision(conflicted, session, 'pr-2', unanimous, ctx('d-1', member))).toThrow(
      expect.objectContaining({ code: 'MEMBER_HAS_CONFLICT' }),
    );
    const dissenting = {
      vote: { kind: 'counts', for: 1, against: 1, abstain: 0 },
      dissent: [{ accountId: member, text: 'non' }],
    } as const;
    expect(() =>
      decide(conflicted, 'pr-2', { vote: { kind: 'counts', for: 2, against: 0, abstain: 0 } }),
    ).not.toThrow();
    expect(() => decide(conflicted, 'pr-2', dissenting)).toThrow(
      expect.objectContaining({ code: 'MEMBER_HAS_CONFLICT' }),
    );
    expect(() =>
      decide(conflicted, 'pr-2', { vote: { kind: 'counts', for: 3, against: 0, abstain: 0 } }),
    ).toThrow(expect.objectContaining({ code: 'VOTES_EXCEED_ELIGIBLE' }));
  });

  it('when the counts contradict the outcome, or a unanimous vote has a dissent, then it is refused', () => {
    expect(() => decide(item, 'pr-2', { vote: { kind: 'counts', for: 1, against: 2, abstain: 0 } })).toThrow(
      expect.objectContaining({ code: 'VOTE_CONTRADICTS_OUTCOME' }),
    );
    expect(() => decide(item, 'pr-2', { dissent: [{ accountId: other, text: 'non' }] })).toThrow(
      expect.objectContaining({ code: 'DISSENT_CONTRADICTS_UNANIMITY' }),
    );
  });

  it('when a dissent is recorded with its author, then it is kept with the decision', () => {
    const { decision } = decide(item, 'pr-2', {
      vote: { kind: 'counts', for: 2, against: 1, abstain: 0 },
      dissent: [{ accountId: other, text: 'Une formation d’abord.' }],
    });
    expect(decision.dissent).toEqual([{ accountId: other, text: 'Une formation d’abord.' }]);
  });

  it('given an unsigned record, when the committee records again, then the new one replaces it', () => {
    const first = decide(item, 'pr-2').decision;
    expect(decide({ ...item, decisions: [first] }, 'pr-2', {}, 'd-2').replaces).toBe(first.id);
  });
});

describe('the signature', () => {
  it('given every proposal recorded, when a present member who did not prepare signs, then all are final and the item is decided', () => {
    const { signed, decided } = sign(allDecided(item));
    expect(signed.map((d) => [d.status, d.signedBy])).toEqual([
      ['signed', chair],
      ['signed', chair],
      ['signed', chair],
    ]);
    expect(decided).toBe(true);
  });

  it('when a proposal has no decision yet, then nothing is signed', () => {
    const partial = { ...item, decisions: [decide(item, 'pr-2').decision] };
    expect(() => sign(partial)).toThrow(expect.objectContaining({ code: 'DECISIONS_MISSING' }));
  });

  it('when the preparer signs, or a member with a conflict, or someone absent, then it is refused', () => {
    const ready = allDecided(item);
    expect(() =>
      sign({
        ...ready,
        preparation: {
          at: '2026-03-25T10:00:00Z',
          assessment: 'x',
          by: { id: chair, role: 'committee_secretary' },
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'SIGNER_PREPARED_ITEM' }));
    expect(() => sign({ ...ready, conflictsOfInterest: [chair] })).toThrow(
      expect.objectContaining({ code: 'MEMBER_HAS_CONFLICT' }),
    );
    expect(() => sign(ready, secretary)).toThrow(
      expect.objectContaining({ code: 'SIGNER_NOT_PRESENT_MEMBER' }),
    );
  });

  it('given conflicting decisions about the person elsewhere, then the signer must acknowledge them', () => {
    const ready = allDecided(item);
    expect(() => sign(ready, chair, false, 1)).toThrow(
      expect.objectContaining({ code: 'CONFLICTS_NOT_ACKNOWLEDGED' }),
    );
    expect(sign(ready, chair, true, 1).decided).toBe(true);
  });

  it('given a conflict declared after the vote was recorded, then the vote is checked again at signature', () => {
    const ready = allDecided(item);
    const counted = {
      ...ready,
      decisions: ready.decisions.map((d) => ({
        ...d,
        vote: { kind: 'counts' as const, for: 3, against: 0, abstain: 0 },
      })),
      conflictsOfInterest: [other],
    };
    expect(() => sign(counted)).toThrow(expect.objectContaining({ code: 'VOTES_EXCEED_ELIGIBLE' }));
  });
});

describe('a correction', () => {
  const signedItem = (): AgendaItem => {
    const ready = allDecided(item);
    return { ...ready, status: 'decided', decisions: sign(ready).signed };
  };
  const original = (given: AgendaItem): Decision => {
    const found = given.decisions.find((d) => d.proposalId === 'pr-2');
    if (!found) throw new Error('no decision on the RI');
    return found;
  };
  const correction: DecisionInput = {
    outcome: 'amended',
    reasonCode: 'contract_end_confirmed',
    reasonText: 'Le dernier jour de travail était le 31 mars.',
    amendments: { effectiveFrom: '2026-04-01' },
    vote: { kind: 'unanimous' },
    dissent: [],
  };

  it('given a signed decision, when the committee corrects it, then a new decision refers to it and the first stays as it was', () => {
    const given = signedItem();
    const { decision } = correctDecision(given, original(given), session, correction, ctx('d-9'));
    expect(decision).toMatchObject({
      status: 'recorded',
      correctsDecisionId: original(given).id,
      outcome: 'amended',
    });
    expect(original(given).status).toBe('signed');
  });

  it('when it approves a correction without reasons, then it is refused: a correction always says why', () => {
    const given = signedItem();
    expect(() => correctDecision(given, original(given), session, unanimous, ctx('d-9'))).toThrow(
      expect.objectContaining({ code: 'REASON_REQUIRED' }),
    );
  });

  it('given a signed proposal, when the committee records a first decision again, then it is told to correct it instead', () => {
    expect(() => decide(signedItem(), 'pr-2', {}, 'd-9')).toThrow(
      expect.objectContaining({ code: 'ITEM_NOT_ON_SESSION' }),
    );
    expect(() => decide({ ...signedItem(), status: 'scheduled' }, 'pr-2', {}, 'd-9')).toThrow(
      expect.objectContaining({ code: 'PROPOSAL_ALREADY_DECIDED' }),
    );
  });
});
