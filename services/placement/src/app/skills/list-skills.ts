import { withTenantTransaction } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import type { Skill } from '../../domain/position.ts';
import { listSkills as listVocabulary } from '../../db/skills.ts';

/** The CPAS's skills vocabulary, by code. */
export const listSkills = (context: ServiceContext, tenantId: string): Promise<Skill[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listVocabulary(tx, tenantId), { readOnly: true });
