import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { Actor } from '../domain/model.ts';
import { checkTemplate, type ChecklistItem, type ChecklistTemplate } from '../domain/report.ts';
import { insertTemplate } from '../db/settings.ts';

/** Publishes a new version of the CPAS's visit checklist, in force from a day. */
export const publishChecklistTemplate = (
  context: ServiceContext,
  command: {
    readonly tenantId: string;
    readonly effectiveFrom: string;
    readonly items: readonly ChecklistItem[];
  },
  by: Actor,
): Promise<ChecklistTemplate> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    checkTemplate(command.items, by);
    return insertTemplate(tx, { ...command, id: context.clock.newId() });
  });
