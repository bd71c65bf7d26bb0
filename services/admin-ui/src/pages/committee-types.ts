/** The fields of the committee service's answers that the committee's screens show. */

export interface CommitteeSession {
  readonly id: string;
  readonly kind: string;
  readonly date: string;
  readonly startsAt: string | null;
  readonly location: string | null;
  readonly quorum: number;
  readonly status: string;
  readonly members: readonly { accountId: string; displayName: string; role: string; present: boolean }[];
  readonly attendance: { votingPresent: number; quorumReached: boolean };
  readonly itemCount: number;
}

export interface Deadline {
  readonly kind: string;
  readonly dueOn: string;
  readonly state: string;
  readonly daysLeft: number;
}

export interface Proposal {
  readonly id: string;
  readonly kind: string;
  readonly subject: { kind: string; id: string };
  readonly text: string | null;
  readonly amendable: readonly string[];
}

export interface ItemSummary {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly sessionId: string | null;
  readonly position: number | null;
  readonly personId: string | null;
  readonly title: string | null;
  readonly requestedOn: string;
  readonly prepared: boolean;
  readonly proposals: readonly Proposal[];
  readonly deadlines: readonly Deadline[];
  readonly flagged: boolean;
  readonly conflicts: readonly { rule: string; proposalId: string; otherItemId: string }[];
  readonly postponements: number;
}

export interface Decision {
  readonly id: string;
  readonly proposalId: string;
  readonly status: string;
  readonly outcome: string;
  readonly reasonCode: string | null;
  readonly reasonText: string | null;
  readonly decidedOn: string;
  readonly vote: { kind: 'unanimous' } | { kind: 'counts'; for: number; against: number; abstain: number };
  readonly dissent: readonly { displayName: string | null; text: string }[];
  readonly signedBy: string | null;
  readonly signedAt: string | null;
}

export interface ItemDetail extends ItemSummary {
  readonly caseSummary: Readonly<Record<string, unknown>>;
  readonly preparation: { by: { role: string }; at: string; assessment: string } | null;
  readonly decisions: readonly Decision[];
  readonly conflictsOfInterest: readonly { accountId: string; reason: string | null }[];
  readonly financialEffect: {
    options: readonly {
      proposalId: string;
      outcome: string;
      monthlyCostCents: number | null;
      basis: string;
    }[];
  } | null;
  readonly history: readonly { at: string; kind: string; actorRole: string }[];
}
