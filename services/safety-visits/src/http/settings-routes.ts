import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { publishChecklistTemplate } from '../app/publish-checklist-template.ts';
import { currentChecklist } from '../app/read-settings.ts';
import type { ChecklistTemplate } from '../domain/report.ts';
import { errorResponses, isoDate, itemCode, text } from './schemas.ts';

const tags = ['checklists'];
const item = z.strictObject({ code: itemCode, labelFr: text(300), labelNl: text(300) });
const template = z.object({
  id: z.uuid(),
  tenantId: z.uuid().nullable(),
  version: z.number().int(),
  effectiveFrom: isoDate,
  items: z.array(item),
});

const present = (t: ChecklistTemplate) => ({ ...t, items: [...t.items] });

/** The CPAS's visit checklist, versioned. */
export const registerSettingsRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/checklist-templates/current',
    {
      schema: {
        tags,
        summary: "The checklist in force today: the CPAS's own latest version, or the platform default",
        response: { 200: template, ...errorResponses },
      },
    },
    async (request) => present(await currentChecklist(context, tenantOf(request))),
  );
  app.post(
    '/checklist-templates',
    {
      schema: {
        tags,
        summary: 'Publish a new version of the CPAS checklist (it keeps every required item)',
        body: z.strictObject({ effectiveFrom: isoDate, items: z.array(item).min(1).max(100) }),
        response: { 201: template, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      return reply
        .status(201)
        .send(present(await publishChecklistTemplate(context, { tenantId, ...request.body }, actor)));
    },
  );
};
