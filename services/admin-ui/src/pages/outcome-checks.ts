import type { FormBody } from './forms.ts';
import type { PageApi } from './page-api.ts';
import { segment } from './page-api.ts';
import { addDays } from './today.ts';

/** A situation recorded at a check, first or correction (income-continuity's record). */
export interface OutcomeRecord {
  readonly id: string;
  readonly checkId: string;
  readonly situation: string;
  readonly detailCode: string | null;
  readonly observedOn: string;
  readonly correctsOutcomeId: string | null;
  readonly correctionReason: string | null;
  readonly recordedRole: string;
  readonly recordedAt: string;
}

/** A check of the person's situation 3, 6 or 12 months after a placement's end. */
export interface OutcomeCheck {
  readonly id: string;
  readonly personId: string;
  readonly placementId: string;
  readonly monthsAfterEnd: number;
  readonly lastWorkedDay: string;
  readonly endReason: string;
  readonly dueOn: string;
  readonly standing: 'scheduled' | 'due' | 'overdue' | 'recorded';
  readonly currentOutcomeId: string | null;
  /** Every record, the current one last. */
  readonly records: readonly OutcomeRecord[];
}

/**
 * The controlled lists of `@relais/contracts` (`outcomeSituation`, `OUTCOME_DETAIL_CODES`,
 * `outcomeCorrectionReason`), which the edge does not depend on: the pages offer these values
 * and income-continuity checks them (a code it no longer takes comes back as a field error).
 */
export const SITUATIONS = [
  'employed',
  'unemployment_benefits',
  'training',
  'integration_income',
  'other',
  'unknown',
] as const;

/** The optional detail of each situation; a code belongs to one situation only. */
export const DETAIL_CODES: Readonly<Record<(typeof SITUATIONS)[number], readonly string[]>> = {
  employed: ['permanent_contract', 'fixed_term_contract', 'temp_work', 'subsidised_job', 'self_employed'],
  unemployment_benefits: ['full_benefits', 'part_time_job_with_benefits'],
  training: ['qualifying_training', 'language_course', 'pre_training', 'studies'],
  integration_income: ['with_isp_follow_up', 'without_isp_follow_up'],
  other: ['health', 'care_for_family', 'moved_out_of_cpas_area', 'other_benefit', 'no_income'],
  unknown: ['not_reached', 'declined_to_answer'],
};

/** Why a recorded situation is corrected. */
export const CORRECTION_REASONS = ['data_entry_error', 'late_information', 'situation_misread'] as const;

/** A check's form sent back by the service: the values typed, the refusal and the fields it named. */
export interface OutcomeForm {
  readonly checkId: string;
  readonly kind: 'record' | 'correct';
  readonly values: FormBody;
  readonly error: string | null;
  readonly invalid: readonly string[];
}

/** The form fields the service's problem paths name (`body.detailCode` → `detailCode`). */
export const OUTCOME_FIELDS: Readonly<Record<string, string>> = {
  situation: 'situation',
  detailCode: 'detailCode',
  observedOn: 'observedOn',
  correctionReason: 'correctionReason',
};

/**
 * Days before its due day that a check's situation may be recorded: income-continuity's
 * `EARLY_RECORDING_DAYS` (the person is often seen a little early; a unit test keeps the two
 * equal). It refuses a situation observed before then, so the pages offer the form from then on.
 */
export const EARLY_RECORDING_DAYS = 14;

/**
 * Whether a check's situation can be recorded on `day`: `due` (due or overdue), `early` (in the
 * days before its due day when income-continuity takes it already), `later` or `recorded`;
 * `from` is the first day it can be.
 */
export const recordingOf = (
  check: Pick<OutcomeCheck, 'standing' | 'dueOn'>,
  day: string,
): { readonly recording: 'due' | 'early' | 'later' | 'recorded'; readonly recordableFrom: string } => {
  const recordableFrom = addDays(check.dueOn, -EARLY_RECORDING_DAYS);
  switch (check.standing) {
    case 'recorded':
      return { recording: 'recorded', recordableFrom };
    case 'due':
    case 'overdue':
      return { recording: 'due', recordableFrom };
    case 'scheduled':
      return { recording: day >= recordableFrom ? 'early' : 'later', recordableFrom };
  }
};

/** Checks with whether each can be recorded on `day`. */
export const withRecording = (checks: readonly OutcomeCheck[], day: string) =>
  checks.map((check) => ({ ...check, ...recordingOf(check, day) }));

/** Where a check stands, most pressing first (then the earliest due). */
const PRESSING = { overdue: 0, due: 1, scheduled: 2, recorded: 3 } as const;

/** The checks in the order they call for attention. */
export const byUrgency = (checks: readonly OutcomeCheck[]): OutcomeCheck[] =>
  [...checks].sort((a, b) => PRESSING[a.standing] - PRESSING[b.standing] || a.dueOn.localeCompare(b.dueOn));

/** A person's checks as the person page shows them (empty and `ok: false` if the service failed). */
export const personOutcomeChecks = async (
  api: PageApi,
  personId: string,
): Promise<{ readonly ok: boolean; readonly items: readonly OutcomeCheck[] }> => {
  const answer = await api.attempt<{ items: OutcomeCheck[] }>(
    'income-continuity',
    `/persons/${segment(personId)}/outcome-checks`,
  );
  return answer.ok
    ? { ok: true, items: [...answer.value.items].sort((a, b) => a.dueOn.localeCompare(b.dueOn)) }
    : { ok: false, items: [] };
};

/** What the person page's outcome section needs besides the checks. */
export const outcomeSection = (
  checks: { readonly ok: boolean; readonly items: readonly OutcomeCheck[] },
  form: OutcomeForm | null,
  day: string,
) => ({
  ok: checks.ok,
  checks: withRecording(checks.items, day),
  form,
  day,
  earlyDays: EARLY_RECORDING_DAYS,
  situations: SITUATIONS,
  detailCodes: DETAIL_CODES,
  reasons: CORRECTION_REASONS,
});
