import type { FastifyRequest } from 'fastify';
import type { SignedInAccount } from '../identity/identity-provider.ts';

/**
 * Opens a session for a signed-in account under a new id (a session id planted in the browser
 * before sign-in is worthless after it: no fixation). Its CSRF secret is new with it.
 */
export const establishSession = async (
  request: FastifyRequest,
  account: SignedInAccount,
  signedInAt: number,
): Promise<void> => {
  await request.session.regenerate();
  request.session.user = account;
  request.session.signedInAt = signedInAt;
};
