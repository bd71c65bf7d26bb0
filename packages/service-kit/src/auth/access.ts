import type { FastifyRequest } from 'fastify';
import type { ServiceApp } from '../app.ts';
import { DomainError } from '../errors.ts';
import { ROLES, type UserRole } from './roles.ts';
import type { Principal } from './tokens.ts';

/** Why a person's data is processed, recorded with every audited access (GDPR art. 5(1)(b)). */
export type Purpose =
  | 'isp_follow_up'
  | 'workplace_safety'
  | 'social_integration_right'
  | 'committee_decision'
  | 'data_protection'
  | 'administration'
  | 'platform_operation'
  /** What the platform does on its own following an event (an ended trial reopening the income). */
  | 'automated_processing';

/** The purpose under which each role works, unless a route names its own. */
export const PURPOSE_BY_ROLE: Record<UserRole, Purpose> = {
  placement_officer: 'isp_follow_up',
  safety_officer: 'workplace_safety',
  social_worker: 'social_integration_right',
  committee_member: 'committee_decision',
  committee_secretary: 'committee_decision',
  cpas_admin: 'administration',
  platform_operator: 'platform_operation',
};

/** What an access to a person's record writes to the audit log. */
export interface AuditRule {
  /** The kind of record (`candidate`, `trial_period`, `income_coverage`…). */
  readonly record: string;
  /** The route parameter naming the person (e.g. `candidateId`), when the path names them. */
  readonly personParam?: string;
  /** The response field naming the person, looked for in the body and its lists (default `personId`). */
  readonly personField?: string;
  readonly purpose?: Purpose;
}

/** Who may call a route. Deny by default: a route with no rule does not start. */
export type AccessRule =
  | { readonly public: true; readonly reason: string }
  | {
      readonly roles: readonly UserRole[];
      /**
       * Reads of a person's record are audited when this is set; every change is audited, unless
       * `false` says another audited place records it (the edge's forwarding: the service audits).
       */
      readonly audit?: AuditRule | false;
    };

/** One service's access matrix: `'METHOD /path'` (fastify's path, `:params`) → rule. */
export type AccessMatrix = Readonly<Record<string, AccessRule>>;

/** Declares a service's matrix (typed, and checked against its routes at start). */
export const defineAccess = <M extends AccessMatrix>(matrix: M): M => matrix;

/** Every role, for routes any signed-in member of a CPAS may use. */
export const ANY_ROLE: readonly UserRole[] = ROLES;

/** How a request proves who makes it: a verified token, or the edge's session. `null` = nobody. */
export type Authenticate = (request: FastifyRequest) => Promise<Principal | null>;

/** The authenticated caller of a request, with the role the route allows them to act in. */
export interface RequestPrincipal extends Principal {
  /** The first of the caller's roles that the route allows (recorded in histories). */
  readonly actingRole: UserRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: RequestPrincipal;
  }
  interface FastifyContextConfig {
    access?: AccessRule;
  }
}

/** The `'METHOD /path'` key of a route. */
export const routeKey = (method: string, url: string): string => `${method.toUpperCase()} ${url}`;

const methodsOf = (method: string | string[]): string[] => (Array.isArray(method) ? method : [method]);

/** Operational routes every service has, readable without sign-in. */
export const OPERATIONAL_ACCESS: AccessMatrix = {
  'GET /health/live': { public: true, reason: 'liveness probe' },
  'GET /health/ready': { public: true, reason: 'readiness probe' },
  'GET /openapi.json': { public: true, reason: 'published API contract' },
  'GET /metrics': { public: true, reason: 'Prometheus scraping (no personal data)' },
};

/**
 * Installs deny-by-default authorisation: every route must have a rule in the matrix (or the
 * app refuses to start), every non-public route needs an authenticated caller holding one of
 * its roles (401 otherwise, 403 for a role not allowed), checked before the body is even parsed.
 */
export const installAccessControl = (
  app: ServiceApp,
  options: { readonly matrix: AccessMatrix; readonly authenticate: Authenticate },
): void => {
  const matrix: AccessMatrix = { ...OPERATIONAL_ACCESS, ...options.matrix };
  const seen = new Set<string>();
  app.addHook('onRoute', (route) => {
    for (const method of methodsOf(route.method)) {
      const key = routeKey(method, route.url);
      // fastify's automatic HEAD twin of a GET route shares that route's rule.
      const rule = matrix[key] ?? (method === 'HEAD' ? matrix[routeKey('GET', route.url)] : undefined);
      if (!rule) throw new Error(`route ${key} has no access rule: add it to the service's access matrix`);
      if (key in matrix) seen.add(key);
      route.config = { ...route.config, access: rule };
    }
  });
  app.addHook('onReady', () => {
    const stale = Object.keys(matrix).filter((key) => !seen.has(key));
    if (stale.length > 0)
      return Promise.reject(new Error(`access rules for routes that do not exist: ${stale.join(', ')}`));
    return Promise.resolve();
  });
  // preParsing, not onRequest: plugins' onRequest hooks (the edge's cookie and session) have run,
  // so a session can authenticate; the body is still unread.
  app.addHook('preParsing', async (request) => {
    const rule = request.routeOptions.config.access;
    // Unmatched URLs (404) carry no rule and answer the same problem with or without a token;
    // a matched route without one cannot exist (onRoute refuses it), and would be refused here.
    if (!rule && request.routeOptions.url === undefined) return;
    if (!rule) throw new DomainError('ROLE_NOT_ALLOWED', 'forbidden', 'this route has no access rule');
    if ('public' in rule) return;
    const principal = await options.authenticate(request);
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'unauthenticated', 'sign-in required');
    const actingRole = rule.roles.find((role) => principal.roles.includes(role));
    if (!actingRole) {
      throw new DomainError(
        'ROLE_NOT_ALLOWED',
        'forbidden',
        `this action is for ${rule.roles.join(', ')}; the caller is ${principal.roles.join(', ')}`,
      );
    }
    request.principal = { ...principal, actingRole };
  });
};

/** The caller of a request that passed access control (a route with roles). */
export const principalOf = (request: FastifyRequest): RequestPrincipal => {
  if (!request.principal)
    throw new Error(`no principal on ${request.method} ${request.url}: is the route public?`);
  return request.principal;
};
