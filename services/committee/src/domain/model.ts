/**
 * The committee's vocabulary: sessions of the comité spécial, agenda items that wait for a
 * decision, the proposals of each item and the decisions taken on them.
 */

/** The two committees of a CPAS that decide on article 60 matters and on the RI. */
export const COMMITTEE_KINDS = ['isp', 'social_service'] as const;
export type CommitteeKind = (typeof COMMITTEE_KINDS)[number];

/** A member's place in a session; the secretary keeps the minutes and does not vote. */
export const MEMBER_ROLES = ['chair', 'member', 'secretary'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** What an agenda item asks the committee about. */
export const ITEM_KINDS = [
  'host_partner_approval',
  'engagement_proposal',
  'income_reopening',
  'contract_early_end',
  'manual',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Proposals put to the committee; each is decided on its own. */
export const PROPOSAL_KINDS = [
  'approve_host_partner',
  'approve_engagement',
  'take_note_of_trial_end',
  'take_note_of_contract_end',
  'reopen_integration_income',
  'continue_isp_follow_up',
  'integration_income_sanction',
  'integration_income_withdrawal',
  'other',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** Proposals the secretary may put on a manual item (the others come from the owning services' events). */
export const MANUAL_PROPOSAL_KINDS = [
  'integration_income_sanction',
  'integration_income_withdrawal',
  'other',
] as const satisfies readonly ProposalKind[];
export type ManualProposalKind = (typeof MANUAL_PROPOSAL_KINDS)[number];

/** What a decision is about, as the owning service knows it (`isp_follow_up`, `other`: CommitteeDecisionRecorded v2 only). */
export const SUBJECT_KINDS = [
  'host_partner_approval',
  'engagement_proposal',
  'trial_end',
  'income_reopening',
  'contract_early_end',
  'isp_follow_up',
  'other',
] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const OUTCOMES = ['approved', 'refused', 'amended'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Where an item stands: waiting for a session, on a session's agenda, or every proposal signed. */
export const ITEM_STATUSES = ['pending', 'scheduled', 'decided'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const SESSION_STATUSES = ['planned', 'closed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** How the person was notified of a decision. */
export const NOTIFICATION_CHANNELS = ['letter', 'registered_letter', 'email', 'in_person'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Staff roles as the committee sees them (the service kit's `UserRole`, without importing it here). */
export type StaffRole =
  | 'placement_officer'
  | 'safety_officer'
  | 'social_worker'
  | 'committee_member'
  | 'committee_secretary'
  | 'cpas_admin'
  | 'platform_operator';

/** Someone acting: the account and the role they act in. */
export interface Actor {
  readonly id: string;
  readonly role: StaffRole;
}

export interface SessionMember {
  readonly accountId: string;
  readonly displayName: string;
  readonly role: MemberRole;
  readonly present: boolean;
}

export interface Session {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: CommitteeKind;
  readonly date: string;
  readonly startsAt: string | null;
  readonly location: string | null;
  readonly quorum: number;
  readonly status: SessionStatus;
  readonly members: readonly SessionMember[];
}

export interface Subject {
  readonly kind: SubjectKind;
  readonly id: string;
}

export interface Proposal {
  readonly id: string;
  readonly kind: ProposalKind;
  readonly subject: Subject;
  /** The wording of a manual proposal; null for proposals that come from an event. */
  readonly text: string | null;
}

export type Vote =
  | { readonly kind: 'unanimous' }
  | { readonly kind: 'counts'; readonly for: number; readonly against: number; readonly abstain: number };

export interface Dissent {
  readonly accountId: string;
  readonly text: string;
}

export type Amendments = Readonly<Record<string, string | number | boolean>>;

export interface Decision {
  readonly id: string;
  readonly itemId: string;
  readonly proposalId: string;
  readonly sessionId: string;
  readonly status: 'recorded' | 'signed';
  readonly outcome: Outcome;
  readonly reasonCode: string | null;
  readonly reasonText: string | null;
  readonly amendments: Amendments | null;
  readonly effectiveOn: string | null;
  readonly decidedOn: string;
  readonly vote: Vote;
  readonly dissent: readonly Dissent[];
  readonly correctsDecisionId: string | null;
  readonly recordedBy: Actor;
  readonly recordedAt: string;
  readonly signedBy: string | null;
  readonly signedAt: string | null;
}

export interface Preparation {
  readonly by: Actor;
  readonly at: string;
  readonly assessment: string;
}

export interface AgendaItem {
  readonly id: string;
  readonly tenantId: string;
  readonly kind: ItemKind;
  readonly status: ItemStatus;
  readonly sessionId: string | null;
  readonly position: number | null;
  readonly personId: string | null;
  readonly title: string | null;
  readonly requestedOn: string;
  readonly preparation: Preparation | null;
  readonly proposals: readonly Proposal[];
  readonly decisions: readonly Decision[];
  /** Accounts that declared a conflict of interest on this item. */
  readonly conflictsOfInterest: readonly string[];
}
