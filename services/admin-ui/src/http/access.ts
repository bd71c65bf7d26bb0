import { ANY_ROLE, defineAccess } from '@relais/service-kit';
import { PAGE_ACCESS } from '../pages/page-access.ts';
import { FORWARD_ROUTE, FORWARDED_METHODS } from './forward-routes.ts';

/**
 * Every signed-in user may reach the services through the edge; each service then decides by
 * role and audits the access itself, with the same account and correlation id (not twice here).
 */
const forwarded = Object.fromEntries(
  FORWARDED_METHODS.map((method) => [
    `${method} ${FORWARD_ROUTE}`,
    { roles: ANY_ROLE, audit: false as const },
  ]),
);

/**
 * Who may do what at the edge. Signing in is open (rate-limited, locked after failures); anyone
 * signed in reads their session, changes their password, signs out, and reaches the services
 * (which authorise by role themselves: the edge does not copy their matrices). A CPAS
 * administrator manages the accounts of their own CPAS (row-level security holds them to it);
 * only the platform operator registers a CPAS and its first administrator. The pages' own rules
 * (each role its screens) are in `src/pages/page-access.ts`.
 */
export const access = defineAccess({
  ...PAGE_ACCESS,
  'POST /auth/sign-in': { public: true, reason: 'signing in (rate-limited; locked after repeated failures)' },
  'GET /auth/session': { roles: ANY_ROLE },
  'POST /auth/password': { roles: ANY_ROLE },
  'POST /auth/sign-out': { roles: ANY_ROLE },
  'GET /accounts': { roles: ['cpas_admin'] },
  'POST /accounts': { roles: ['cpas_admin'] },
  'POST /accounts/:accountId/disable': { roles: ['cpas_admin'] },
  'POST /accounts/:accountId/roles': { roles: ['cpas_admin'] },
  'POST /cpas': { roles: ['platform_operator'] },
  ...forwarded,
});
