import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { changeSafetyProfile as decide, type RiskLevel, type SafetyHost } from '../domain/model.ts';
import { saveHost } from '../db/hosts.ts';
import type { VisitCommandContext } from './change-visit.ts';
import { refreshHostStatus } from './refresh-host-status.ts';
import { lockHost } from './support.ts';

/** Sets a host's risk level and assigned safety officer; the periodic visit's due day follows the level. */
export const changeSafetyProfile = (
  context: ServiceContext,
  command: {
    readonly tenantId: string;
    readonly hostId: string;
    readonly riskLevel: RiskLevel;
    readonly assignedSafetyOfficerId: string | null;
  },
  { by, ...cause }: VisitCommandContext,
): Promise<SafetyHost> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const host = decide(await lockHost(tx, command.tenantId, command.hostId), command, by);
    await saveHost(tx, host);
    return refreshHostStatus(context, tx, host, { ...cause, visitId: null });
  });
