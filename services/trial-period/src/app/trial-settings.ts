import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../domain/model.ts';
import type { TrialSettings } from '../domain/schedule.ts';
import { insertTrialSettings, listTrialSettings } from '../db/settings.ts';

/** Roles that may set a CPAS's trial settings. */
export const SET_TRIAL_SETTINGS_ROLES: readonly Actor['role'][] = ['cpas_admin'];

/** The CPAS's own settings and the platform defaults (newest first). */
export const listSettings = (context: ServiceContext, tenantId: string): Promise<TrialSettings[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listTrialSettings(tx, tenantId), { readOnly: true });

/**
 * Adds an effective-dated settings row for the CPAS (rows are never edited: a change in force
 * from a later day is a new row). Applies to trials whose placement starts on or after it.
 */
export const addSettings = (
  context: ServiceContext,
  input: { tenantId: string; by: Actor; settings: Omit<TrialSettings, 'id' | 'tenantId'> },
): Promise<TrialSettings> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    if (!SET_TRIAL_SETTINGS_ROLES.includes(input.by.role)) {
      throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', `a ${input.by.role} cannot set trial settings`);
    }
    if (input.settings.checkInOffsetsDays.some((o) => o >= input.settings.lengthDays)) {
      throw new DomainError(
        'CHECK_IN_AFTER_TRIAL_END',
        'invalid',
        'every check-in falls within the trial (offset below the length)',
        'checkInOffsetsDays',
      );
    }
    const settings: TrialSettings = {
      ...input.settings,
      id: context.clock.newId(),
      tenantId: input.tenantId,
    };
    if (!(await insertTrialSettings(tx, settings))) {
      throw new DomainError(
        'SETTINGS_ALREADY_EXIST',
        'conflict',
        `settings already take effect on ${settings.effectiveFrom} for this contract type`,
        'effectiveFrom',
      );
    }
    return settings;
  });
