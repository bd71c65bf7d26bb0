import { ROLES, type AccessMatrix, type UserRole } from '@relais/service-kit';
import { probeMatrixWith, type AccessViolation, type TestService } from '@relais/testing';
import type { AdminUiConfig } from '../src/config.ts';
import { Browser, present, signedIn } from './edge.ts';

/**
 * The edge's equivalent of `probeAccessMatrix` (which signs bearer tokens the edge does not take):
 * every route of the matrix, anonymously and in a session of an account holding each role alone,
 * with made-up ids and an empty body; the same expectations (401 anonymous, 403 for a role not
 * listed, neither for a role listed). Signing out goes last, since it ends the session it probes,
 * and each sign-out route (the API's, the pages') is probed with fresh sessions.
 */
export const probeSessionMatrix = async (
  edge: TestService<AdminUiConfig>,
  matrix: AccessMatrix,
  emailOf: (role: UserRole) => string,
): Promise<AccessViolation[]> => {
  const sessions = new Map<UserRole, Browser>();
  const signInEveryRole = async () => {
    for (const role of ROLES) sessions.set(role, await signedIn(edge, emailOf(role)));
  };
  await signInEveryRole();
  const anonymous = new Browser(edge);
  const isSignOut = (key: string) => key.endsWith('sign-out');
  return probeMatrixWith(
    matrix,
    async (method, url, payload, role) =>
      (await (role ? present(sessions.get(role), role) : anonymous).request(method, url, { payload }))
        .statusCode,
    {
      order: (keys) => [...keys].sort((a, b) => Number(isSignOut(a)) - Number(isSignOut(b))),
      // Each sign-out route gets sessions of its own (the one before it ended them).
      beforeRoute: async (key) => {
        if (isSignOut(key)) await signInEveryRole();
      },
    },
  );
};
