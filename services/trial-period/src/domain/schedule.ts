import { addDays } from './model.ts';

/**
 * The trial settings in force for a CPAS and a contract type on a day (effective-dated, stored
 * in `trial_settings`; the platform default row is seeded by a migration, never written in code).
 */
export interface TrialSettings {
  readonly id: string;
  readonly tenantId: string | null;
  readonly contractType: string | null;
  readonly effectiveFrom: string;
  readonly lengthDays: number;
  /** Days after the first day (0) on which a check-in is due. */
  readonly checkInOffsetsDays: readonly number[];
  readonly overdueGraceDays: number;
}

/** The planned shape of one trial: its last day and the due dates of its check-ins. */
export interface TrialPlan {
  readonly plannedEndDate: string;
  readonly checkInsDueOn: readonly string[];
}

/**
 * Plans a trial from its first day. Offsets beyond the trial's last day are brought back to it
 * (a CPAS shortening the trial must not lose its final check-in); duplicates collapse.
 */
export const planTrial = (startDate: string, settings: TrialSettings): TrialPlan => {
  const lastOffset = settings.lengthDays - 1;
  const offsets = [...new Set(settings.checkInOffsetsDays.map((o) => Math.min(Math.max(o, 0), lastOffset)))];
  offsets.sort((a, b) => a - b);
  return {
    plannedEndDate: addDays(startDate, lastOffset),
    checkInsDueOn: offsets.map((o) => addDays(startDate, o)),
  };
};
