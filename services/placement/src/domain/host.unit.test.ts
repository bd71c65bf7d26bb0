import { describe, expect, it } from 'vitest';
import {
  changePartnerStatus,
  clearedForPlacements,
  decidePartnerApproval,
  PARTNER_STATUSES,
  PARTNER_TRANSITIONS,
  recordSafetyStatus,
  registerHost,
  addSite,
  type HostEmployer,
  type PartnerStatus,
  type RegisterHost,
  type SafetyAssessment,
  type SafetyStatus,
} from './host.ts';
import type { Actor } from './model.ts';

const officer: Actor = { id: '0190a000-0000-7000-8000-0000000000a1', role: 'placement_officer' };
const socialWorker: Actor = { id: '0190a000-0000-7000-8000-0000000000a2', role: 'social_worker' };
const eventId = '0190a000-0000-7000-8000-0000000000e1';

const command: RegisterHost = {
  tenantId: '0190a000-0000-7000-8000-000000000001',
  enterpriseNumber: 'BE 0123.456.749',
  name: 'Commune de Saint-Gilles',
  legalType: 'municipality',
  sector: 'public_space',
  tutor: { name: 'M. Tuteur', email: 'tuteur@example.be', phone: null },
  sites: [{ name: 'Dépôt', address: 'Rue de la Perche 1', commune: 'Saint-Gilles', lat: 50.83, lon: 4.34 }],
};
const ids = { host: 'h1', sites: ['s1'] };

const host = (partnerStatus: PartnerStatus, safetyStatus: SafetyStatus = 'cleared'): HostEmployer => ({
  ...registerHost(command, officer, ids).host,
  partnerStatus,
  safetyStatus,
  safetyAssessedOn: safetyStatus === 'not_assessed' ? null : '2026-03-01',
});

const assessment = (safetyStatus: SafetyStatus, assessedOn = '2026-03-10'): SafetyAssessment => ({
  safetyStatus,
  assessedOn,
  reasonCode: 'pre_approval_visit_favourable',
  sourceEventId: eventId,
});

describe('registerHost', () => {
  it('given a valid enterprise number in any usual form, when an officer registers the host, then it waits for its safety visit, unassessed', () => {
    const { host: registered, change } = registerHost(command, officer, ids);
    expect(registered).toMatchObject({
      id: 'h1',
      enterpriseNumber: '0123456749',
      partnerStatus: 'pending_safety_visit',
      safetyStatus: 'not_assessed',
      safetyAssessedOn: null,
      sites: [{ id: 's1', name: 'Dépôt' }],
    });
    expect(change).toEqual({
      from: null,
      to: 'pending_safety_visit',
      reason: 'registered',
      sourceEventId: null,
      actor: officer,
    });
  });

  it.each([
    ['0123.456.748', 'the enterprise number fails its mod-97 check'],
    ['123', 'an enterprise number has 10 digits (0123.456.749)'],
  ])('given %s, when it is registered, then 422 names enterpriseNumber', (enterpriseNumber, message) => {
    expect(() => registerHost({ ...command, enterpriseNumber }, officer, ids)).toThrow(
      expect.objectContaining({
        code: 'ENTERPRISE_NUMBER_INVALID',
        kind: 'invalid',
        field: 'enterpriseNumber',
        message,
      }),
    );
  });

  it('given a social worker, when they register a host, then the role is refused', () => {
    expect(() => registerHost(command, socialWorker, ids)).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }),
    );
  });
});

describe('recordSafetyStatus', () => {
  it.each(['cleared', 'cleared_with_conditions'] as const)(
    'given a host pending its safety visit, when safety says %s, then it goes before the committee and approval is requested',
    (status) => {
      const decided = recordSafetyStatus(host('pending_safety_visit', 'not_assessed'), assessment(status));
      expect(decided).toMatchObject({
        host: { partnerStatus: 'awaiting_committee', safetyStatus: status, safetyAssessedOn: '2026-03-10' },
        change: {
          from: 'pending_safety_visit',
          to: 'awaiting_committee',
          sourceEventId: eventId,
          actor: null,
        },
        approvalRequested: true,
      });
    },
  );

  it('given a host pending its safety visit, when safety suspends placements, then only the safety status moves', () => {
    const decided = recordSafetyStatus(host('pending_safety_visit', 'not_assessed'), assessment('blocked'));
    expect(decided).toMatchObject({
      host: { partnerStatus: 'pending_safety_visit', safetyStatus: 'blocked' },
      change: null,
      approvalRequested: false,
    });
  });

  it('given an approved partner, when safety suspends new placements, then it is suspended', () => {
    expect(recordSafetyStatus(host('approved'), assessment('blocked'))).toMatchObject({
      host: { partnerStatus: 'suspended' },
      change: { from: 'approved', to: 'suspended' },
      approvalRequested: false,
    });
  });

  it('given a partner suspended by safety, when safety clears it again, then it is approved again', () => {
    const decided = recordSafetyStatus(host('suspended', 'blocked'), assessment('cleared_with_conditions'));
    expect(decided).toMatchObject({
      host: { partnerStatus: 'approved' },
      change: { from: 'suspended', to: 'approved' },
    });
  });

  it("given a partner suspended by an officer, when safety clears it, then the officer's suspension stands", () => {
    const decided = recordSafetyStatus(host('suspended', 'cleared'), assessment('cleared_with_conditions'));
    expect(decided).toMatchObject({ host: { partnerStatus: 'suspended' }, change: null });
  });

  it('given a status already known, when it is emitted again, then nothing changes', () => {
    const first = recordSafetyStatus(host('pending_safety_visit', 'not_assessed'), assessment('cleared'));
    expect(first).toBeDefined();
    expect(recordSafetyStatus(first?.host as HostEmployer, assessment('cleared'))).toBeUndefined();
  });

  it('given a more recent assessment, when an older one arrives, then it is ignored', () => {
    expect(recordSafetyStatus(host('approved'), assessment('blocked', '2026-02-01'))).toBeUndefined();
  });

  it.each(['awaiting_committee', 'ended'] as const)(
    'given a host %s, when safety changes, then only the safety status moves',
    (status) => {
      expect(recordSafetyStatus(host(status), assessment('blocked'))).toMatchObject({
        host: { partnerStatus: status, safetyStatus: 'blocked' },
        change: null,
      });
    },
  );
});

describe('decidePartnerApproval', () => {
  const decision = (outcome: 'approved' | 'refused' | 'amended', reasonCode: string | null = null) => ({
    outcome,
    reasonCode,
    sourceEventId: eventId,
  });

  it.each(['approved', 'amended'] as const)(
    'given a host awaiting the committee, when it is %s, then it is an approved partner',
    (outcome) => {
      expect(decidePartnerApproval(host('awaiting_committee'), decision(outcome))).toMatchObject({
        host: { partnerStatus: 'approved' },
        change: {
          from: 'awaiting_committee',
          to: 'approved',
          reason: `committee_${outcome}`,
          sourceEventId: eventId,
        },
      });
    },
  );

  it('given a host awaiting the committee, when it is refused, then the partnership ends with the reason', () => {
    expect(
      decidePartnerApproval(host('awaiting_committee'), decision('refused', 'unsafe_equipment')),
    ).toMatchObject({
      host: { partnerStatus: 'ended' },
      change: { to: 'ended', reason: 'unsafe_equipment' },
    });
  });

  it('given safety suspended placements while the committee sat, when it approves, then the partner is approved but suspended', () => {
    expect(decidePartnerApproval(host('awaiting_committee', 'blocked'), decision('approved'))).toMatchObject({
      host: { partnerStatus: 'suspended' },
      change: { from: 'awaiting_committee', to: 'suspended' },
    });
  });

  it.each([
    ['approved', 'approved'],
    ['suspended', 'approved'],
    ['ended', 'refused'],
  ] as const)(
    'given a host %s, when the %s decision is delivered again, then nothing changes',
    (status, outcome) => {
      expect(decidePartnerApproval(host(status), decision(outcome))).toBeUndefined();
    },
  );

  it('given a host still pending its safety visit, when a committee approval arrives, then it is refused', () => {
    expect(() =>
      decidePartnerApproval(host('pending_safety_visit', 'not_assessed'), decision('approved')),
    ).toThrow(expect.objectContaining({ code: 'HOST_NOT_AWAITING_COMMITTEE', kind: 'conflict' }));
  });
});

describe('changePartnerStatus (officer)', () => {
  it('given an approved partner, when an officer suspends it, then it is suspended with the reason and the officer', () => {
    expect(changePartnerStatus(host('approved'), 'suspend', 'plaintes répétées', officer)).toMatchObject({
      host: { partnerStatus: 'suspended' },
      change: {
        from: 'approved',
        to: 'suspended',
        reason: 'plaintes répétées',
        actor: officer,
        sourceEventId: null,
      },
    });
  });

  it('given an officer-suspended partner whose safety allows placements, when reinstated, then it is approved', () => {
    expect(changePartnerStatus(host('suspended'), 'reinstate', 'résolu', officer).host.partnerStatus).toBe(
      'approved',
    );
  });

  it('given a partner suspended by safety, when an officer reinstates it, then it is refused', () => {
    expect(() => changePartnerStatus(host('suspended', 'blocked'), 'reinstate', 'résolu', officer)).toThrow(
      expect.objectContaining({ code: 'HOST_NOT_CLEARED_FOR_PLACEMENTS' }),
    );
  });

  it.each(PARTNER_STATUSES.filter((s) => s !== 'ended'))(
    'given a host %s, when an officer ends it, then it is ended',
    (status) => {
      expect(changePartnerStatus(host(status), 'end', 'fermeture', officer).host.partnerStatus).toBe('ended');
    },
  );

  it('given an ended partnership, when an officer ends or suspends it, then the transition is refused', () => {
    for (const action of ['end', 'suspend'] as const) {
      expect(() => changePartnerStatus(host('ended'), action, 'x', officer)).toThrow(
        expect.objectContaining({ code: 'PARTNER_TRANSITION_NOT_ALLOWED', kind: 'conflict' }),
      );
    }
  });

  it('given a social worker, when they end a partnership, then the role is refused', () => {
    expect(() => changePartnerStatus(host('approved'), 'end', 'x', socialWorker)).toThrow(
      expect.objectContaining({ code: 'ROLE_NOT_ALLOWED' }),
    );
  });
});

describe('the partner lifecycle table', () => {
  it('given every declared transition, then each goes somewhere new and names who may make it', () => {
    for (const [name, t] of Object.entries(PARTNER_TRANSITIONS)) {
      expect(t.roles.length, name).toBeGreaterThan(0);
      expect(t.from as readonly string[], name).not.toContain(t.to);
    }
  });

  it('given an ended partnership, when a site is added, then it is refused', () => {
    const site = { id: 's2', name: 'Annexe', address: 'Rue 2', commune: 'Forest', lat: 50.8, lon: 4.3 };
    expect(addSite(host('approved'), site, officer).sites).toHaveLength(2);
    expect(() => addSite(host('ended'), site, officer)).toThrow(
      expect.objectContaining({ code: 'HOST_PARTNERSHIP_ENDED' }),
    );
  });

  it.each([
    ['approved', 'cleared', true],
    ['approved', 'cleared_with_conditions', true],
    ['approved', 'blocked', false],
    ['awaiting_committee', 'cleared', false],
    ['suspended', 'cleared', false],
  ] as const)(
    'given a host %s with safety %s, then cleared for placements is %s',
    (partner, safety, expected) => {
      expect(clearedForPlacements({ partnerStatus: partner, safetyStatus: safety })).toBe(expected);
    },
  );
});
