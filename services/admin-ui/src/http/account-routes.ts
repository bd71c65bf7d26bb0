import { principalOf, problemSchema, type ServiceApp } from '@relais/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { changeRoles } from '../app/change-roles.ts';
import { createAccount } from '../app/create-account.ts';
import { createCpas } from '../app/create-cpas.ts';
import type { AccountDeps, Actor } from '../app/deps.ts';
import { disableAccount } from '../app/disable-account.ts';
import { listAccounts } from '../app/list-accounts.ts';
import {
  accountParams,
  accountSchema,
  accountView,
  newAccountBody,
  newCpasBody,
  rolesBody,
} from './schemas.ts';

const tags = ['accounts'];
const SMALL_BODY = 16 * 1024;
const errors = { 403: problemSchema, 404: problemSchema, 409: problemSchema, 422: problemSchema };

const actorOf = (request: FastifyRequest): Actor => {
  const { userId, tenantId } = principalOf(request);
  return { userId, tenantId };
};

/** Account administration: a CPAS administrator over their CPAS; the platform operator over CPAS. */
export const registerAccountRoutes = (scope: ServiceApp, deps: AccountDeps): void => {
  scope.get(
    '/accounts',
    {
      schema: {
        tags,
        summary: 'The accounts of the administrator’s CPAS',
        response: { 200: z.object({ items: z.array(accountSchema) }) },
      },
    },
    async (request) => ({ items: (await listAccounts(deps, actorOf(request))).map(accountView) }),
  );

  scope.post(
    '/accounts',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags,
        summary: 'Opens an account in the administrator’s CPAS, with a temporary password',
        body: newAccountBody,
        response: { 201: accountSchema, ...errors },
      },
    },
    async (request, reply) => {
      const account = await createAccount(deps, actorOf(request), request.body);
      request.log.info({ accountId: account.id }, 'account created');
      return reply.status(201).send(accountView(account));
    },
  );

  scope.post(
    '/accounts/:accountId/disable',
    {
      schema: {
        tags,
        summary: 'Disables an account of the administrator’s CPAS and ends its sessions',
        params: accountParams,
        response: { 200: accountSchema, ...errors },
      },
    },
    async (request) => accountView(await disableAccount(deps, actorOf(request), request.params.accountId)),
  );

  scope.post(
    '/accounts/:accountId/roles',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags,
        summary: 'Replaces the roles of an account of the administrator’s CPAS and ends its sessions',
        params: accountParams,
        body: rolesBody,
        response: { 200: accountSchema, ...errors },
      },
    },
    async (request) =>
      accountView(await changeRoles(deps, actorOf(request), request.params.accountId, request.body.roles)),
  );

  scope.post(
    '/cpas',
    {
      bodyLimit: SMALL_BODY,
      schema: {
        tags,
        summary: 'Registers a CPAS and its first administrator (platform operator)',
        body: newCpasBody,
        response: {
          201: z.object({ cpas: z.object({ id: z.uuid(), name: z.string() }), admin: accountSchema }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { cpas, admin } = await createCpas(deps, request.body);
      request.log.info({ cpasId: cpas.id, accountId: admin.id }, 'CPAS created');
      return reply.status(201).send({ cpas, admin: accountView(admin) });
    },
  );
};
