import { DomainError } from '@relais/service-kit/errors';
import type { MatchResult } from './model.ts';

/**
 * Why the host did not choose a presented candidate: a controlled list, never free text only
 * (DOMAIN.md story 6: the least employable must not silently lose their chance).
 */
export const REJECTION_REASONS = [
  'host_chose_another',
  'skills_gap',
  'schedule_mismatch',
  'language_level',
  'candidate_withdrew',
  'candidate_unreachable',
  'host_withdrew_post',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** How candidates are presented (seed 004 §4.4: one candidate, or about ten the host chooses from). */
export type SelectionMode = 'single' | 'shortlist';

/** One presented candidate and what became of them. */
export interface ShortlistEntry {
  readonly candidateId: string;
  readonly rank: number;
  readonly score: number;
  readonly explanation: MatchResult;
  readonly outcome: 'pending' | 'chosen' | 'not_chosen';
  readonly rejectionReason: RejectionReason | null;
}

/** Candidates presented to a host for one position. */
export interface Shortlist {
  readonly id: string;
  readonly tenantId: string;
  readonly positionId: string;
  readonly mode: SelectionMode;
  readonly status: 'presented' | 'chosen' | 'cancelled';
  readonly createdBy: string;
  readonly entries: readonly ShortlistEntry[];
}

/**
 * Presents candidates to the host: exactly one in `single` mode, up to `maxSize` otherwise;
 * each must pass every hard filter (the explanation is kept with the entry).
 */
export const presentShortlist = (input: {
  readonly id: string;
  readonly tenantId: string;
  readonly positionId: string;
  readonly mode: SelectionMode;
  readonly picks: readonly MatchResult[];
  readonly maxSize: number;
  readonly createdBy: string;
}): Shortlist => {
  const { picks, mode, maxSize } = input;
  if (picks.length === 0)
    throw new DomainError(
      'NO_ELIGIBLE_CANDIDATE',
      'conflict',
      'no eligible candidate to present for this position',
    );
  if (mode === 'single' && picks.length !== 1) {
    throw new DomainError(
      'SINGLE_MODE_TAKES_ONE',
      'invalid',
      'single mode presents exactly one candidate',
      'candidateIds',
    );
  }
  if (picks.length > maxSize) {
    throw new DomainError(
      'SHORTLIST_TOO_LONG',
      'invalid',
      `a shortlist holds at most ${String(maxSize)} candidates`,
      'candidateIds',
    );
  }
  if (new Set(picks.map((p) => p.candidateId)).size !== picks.length) {
    throw new DomainError('DUPLICATE_CANDIDATE', 'invalid', 'a candidate appears twice', 'candidateIds');
  }
  picks.forEach((pick, i) => {
    if (!pick.eligible) {
      const failed = pick.filters.filter((f) => !f.passed).map((f) => `${f.filter}: ${f.detail}`);
      throw new DomainError(
        'CANDIDATE_NOT_ELIGIBLE',
        'invalid',
        `candidate ${pick.candidateId} fails ${failed.join('; ')}`,
        `candidateIds.${String(i)}`,
      );
    }
  });
  return {
    id: input.id,
    tenantId: input.tenantId,
    positionId: input.positionId,
    mode,
    status: 'presented',
    createdBy: input.createdBy,
    entries: picks.map((pick, i) => ({
      candidateId: pick.candidateId,
      rank: i + 1,
      score: pick.score,
      explanation: pick,
      outcome: 'pending',
      rejectionReason: null,
    })),
  };
};

/** The host's choice: one candidate chosen, every other one with a reason from the list. */
export interface HostChoice {
  readonly chosenCandidateId: string;
  readonly others: readonly { readonly candidateId: string; readonly reason: RejectionReason }[];
}

/** Records the host's choice on a presented shortlist. */
export const recordHostChoice = (shortlist: Shortlist, choice: HostChoice): Shortlist => {
  if (shortlist.status !== 'presented') {
    throw new DomainError(
      'SHORTLIST_ALREADY_DECIDED',
      'conflict',
      `shortlist ${shortlist.id} is ${shortlist.status}`,
    );
  }
  const ids = shortlist.entries.map((e) => e.candidateId);
  if (!ids.includes(choice.chosenCandidateId)) {
    throw new DomainError(
      'CHOSEN_NOT_PRESENTED',
      'invalid',
      'the chosen candidate was not presented',
      'chosenCandidateId',
    );
  }
  const reasons = new Map(choice.others.map((o) => [o.candidateId, o.reason]));
  const missing = ids.filter((id) => id !== choice.chosenCandidateId && !reasons.has(id));
  const extra = choice.others.filter(
    (o) => !ids.includes(o.candidateId) || o.candidateId === choice.chosenCandidateId,
  );
  if (missing.length > 0 || extra.length > 0 || reasons.size !== choice.others.length) {
    throw new DomainError(
      'REASONS_MUST_COVER_OTHERS',
      'invalid',
      'give exactly one reason for each presented candidate who was not chosen',
      'others',
    );
  }
  return {
    ...shortlist,
    status: 'chosen',
    entries: shortlist.entries.map((e) =>
      e.candidateId === choice.chosenCandidateId
        ? { ...e, outcome: 'chosen' }
        : { ...e, outcome: 'not_chosen', rejectionReason: reasons.get(e.candidateId) ?? null },
    ),
  };
};
