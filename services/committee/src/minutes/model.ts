import type { Amendments, ItemKind, ProposalKind, Session, Vote } from '../domain/model.ts';

/** A decision as the minutes state it. */
export interface MinutesDecision {
  readonly outcome: 'approved' | 'refused' | 'amended';
  readonly vote: Vote;
  readonly reasonCode: string | null;
  readonly reasonText: string | null;
  readonly amendments: Amendments | null;
  readonly effectiveOn: string | null;
  readonly dissent: readonly { readonly name: string; readonly text: string }[];
  readonly signedBy: string | null;
  readonly signedOn: string | null;
  readonly corrects: { readonly id: string; readonly decidedOn: string } | null;
}

/** One item of the minutes, in agenda order. */
export interface MinutesItem {
  readonly kind: ItemKind;
  readonly title: string | null;
  readonly personId: string | null;
  readonly requestedOn: string;
  readonly conflicted: readonly string[];
  readonly proposals: readonly {
    readonly kind: ProposalKind;
    readonly text: string | null;
    readonly decisions: readonly MinutesDecision[];
  }[];
}

/** Everything the minutes of a session say: who sat, what was decided and why, what was postponed. */
export interface MinutesModel {
  readonly session: Session;
  readonly items: readonly MinutesItem[];
  readonly postponed: readonly {
    readonly kind: ItemKind;
    readonly title: string | null;
    readonly reason: string;
    readonly toSessionDate: string | null;
  }[];
  readonly generatedOn: string;
}
