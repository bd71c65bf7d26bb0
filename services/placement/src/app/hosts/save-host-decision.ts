import type { Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { HostDecision } from '../../domain/host.ts';
import { recordPartnerChange, saveHostStatus } from '../../db/hosts.ts';

/** Saves a decided host and, when its partner status moved, the line of history saying why. */
export const saveHostDecision = async (
  context: ServiceContext,
  tx: Tx,
  decision: HostDecision,
): Promise<void> => {
  await saveHostStatus(tx, decision.host);
  if (decision.change) {
    await recordPartnerChange(tx, decision.host, decision.change, {
      id: context.clock.newId(),
      at: context.clock.now().toISOString(),
    });
  }
};
