import { HostBlockedPlacementsAlertV1, HostSafetyStatusChangedV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { deriveSafetyStatus } from '../domain/safety-status.ts';
import type { SafetyHost } from '../domain/model.ts';
import { listAccidentsOfHost } from '../db/accidents.ts';
import { listActions, listFindings } from '../db/findings.ts';
import { insertStatusChange, saveHost } from '../db/hosts.ts';
import { ongoingPlacementIds } from '../db/placements.ts';
import { loadPeriodicInterval } from '../db/settings.ts';
import { listVisitsOfHost } from '../db/visits.ts';
import { entryOf, todayOf, type Cause } from './support.ts';

/**
 * Derives the host's safety status again from all its facts, inside the caller's transaction
 * (which holds the host row), as of `today` (the clock's day unless a job names the day it checks). A change is saved to the history and announced by
 * HostSafetyStatusChanged in the same transaction; a change to `blocked` also alerts the
 * referents of the host's ongoing placements (HostBlockedPlacementsAlert) — they go on.
 */
export const refreshHostStatus = async (
  context: ServiceContext,
  tx: Tx,
  host: SafetyHost,
  cause: Cause & { readonly visitId: string | null; readonly today?: string },
): Promise<SafetyHost> => {
  const { today = todayOf(context), ...origin } = cause;
  const [visits, findings, actions, accidents, periodicIntervalDays] = [
    await listVisitsOfHost(tx, host.tenantId, host.id),
    await listFindings(tx, host.tenantId, { hostId: host.id }),
    await listActions(tx, host.tenantId, { hostId: host.id }),
    await listAccidentsOfHost(tx, host.tenantId, host.id),
    await loadPeriodicInterval(tx, host.tenantId, host.riskLevel, today),
  ];
  const derived = deriveSafetyStatus(
    {
      visits: visits.map((v) => ({
        id: v.id,
        kind: v.kind,
        status: v.status,
        dueBy: v.dueBy,
        completedOn: v.status === 'completed' ? v.report.completedOn : null,
      })),
      findings,
      actions,
      accidents,
    },
    { today, periodicIntervalDays, previous: host.safetyStatus },
  );
  const changed = derived.status !== host.safetyStatus;
  const next: SafetyHost = {
    ...host,
    nextPeriodicDue: derived.nextPeriodicDue,
    statusReason: derived.reasonCode,
    ...(changed ? { safetyStatus: derived.status, statusSince: today } : {}),
  };
  await saveHost(tx, next);
  if (!changed) return next;
  const visitId = origin.visitId ?? derived.visitId;
  await insertStatusChange(tx, host, {
    ...entryOf(context),
    from: host.safetyStatus,
    to: derived.status,
    reasonCode: derived.reasonCode,
    visitId,
    assessedOn: today,
  });
  const envelope = {
    tenantId: host.tenantId,
    aggregateId: host.id,
    correlationId: origin.correlationId,
    causationId: origin.causationId,
  };
  await context.events.append(tx, HostSafetyStatusChangedV1, {
    ...envelope,
    data: {
      hostEmployerId: host.id,
      safetyStatus: derived.status,
      reasonCode: derived.reasonCode,
      visitId,
      assessedOn: today,
    },
  });
  if (derived.status === 'blocked') {
    const placementIds = await ongoingPlacementIds(tx, host.tenantId, host.id, today);
    if (placementIds.length > 0)
      await context.events.append(tx, HostBlockedPlacementsAlertV1, {
        ...envelope,
        data: { hostEmployerId: host.id, reasonCode: derived.reasonCode, blockedOn: today, placementIds },
      });
  }
  context.logger.info(
    { hostEmployerId: host.id, from: host.safetyStatus, to: derived.status, reasonCode: derived.reasonCode },
    'host safety status changed',
  );
  return next;
};
