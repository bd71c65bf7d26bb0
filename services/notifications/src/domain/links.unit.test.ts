import { describe, expect, it } from 'vitest';
import { linkOf } from './links.ts';

const personId = '0190a000-0000-7000-8000-000000000001';
const decisionId = '0190a000-0000-7000-8000-000000000002';
const subjectId = '0190a000-0000-7000-8000-000000000003';

describe('links to the admin UI', () => {
  it('leads a committee decision to its person, a host approval to the host, an unknown person to the decision', () => {
    const decision = (kind: 'income_reopening' | 'host_partner_approval', person: string | null) =>
      linkOf({
        kind: 'committee_decision',
        subject: { decisionId, subjectKind: kind, subjectId, personId: person },
        params: { subjectKind: kind, outcome: 'approved', decidedOn: '2026-03-20' },
      });
    expect(decision('income_reopening', personId)).toBe(`/personnes/${personId}`);
    expect(decision('host_partner_approval', null)).toBe(`/utilisateurs/${subjectId}`);
    expect(decision('income_reopening', null)).toBe(`/comite/decisions/${decisionId}`);
  });
});
