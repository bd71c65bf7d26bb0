import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { Histogram, type Registry } from 'prom-client';
import { v7 as uuidv7, validate as isUuid } from 'uuid';
import { z } from 'zod';
import { checkReadiness, type ReadinessCheck } from './health.ts';
import { problemErrorHandler } from './problem.ts';

/** The fastify instance of a service, typed by zod schemas. */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  Logger,
  ZodTypeProvider
>;

/** What the HTTP edge of a service needs. */
export interface ServiceAppOptions {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: readonly ReadinessCheck[];
}

/** Header carrying the CPAS on whose behalf a request is made (sign-in replaces it with a verified token). */
export const TENANT_HEADER = 'x-tenant-id';
/** Header carrying the correlation id that follows a request through events and services. */
export const CORRELATION_HEADER = 'x-correlation-id';

/** The headers schema every tenant-scoped route declares. */
export const tenantHeaders = z.object({ [TENANT_HEADER]: z.uuid() });

/** Roles of CPAS staff and of the platform; `system` is the platform acting on an event or a schedule. */
export const ROLES = [
  'placement_officer',
  'safety_officer',
  'social_worker',
  'committee_member',
  'committee_secretary',
  'cpas_admin',
  'platform_operator',
] as const;
/** A role of a person using the platform. */
export type UserRole = (typeof ROLES)[number];

/** Header carrying who makes the request, recorded in histories (a verified token replaces it with sign-in, issue 7). */
export const ACTOR_ID_HEADER = 'x-actor-id';
/** Header carrying the role the request is made in. */
export const ACTOR_ROLE_HEADER = 'x-actor-role';

/** Headers of a route that changes something and records who did it. */
export const actorHeaders = tenantHeaders.extend({
  [ACTOR_ID_HEADER]: z.uuid(),
  [ACTOR_ROLE_HEADER]: z.enum(ROLES),
});

/** The CPAS and the person on whose behalf a request is made. */
export interface RequestActor {
  readonly tenantId: string;
  readonly actor: { readonly id: string; readonly role: UserRole };
}

/** Reads the actor of a request whose headers were validated by {@link actorHeaders}. */
export const actorOf = (headers: z.infer<typeof actorHeaders>): RequestActor => ({
  tenantId: headers[TENANT_HEADER],
  actor: { id: headers[ACTOR_ID_HEADER], role: headers[ACTOR_ROLE_HEADER] },
});

/** Problem details, as documented in every route's error responses. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string(),
  code: z.string(),
  correlationId: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

const routeLabel = (url: string | undefined) => url ?? 'unmatched';

/**
 * Builds a service's fastify app: zod validation and serialization, OpenAPI generated from
 * the route schemas, one problem+json error handler, correlation ids, health and metrics
 * routes. The service adds its own routes to the returned app.
 */
export const createServiceApp = async (options: ServiceAppOptions): Promise<ServiceApp> => {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    genReqId: (req) => {
      const header = req.headers[CORRELATION_HEADER];
      return typeof header === 'string' && isUuid(header) ? header : uuidv7();
    },
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(problemErrorHandler);
  app.setNotFoundHandler((request, reply) =>
    problemErrorHandler(
      Object.assign(new Error(`No route ${request.method} ${request.url.split('?')[0] ?? ''}`), {
        statusCode: 404,
        code: 'ROUTE_NOT_FOUND',
      }),
      request,
      reply,
    ),
  );

  const duration = new Histogram({
    name: 'relais_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [options.registry],
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header(CORRELATION_HEADER, request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        route: routeLabel(request.routeOptions.url),
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `Relais ${options.name}`, version: options.version, description: options.description },
    },
    transform: jsonSchemaTransform,
  });

  const operational = { tags: ['operations'] };
  app.get(
    '/health/live',
    { schema: { ...operational, response: { 200: z.object({ status: z.literal('live') }) } } },
    () => ({
      status: 'live' as const,
    }),
  );
  const readinessSchema = z.object({
    ready: z.boolean(),
    checks: z.record(z.string(), z.enum(['up', 'down'])),
  });
  app.get(
    '/health/ready',
    { schema: { ...operational, response: { 200: readinessSchema, 503: readinessSchema } } },
    async (_request, reply) => {
      const readiness = await checkReadiness(options.readiness);
      return reply.status(readiness.ready ? 200 : 503).send(readiness);
    },
  );
  app.get('/openapi.json', { schema: { ...operational, hide: true } }, () => app.swagger());
  app.get('/metrics', { schema: { ...operational, hide: true } }, async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.type(options.registry.contentType).send(body);
  });
  return app;
};
