import { DomainError } from '@relais/service-kit/errors';
import type { Amendments, Outcome, ProposalKind, SubjectKind } from './model.ts';

type FieldCheck = (value: string | number | boolean) => boolean;

const isDate: FieldCheck = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const CATEGORIES: readonly unknown[] = ['cohabitant', 'single', 'with_dependants'];

/** What the committee may do with each kind of proposal, and where its decision goes. */
interface ProposalRule {
  /** The subject kind of CommitteeDecisionRecorded. */
  readonly subject: SubjectKind;
  /**
   * Fields an `amended` decision may change: exactly what the owning service reads (placement:
   * `startDate`, `weeklyHours` of an engagement; income-continuity: `effectiveFrom`, `category`
   * of a reopening). Anything else would be parked by the consumer, so it is refused here.
   */
  readonly amendable: Readonly<Record<string, FieldCheck>>;
  /** Outcomes that make sense: taking note of an end cannot be "amended" into something else. */
  readonly outcomes: readonly Outcome[];
}

const ALL: readonly Outcome[] = ['approved', 'refused', 'amended'];
const NO_AMENDMENT: readonly Outcome[] = ['approved', 'refused'];

/** The rule of every proposal kind. */
export const PROPOSAL_RULES: Readonly<Record<ProposalKind, ProposalRule>> = {
  // placement's host decision ignores amendments: approving "with changes" is not a thing it knows.
  approve_host_partner: { subject: 'host_partner_approval', amendable: {}, outcomes: NO_AMENDMENT },
  approve_engagement: {
    subject: 'engagement_proposal',
    amendable: {
      startDate: isDate,
      weeklyHours: (v) => typeof v === 'number' && v > 0 && v <= 40,
    },
    outcomes: ALL,
  },
  take_note_of_trial_end: { subject: 'trial_end', amendable: {}, outcomes: NO_AMENDMENT },
  take_note_of_contract_end: { subject: 'contract_early_end', amendable: {}, outcomes: NO_AMENDMENT },
  reopen_integration_income: {
    subject: 'income_reopening',
    amendable: { effectiveFrom: isDate, category: (v) => CATEGORIES.includes(v) },
    outcomes: ALL,
  },
  continue_isp_follow_up: { subject: 'isp_follow_up', amendable: {}, outcomes: NO_AMENDMENT },
  integration_income_sanction: {
    subject: 'other',
    amendable: { text: (v) => typeof v === 'string' && v.length > 0 },
    outcomes: ALL,
  },
  integration_income_withdrawal: {
    subject: 'other',
    amendable: { text: (v) => typeof v === 'string' && v.length > 0 },
    outcomes: ALL,
  },
  other: {
    subject: 'other',
    amendable: { text: (v) => typeof v === 'string' && v.length > 0 },
    outcomes: ALL,
  },
};

/** The fields an amendment of this proposal may carry. */
export const amendableFields = (kind: ProposalKind): string[] => Object.keys(PROPOSAL_RULES[kind].amendable);

/**
 * Checks an outcome and its amendments against the proposal: `amended` needs at least one
 * amendment and only fields the owner understands, with values it accepts; the other outcomes
 * carry none.
 */
export const checkAmendments = (
  kind: ProposalKind,
  outcome: Outcome,
  amendments: Amendments | null,
): Amendments | null => {
  const rule = PROPOSAL_RULES[kind];
  if (!rule.outcomes.includes(outcome))
    throw new DomainError(
      'OUTCOME_NOT_SUPPORTED',
      'invalid',
      `a ${kind} proposal cannot be ${outcome}`,
      'outcome',
    );
  const entries = Object.entries(amendments ?? {});
  if (outcome !== 'amended') {
    if (entries.length > 0)
      throw new DomainError(
        'AMENDMENTS_WITHOUT_AMENDMENT',
        'invalid',
        `only an amended decision carries amendments`,
        'amendments',
      );
    return null;
  }
  if (entries.length === 0)
    throw new DomainError(
      'AMENDMENTS_REQUIRED',
      'invalid',
      'an amended decision says what it changes',
      'amendments',
    );
  for (const [field, value] of entries) {
    const check = rule.amendable[field];
    if (!check)
      throw new DomainError(
        'AMENDMENT_NOT_SUPPORTED',
        'invalid',
        `a ${kind} proposal cannot amend ${field}`,
        `amendments.${field}`,
      );
    if (!check(value))
      throw new DomainError(
        'AMENDMENT_INVALID',
        'invalid',
        `${field} is not a valid value`,
        `amendments.${field}`,
      );
  }
  return Object.fromEntries(entries);
};
