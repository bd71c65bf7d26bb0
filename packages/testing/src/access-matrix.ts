import {
  AUDIT_ACCESS,
  OPERATIONAL_ACCESS,
  ROLES,
  type AccessMatrix,
  type UserRole,
} from '@relais/service-kit';
import type { LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { authHeaders } from './auth.ts';

/** An HTTP method the probes send. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What the probe needs of an app: fastify's `inject`. */
export interface Injectable {
  inject(options: {
    method: Method;
    url: string;
    headers?: Record<string, string>;
    payload?: unknown;
  }): Promise<LightMyRequestResponse>;
}

/** One route × caller the probe found answering against its rule. */
export interface AccessViolation {
  readonly route: string;
  readonly caller: UserRole | 'anonymous';
  readonly status: number;
  readonly expected: 'allowed' | 'forbidden' | 'unauthenticated';
}

const split = (key: string): { method: Method; path: string } => {
  const [method, path] = key.split(' ') as [Method, string];
  return { method, path };
};

/** The full matrix a service runs with: its own rules, the audit route and the operational routes. */
export const fullMatrix = (matrix: AccessMatrix): AccessMatrix => ({
  ...OPERATIONAL_ACCESS,
  ...AUDIT_ACCESS,
  ...matrix,
});

/** How a probe calls a route: as nobody (`null`) or as a caller holding one role alone; the status. */
export type ProbeCall = (
  method: Method,
  url: string,
  payload: object | undefined,
  role: UserRole | null,
) => Promise<number>;

/**
 * Calls every route of a matrix anonymously and as each role alone (random ids in the path, an
 * empty body) through `call`, and lists every answer that contradicts the rule: a protected route
 * must answer 401 to nobody, 403 to a role it does not list, and neither to a role it lists (a
 * 400 or 404 for the made-up request is fine: the caller got past authorisation). `order` and
 * `beforeRoute` let a caller whose sessions a route ends (sign-out) probe it last, afresh.
 */
export const probeMatrixWith = async (
  matrix: AccessMatrix,
  call: ProbeCall,
  hooks: {
    readonly order?: (keys: string[]) => string[];
    readonly beforeRoute?: (key: string) => Promise<void>;
  } = {},
): Promise<AccessViolation[]> => {
  const rules = fullMatrix(matrix);
  const keys = hooks.order ? hooks.order(Object.keys(rules)) : Object.keys(rules);
  const violations: AccessViolation[] = [];
  for (const key of keys) {
    const rule = rules[key];
    if (!rule) continue;
    await hooks.beforeRoute?.(key);
    const { method, path } = split(key);
    const url = path.replace(/:\w+/g, () => uuidv7());
    const payload = method === 'GET' || method === 'DELETE' ? undefined : {};
    const anonymous = await call(method, url, payload, null);
    if ('public' in rule) {
      if ([401, 403].includes(anonymous))
        violations.push({ route: key, caller: 'anonymous', status: anonymous, expected: 'allowed' });
      continue;
    }
    if (anonymous !== 401)
      violations.push({ route: key, caller: 'anonymous', status: anonymous, expected: 'unauthenticated' });
    for (const role of ROLES) {
      const status = await call(method, url, payload, role);
      const allowed = rule.roles.includes(role);
      const refused = status === 401 || status === 403;
      if (allowed === refused)
        violations.push({ route: key, caller: role, status, expected: allowed ? 'allowed' : 'forbidden' });
    }
  }
  return violations;
};

/** {@link probeMatrixWith} over fastify's `inject`, as each role with a service token of the test's key. */
export const probeAccessMatrix = (
  app: Injectable,
  matrix: AccessMatrix,
  tenantId: string,
): Promise<AccessViolation[]> =>
  probeMatrixWith(matrix, async (method, url, payload, role) => {
    const headers = role ? await authHeaders({ tenantId, roles: role }) : undefined;
    const answer = await app.inject({
      method,
      url,
      ...(headers ? { headers } : {}),
      ...(payload ? { payload } : {}),
    });
    return answer.statusCode;
  });

/** The matrix as a person reads it: one line per route, the roles allowed. */
export const describeMatrix = (matrix: AccessMatrix): string =>
  Object.entries(fullMatrix(matrix))
    .map(
      ([key, rule]) =>
        `${key.padEnd(70)} ${'public' in rule ? `public (${rule.reason})` : rule.roles.join(', ')}`,
    )
    .join('\n');

interface OpenApiSchema {
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: unknown;
  items?: OpenApiSchema;
  anyOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  allOf?: OpenApiSchema[];
}

const loose = (schema: OpenApiSchema | undefined, at: string): string[] => {
  if (!schema) return [];
  const own =
    schema.type === 'object' && schema.properties && schema.additionalProperties !== false ? [at] : [];
  return [
    ...own,
    ...Object.entries(schema.properties ?? {}).flatMap(([key, inner]) => loose(inner, `${at}.${key}`)),
    ...loose(schema.items, `${at}[]`),
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])].flatMap((s) =>
      loose(s, at),
    ),
  ];
};

/**
 * The request bodies (and objects inside them) of an OpenAPI document that accept fields they
 * do not declare: a privileged field (`tenantId`, `status`) slipped into a body must be refused,
 * not silently dropped or, worse, used.
 */
export const bodiesAcceptingUnknownFields = (openapi: unknown): string[] => {
  const paths = (openapi as { paths?: Record<string, Record<string, unknown>> }).paths ?? {};
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) => {
      const content = (
        operation as { requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> } }
      ).requestBody?.content;
      return Object.values(content ?? {}).flatMap((c) => loose(c.schema, `${method.toUpperCase()} ${path}`));
    }),
  );
};
