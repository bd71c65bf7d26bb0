import { withTenantTransaction, type Tx } from '@relais/messaging';
import { belgianDay, DomainError, type ServiceContext } from '@relais/service-kit';
import {
  addTutorView,
  assertLinkUsable,
  assertTutorLinkIssuable,
  type CheckIn,
  type Voice,
} from '../domain/check-in.ts';
import type { Actor } from '../domain/model.ts';
import type { TrialPeriodConfig } from '../config.ts';
import { findCheckIn, saveCheckIn } from '../db/check-ins.ts';
import { findTrial } from '../db/trial-periods.ts';
import { findTutorLink, insertTutorLink, useTutorLink } from '../db/tutor-links.ts';
import { signTutorLink, verifyTutorLink, type TutorLinkClaims } from '../tutor-link/token.ts';

type Context = ServiceContext<TrialPeriodConfig>;

/** A freshly issued link: the token is shown once, to be sent by the notification part. */
export interface IssuedTutorLink {
  readonly linkId: string;
  readonly token: string;
  readonly expiresAt: string;
  /** Whose trial the link is for (the audit of the issue names the person). */
  readonly personId: string;
}

/** Issues a signed, expiring, single-use link for the host tutor's view of one check-in. */
export const issueTutorLink = (
  context: Context,
  input: { tenantId: string; trialPeriodId: string; checkInId: string; by: Actor },
): Promise<IssuedTutorLink> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    const trial = await findTrial(tx, input.tenantId, input.trialPeriodId, true);
    const checkIn = trial && (await findCheckIn(tx, input.tenantId, input.checkInId, 'update'));
    if (!trial || checkIn?.trialPeriodId !== trial.id) {
      throw new DomainError(
        'CHECK_IN_NOT_FOUND',
        'not_found',
        `no check-in ${input.checkInId} in this trial`,
      );
    }
    assertTutorLinkIssuable(trial, checkIn, input.by);
    const now = context.clock.now();
    const expiresAt = new Date(now.getTime() + context.config.TUTOR_LINK_TTL_HOURS * 3_600_000);
    const linkId = context.clock.newId();
    await insertTutorLink(tx, {
      id: linkId,
      tenantId: trial.tenantId,
      checkInId: checkIn.id,
      expiresAt: expiresAt.toISOString(),
      usedAt: null,
      revokedAt: null,
      issuedBy: input.by.id,
      issuedAt: now.toISOString(),
    });
    const token = signTutorLink(context.config.TUTOR_LINK_SECRET, {
      linkId,
      tenantId: trial.tenantId,
      expiresAt,
    });
    return { linkId, token, expiresAt: expiresAt.toISOString(), personId: trial.personId };
  });

/** What the tutor's form shows: the check-in's date and the items to rate; no personal data. */
export interface TutorLinkView {
  readonly checkInId: string;
  readonly sequence: number;
  readonly dueOn: string;
  readonly trialStartDate: string;
  readonly expiresAt: string;
}

const invalidLink = () =>
  new DomainError('TUTOR_LINK_INVALID', 'not_found', 'this link is not valid', 'token');

/**
 * Opens a link inside the caller's transaction. Locks (when `lock`) in the order every use case
 * follows: the trial, then the check-in, then (by the conditional update of its use) the link,
 * so a tutor and an officer never deadlock.
 */
const openLink = async (tx: Tx, claims: TutorLinkClaims, now: Date, lock: boolean) => {
  const link = await findTutorLink(tx, claims.tenantId, claims.linkId);
  if (!link) throw invalidLink();
  assertLinkUsable(link, now);
  const unlocked = await findCheckIn(tx, link.tenantId, link.checkInId);
  const trial = unlocked && (await findTrial(tx, link.tenantId, unlocked.trialPeriodId, lock));
  const checkIn = lock ? await findCheckIn(tx, link.tenantId, link.checkInId, 'update') : unlocked;
  if (!checkIn || !trial) throw invalidLink();
  return { link, checkIn, trial };
};

/** Verifies a tutor's link without using it (the tutor opens the form). */
export const verifyTutorLinkAccess = async (context: Context, token: string): Promise<TutorLinkView> => {
  const now = context.clock.now();
  const claims = verifyTutorLink(context.config.TUTOR_LINK_SECRET, token, now);
  const { link, checkIn, trial } = await withTenantTransaction(
    context.pool,
    claims.tenantId,
    (tx) => openLink(tx, claims, now, false),
    { readOnly: true },
  );
  if (
    trial.status !== 'running' ||
    checkIn.status === 'cancelled' ||
    checkIn.voices.some((v) => v.voice === 'tutor')
  ) {
    throw new DomainError('TUTOR_LINK_NO_LONGER_NEEDED', 'conflict', 'this check-in no longer takes a view');
  }
  return {
    checkInId: checkIn.id,
    sequence: checkIn.sequence,
    dueOn: checkIn.dueOn,
    trialStartDate: trial.startDate,
    expiresAt: link.expiresAt,
  };
};

/**
 * The tutor gives their view through the link: the voice joins the check-in and the link is
 * used, in one transaction (a second submission is TUTOR_LINK_USED).
 */
export const giveTutorView = (
  context: Context,
  token: string,
  view: Pick<Voice, 'ratings' | 'comment'>,
): Promise<CheckIn> => {
  const now = context.clock.now();
  const claims = verifyTutorLink(context.config.TUTOR_LINK_SECRET, token, now);
  return withTenantTransaction(context.pool, claims.tenantId, async (tx) => {
    const { link, checkIn, trial } = await openLink(tx, claims, now, true);
    const added = addTutorView(trial, checkIn, view, link.id, belgianDay(now));
    if (!(await useTutorLink(tx, link, now.toISOString()))) {
      throw new DomainError('TUTOR_LINK_USED', 'conflict', 'this link was already used');
    }
    await saveCheckIn(tx, added.checkIn, [added.voice], null);
    context.logger.info({ checkInId: checkIn.id, flagged: added.checkIn.flagged }, 'tutor view given');
    return added.checkIn;
  });
};
