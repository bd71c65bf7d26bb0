import { HostEmployerRegisteredV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import {
  formatEnterpriseNumber,
  registerHost as decideRegistration,
  type HostEmployer,
  type RegisterHost,
} from '../../domain/host.ts';
import type { Actor } from '../../domain/model.ts';
import { insertHost, recordPartnerChange } from '../../db/hosts.ts';

/**
 * Registers a host employer (utilisateur) with its sites: enterprise number checked (mod 97),
 * partner status `pending_safety_visit` until the prevention officer clears it, first line of
 * its partner history. One registration per enterprise number and CPAS.
 */
export const registerHost = (
  context: ServiceContext,
  command: RegisterHost,
  by: Actor,
  correlationId: string,
): Promise<HostEmployer> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const { clock } = context;
    const { host, change } = decideRegistration(command, by, {
      host: clock.newId(),
      sites: command.sites.map(() => clock.newId()),
    });
    if (!(await insertHost(tx, host))) {
      throw new DomainError(
        'HOST_ALREADY_REGISTERED',
        'conflict',
        'the CPAS already has a host employer with this enterprise number',
        'enterpriseNumber',
      );
    }
    await recordPartnerChange(tx, host, change, { id: clock.newId(), at: clock.now().toISOString() });
    await context.events.append(tx, HostEmployerRegisteredV1, {
      tenantId: host.tenantId,
      aggregateId: host.id,
      correlationId,
      causationId: null,
      data: {
        hostEmployerId: host.id,
        enterpriseNumber: formatEnterpriseNumber(host.enterpriseNumber),
        name: host.name,
        legalType: host.legalType,
        sector: host.sector,
        sites: host.sites.map((s) => ({
          siteId: s.id,
          name: s.name,
          address: s.address,
          commune: s.commune,
        })),
      },
    });
    return host;
  });
