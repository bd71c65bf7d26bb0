import { describe, expect, it } from 'vitest';
import { conflictsOf } from './conflicts.ts';
import { financialEffect } from './financial.ts';
import { fromIncomeReopened, fromPlacementEnded, mergeDraft } from './intake.ts';

const ids = {
  reopeningId: '01900000-0000-7000-8000-000000000001',
  personId: '01900000-0000-7000-8000-000000000002',
  placementId: '01900000-0000-7000-8000-000000000003',
  trialPeriodId: '01900000-0000-7000-8000-000000000004',
  followUpId: '01900000-0000-7000-8000-000000000005',
};

describe('what the events put on the agenda', () => {
  it('given an ended trial’s reopening, then one item carries the three proposals, each with its owner’s subject', () => {
    const draft = fromIncomeReopened(
      {
        ...ids,
        effectiveFrom: '2026-03-21',
        proposals: ['take_note_of_trial_end', 'reopen_integration_income', 'continue_isp_follow_up'],
      },
      '2026-03-20',
    );
    expect(draft.proposals).toEqual([
      { kind: 'take_note_of_trial_end', subject: { kind: 'trial_end', id: ids.trialPeriodId } },
      { kind: 'reopen_integration_income', subject: { kind: 'income_reopening', id: ids.reopeningId } },
      { kind: 'continue_isp_follow_up', subject: { kind: 'isp_follow_up', id: ids.followUpId } },
    ]);
    expect(draft.caseKey).toBe(`placement:${ids.placementId}`);
  });

  it('given a contract ended early, then the committee takes note; other ends are no item', () => {
    const ended = { placementId: ids.placementId, personId: ids.personId, lastWorkedDay: '2026-05-10' };
    expect(fromPlacementEnded({ ...ended, reason: 'ended_early' }, '2026-05-11')?.proposals).toEqual([
      { kind: 'take_note_of_contract_end', subject: { kind: 'contract_early_end', id: ids.placementId } },
    ]);
    expect(fromPlacementEnded({ ...ended, reason: 'trial_not_conclusive' }, '2026-05-11')).toBeNull();
    expect(fromPlacementEnded({ ...ended, reason: 'completed' }, '2026-05-11')).toBeNull();
  });

  it('when the reopening of an early end meets the item of that end, then it adds only its new proposals and widens the kind', () => {
    const end = fromPlacementEnded(
      {
        placementId: ids.placementId,
        personId: ids.personId,
        lastWorkedDay: '2026-05-10',
        reason: 'ended_early',
      },
      '2026-05-11',
    );
    const reopening = fromIncomeReopened(
      {
        ...ids,
        trialPeriodId: null,
        cause: 'contract_ended_early',
        lastWorkedDay: '2026-05-10',
        effectiveFrom: '2026-05-11',
        category: 'single',
        proposals: ['take_note_of_contract_end', 'reopen_integration_income', 'continue_isp_follow_up'],
      },
      '2026-05-11',
    );
    const merged = mergeDraft(
      {
        kind: 'contract_early_end',
        proposalKinds: ['take_note_of_contract_end'],
        summary: end?.summary ?? {},
      },
      reopening,
    );
    expect(merged?.kind).toBe('income_reopening');
    expect(merged?.proposals.map((p) => p.kind)).toEqual([
      'reopen_integration_income',
      'continue_isp_follow_up',
    ]);
    expect(
      mergeDraft(
        {
          kind: 'income_reopening',
          proposalKinds: ['take_note_of_contract_end', 'reopen_integration_income', 'continue_isp_follow_up'],
          summary: {},
        },
        reopening,
      ),
    ).toBeNull();
  });
});

describe('conflicting decisions about one person', () => {
  const reopening = {
    id: 'i-1',
    personId: 'p-1',
    proposals: [
      {
        id: 'pr-1',
        kind: 'reopen_integration_income' as const,
        subject: { kind: 'income_reopening' as const, id: 'r-1' },
      },
    ],
  };
  const sanction = {
    id: 'i-2',
    personId: 'p-1',
    proposals: [
      {
        id: 'pr-2',
        kind: 'integration_income_sanction' as const,
        subject: { kind: 'other' as const, id: 'pr-2' },
      },
    ],
  };

  it('given a sanction proposed while the RI is reopened for the same person, then both items show the conflict', () => {
    expect(conflictsOf(reopening, [reopening, sanction])).toEqual([
      {
        rule: 'sanction_while_income_reopened',
        proposalId: 'pr-1',
        otherItemId: 'i-2',
        otherProposalId: 'pr-2',
        otherProposalKind: 'integration_income_sanction',
      },
    ]);
    expect(conflictsOf(sanction, [reopening, sanction])).toHaveLength(1);
  });

  it('given the same proposals about another person, then there is no conflict', () => {
    expect(conflictsOf(reopening, [{ ...sanction, personId: 'p-2' }])).toEqual([]);
  });
});

describe('the financial effect of each option', () => {
  const costs = {
    effectiveFrom: '2026-01-01',
    riMonthlyCostCents: { cohabitant: 60000, single: 90000, with_dependants: 120000 },
    placementMonthlyCostCents: 45000,
  };

  it('given costs configured, then an engagement shows the placement against the RI, and a reopening the RI of its category', () => {
    expect(
      financialEffect(
        [
          { id: 'a', kind: 'approve_engagement' },
          { id: 'b', kind: 'reopen_integration_income' },
        ],
        'single',
        costs,
      ),
    ).toEqual([
      {
        proposalId: 'a',
        outcome: 'approved',
        monthlyCostCents: 45000,
        basis: 'article60_placement',
        category: null,
      },
      {
        proposalId: 'a',
        outcome: 'refused',
        monthlyCostCents: 90000,
        basis: 'integration_income',
        category: 'single',
      },
      {
        proposalId: 'b',
        outcome: 'approved',
        monthlyCostCents: 90000,
        basis: 'integration_income',
        category: 'single',
      },
      { proposalId: 'b', outcome: 'refused', monthlyCostCents: 0, basis: 'none', category: null },
    ]);
  });

  it('given nothing configured, then there is no financial effect at all', () => {
    expect(financialEffect([{ id: 'a', kind: 'approve_engagement' }], null, null)).toBeNull();
    expect(
      financialEffect([{ id: 'a', kind: 'approve_engagement' }], null, {
        ...costs,
        riMonthlyCostCents: null,
        placementMonthlyCostCents: null,
      }),
    ).toBeNull();
  });
});
