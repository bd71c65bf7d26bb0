import { ROLES, type AccessMatrix, type UserRole } from '@relais/service-kit';
import { fullMatrix, type AccessViolation, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import type { AdminUiConfig } from '../src/config.ts';
import { Browser, present, signedIn } from './edge.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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
  const entries = Object.entries(fullMatrix(matrix)).sort(
    ([a], [b]) => Number(a.endsWith('sign-out')) - Number(b.endsWith('sign-out')),
  );
  const violations: AccessViolation[] = [];
  for (const [key, rule] of entries) {
    const [method, path] = key.split(' ') as [Method, string];
    // Each sign-out route gets sessions of its own (the one before it ended them).
    if (path.endsWith('sign-out')) await signInEveryRole();
    const url = path.replace(/:\w+/g, () => uuidv7());
    const payload = method === 'GET' || method === 'DELETE' ? undefined : {};
    const asNobody = await anonymous.request(method, url, { payload });
    if ('public' in rule) {
      if ([401, 403].includes(asNobody.statusCode))
        violations.push({
          route: key,
          caller: 'anonymous',
          status: asNobody.statusCode,
          expected: 'allowed',
        });
      continue;
    }
    if (asNobody.statusCode !== 401)
      violations.push({
        route: key,
        caller: 'anonymous',
        status: asNobody.statusCode,
        expected: 'unauthenticated',
      });
    for (const role of ROLES) {
      const answer = await present(sessions.get(role), role).request(method, url, { payload });
      const allowed = rule.roles.includes(role);
      const refused = answer.statusCode === 401 || answer.statusCode === 403;
      if (allowed === refused)
        violations.push({
          route: key,
          caller: role,
          status: answer.statusCode,
          expected: allowed ? 'allowed' : 'forbidden',
        });
    }
  }
  return violations;
};
