import { notePersonsChanged, withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import {
  referCandidate as decideReferral,
  type Candidate,
  type ReferCandidate,
} from '../../domain/candidate.ts';
import { validateNiss } from '../../domain/identifiers.ts';
import type { Actor } from '../../domain/model.ts';
import { insertCandidate, recordStatusChange } from '../../db/candidates.ts';
import { unknownSkillCodes } from '../../db/skills.ts';

/**
 * The social service refers a person: NISS checked (mod 97, births from 2000 included),
 * skills checked against the CPAS's vocabulary, the person stored as `referred` with the
 * first line of their history.
 */
export const referCandidate = (
  context: ServiceContext,
  command: ReferCandidate,
  by: Actor,
): Promise<Candidate> =>
  withTenantTransaction(context.pool, command.tenantId, async (tx) => {
    const niss = validateNiss(command.niss);
    if (!niss.ok) {
      throw new DomainError(
        'NISS_INVALID',
        'invalid',
        niss.reason === 'checksum'
          ? 'the national register number fails its check digits'
          : 'not a national register number: 11 digits, YYMMDD then a sequence and two check digits',
        'niss',
      );
    }
    const unknown = await unknownSkillCodes(tx, command.tenantId, command.skills);
    if (unknown.length > 0) {
      throw new DomainError('SKILL_UNKNOWN', 'invalid', `unknown skills: ${unknown.join(', ')}`, 'skills');
    }
    const now = context.clock.now();
    const candidate = decideReferral(
      { ...command, niss: niss.niss },
      by,
      belgianDay(now),
      context.clock.newId(),
    );
    if (!(await insertCandidate(tx, candidate))) {
      throw new DomainError(
        'CANDIDATE_ALREADY_REFERRED',
        'conflict',
        'this person is already followed by the placement service',
        'niss',
      );
    }
    notePersonsChanged(tx, [candidate.id]);
    await recordStatusChange(tx, candidate.tenantId, candidate.id, context.clock.newId(), {
      from: null,
      to: 'referred',
      reason: 'referred_by_social_service',
      actorId: by.id,
      actorRole: by.role,
      at: now.toISOString(),
    });
    return candidate;
  });
