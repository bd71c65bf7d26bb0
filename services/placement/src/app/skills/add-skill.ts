import { withTenantTransaction } from '@relais/messaging';
import { DomainError, type ServiceContext } from '@relais/service-kit';
import type { Actor } from '../../domain/model.ts';
import { defineSkill, type Skill } from '../../domain/position.ts';
import { insertSkill } from '../../db/skills.ts';

/** Adds a skill to the CPAS's vocabulary; a code already there is a conflict. */
export const addSkill = (
  context: ServiceContext,
  tenantId: string,
  skill: Skill,
  by: Actor,
): Promise<Skill> =>
  withTenantTransaction(context.pool, tenantId, async (tx) => {
    const defined = defineSkill(skill, by);
    if (!(await insertSkill(tx, tenantId, defined))) {
      throw new DomainError(
        'SKILL_ALREADY_DEFINED',
        'conflict',
        `the vocabulary already has ${skill.code}`,
        'code',
      );
    }
    return defined;
  });
