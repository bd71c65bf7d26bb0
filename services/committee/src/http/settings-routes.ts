import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import type { FastifyRequest } from 'fastify';
import { readSettings, setCostSettings, setDeadlineSettings } from '../app/settings.ts';
import { costSettingsBody, deadlineSettingsBody, errors, settingsSchema } from './schemas.ts';

const tags = ['settings'];
const meta = (request: FastifyRequest) => ({ ...actorOf(request), correlationId: request.id });

/** The CPAS's effective-dated deadlines and costs. */
export const registerSettingsRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary: 'Deadlines and costs in force, and their history',
        response: { 200: settingsSchema, ...errors },
      },
    },
    (request) => readSettings(context, tenantOf(request)),
  );
  app.post(
    '/settings/deadlines',
    {
      schema: {
        tags,
        summary: 'Legal deadlines from a day',
        body: deadlineSettingsBody,
        response: { 200: settingsSchema, ...errors },
      },
    },
    (request) => setDeadlineSettings(context, meta(request), request.body),
  );
  app.post(
    '/settings/costs',
    {
      schema: {
        tags,
        summary: 'Monthly costs of the options from a day (null: not shown)',
        body: costSettingsBody,
        response: { 200: settingsSchema, ...errors },
      },
    },
    (request) => setCostSettings(context, meta(request), request.body),
  );
};
