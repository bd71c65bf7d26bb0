import { isoDate } from '@relais/contracts';
import { actorOf, tenantOf, type ServiceApp } from '@relais/service-kit';
import { z } from 'zod';
import { downloadSheet, getSheetsOfPerson, recordSheetDelivery } from '../app/information-sheets.ts';
import type { NotificationsContext } from '../app/notice-context.ts';
import { DEFAULT_LANGUAGE } from '../domain/languages.ts';
import { errors, language, personParams, sheetSchema } from './schemas.ts';

const tags = ['information sheets'];
const sheetParams = z.object({ sheetId: z.uuid() });

/** The workers' information sheets on their rights: list, download, delivery. */
export const registerSheetRoutes = (app: ServiceApp, context: NotificationsContext): void => {
  app.get(
    '/persons/:personId/information-sheets',
    {
      schema: {
        tags,
        params: personParams,
        response: { 200: z.object({ items: z.array(sheetSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await getSheetsOfPerson(context, tenantOf(request), request.params.personId),
    }),
  );

  app.get(
    '/information-sheets/:sheetId',
    {
      schema: {
        tags,
        summary: 'The sheet as PDF, in French or Dutch',
        params: sheetParams,
        querystring: z.strictObject({ language: language.default(DEFAULT_LANGUAGE) }),
        produces: ['application/pdf'],
        response: { 200: z.any().describe('application/pdf'), ...errors },
      },
    },
    async (request, reply) => {
      const sheet = await downloadSheet(
        context,
        tenantOf(request),
        request.params.sheetId,
        request.query.language,
      );
      // A PDF skips serialization, where the audit finds a response's persons: name the person here.
      request.auditPayload = { personId: sheet.personId };
      return reply
        .type('application/pdf')
        .header('cache-control', 'no-store')
        .header(
          'content-disposition',
          `attachment; filename="fiche-information-${sheet.startDate}-${request.query.language}.pdf"`,
        )
        .send(sheet.pdf);
    },
  );

  app.post(
    '/information-sheets/:sheetId/delivery',
    {
      schema: {
        tags,
        summary: 'Record that the sheet was given to the worker',
        params: sheetParams,
        body: z.strictObject({
          deliveredOn: isoDate,
          channel: z.enum(['hand', 'post', 'email']),
          language: language.default(DEFAULT_LANGUAGE),
        }),
        response: { 201: sheetSchema, ...errors },
      },
    },
    async (request, reply) => {
      const sheet = await recordSheetDelivery(context, {
        ...actorOf(request),
        sheetId: request.params.sheetId,
        delivery: request.body,
      });
      return reply.status(201).send(sheet);
    },
  );
};
