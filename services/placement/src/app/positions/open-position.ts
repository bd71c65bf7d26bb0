import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../../domain/model.ts';
import { openPosition as decideOpening, type OpenPosition, type Position } from '../../domain/position.ts';
import { findHost } from '../../db/hosts.ts';
import { insertPosition } from '../../db/positions.ts';
import { loadMatchingSettings } from '../../db/settings.ts';
import { unknownSkillCodes } from '../../db/skills.ts';

/**
 * Opens a post at a host employer. The host row is locked (FOR SHARE) so a suspension committed
 * at the same moment cannot slip in between the check and the insert.
 */
export const openPosition = (
  context: ServiceContext,
  command: OpenPosition & { readonly tenantId: string },
  by: Actor,
): Promise<Position> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const today = belgianDay(context.clock.now());
    const host = await findHost(tx, command.tenantId, command.hostEmployerId, 'share');
    const unknownSkills = await unknownSkillCodes(tx, command.tenantId, [
      ...command.requiredSkills,
      ...command.desiredSkills,
    ]);
    const settings = await loadMatchingSettings(tx, command.tenantId, today);
    const position = decideOpening(
      command,
      { host, unknownSkills, positionExpiryDays: settings.positionExpiryDays, today },
      by,
      context.clock.newId(),
    );
    await insertPosition(tx, position);
    return position;
  });
