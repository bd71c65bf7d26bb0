import type { ProposalKind, Subject } from './model.ts';

export type ConflictRule =
  'sanction_while_income_reopened' | 'withdrawal_while_income_reopened' | 'same_subject_twice';

/** The open proposals of one item, as conflict detection sees them. */
export interface OpenItem {
  readonly id: string;
  readonly personId: string | null;
  readonly proposals: readonly {
    readonly id: string;
    readonly kind: ProposalKind;
    readonly subject: Subject;
  }[];
}

export interface Conflict {
  readonly rule: ConflictRule;
  readonly proposalId: string;
  readonly otherItemId: string;
  readonly otherProposalId: string;
  readonly otherProposalKind: ProposalKind;
}

/**
 * Pairs of proposals about one person that cannot both stand: one committee sanctioning or
 * withdrawing the RI while another reopens it after an ended trial (issue 8; seed 004 §4.4: the
 * person came back to "a sanction proposal" from a social worker who did not know).
 */
const CONTRADICTIONS: readonly (readonly [ProposalKind, ProposalKind, ConflictRule])[] = [
  ['reopen_integration_income', 'integration_income_sanction', 'sanction_while_income_reopened'],
  ['reopen_integration_income', 'integration_income_withdrawal', 'withdrawal_while_income_reopened'],
];

const contradiction = (a: ProposalKind, b: ProposalKind): ConflictRule | undefined =>
  CONTRADICTIONS.find(([x, y]) => (x === a && y === b) || (x === b && y === a))?.[2];

const sameSubject = (a: Subject, b: Subject): boolean =>
  a.kind !== 'other' && a.kind === b.kind && a.id === b.id;

/** The conflicts of an item's proposals with the other open items (not yet decided) about the same person. */
export const conflictsOf = (item: OpenItem, others: readonly OpenItem[]): Conflict[] =>
  others
    .filter((o) => o.id !== item.id)
    .flatMap((other) =>
      item.proposals.flatMap((p) =>
        other.proposals.flatMap((q): Conflict[] => {
          const samePerson = item.personId !== null && item.personId === other.personId;
          const rule = sameSubject(p.subject, q.subject)
            ? 'same_subject_twice'
            : samePerson
              ? contradiction(p.kind, q.kind)
              : undefined;
          return rule
            ? [
                {
                  rule,
                  proposalId: p.id,
                  otherItemId: other.id,
                  otherProposalId: q.id,
                  otherProposalKind: q.kind,
                },
              ]
            : [];
        }),
      ),
    );
