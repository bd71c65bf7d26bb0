import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { ChecklistTemplate } from '../domain/report.ts';
import { loadCurrentTemplate } from '../db/settings.ts';
import { todayOf } from './support.ts';

/** The checklist the CPAS's visits are reported against today. */
export const currentChecklist = (context: ServiceContext, tenantId: string): Promise<ChecklistTemplate> =>
  withTenantTransaction(context.pool, tenantId, (tx) => loadCurrentTemplate(tx, tenantId, todayOf(context)), {
    readOnly: true,
  });
