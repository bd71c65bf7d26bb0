import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import type { TrialSettings } from '../domain/schedule.ts';
import { addSettings, listSettings } from '../app/trial-settings.ts';
import { errorResponses, isoDate } from './schemas.ts';

const tags = ['trial settings'];
const present = (s: TrialSettings) => ({ ...s, checkInOffsetsDays: [...s.checkInOffsetsDays] });

const settingsSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid().nullable(),
  contractType: z.string().nullable(),
  effectiveFrom: isoDate,
  lengthDays: z.number().int(),
  checkInOffsetsDays: z.array(z.number().int()),
  overdueGraceDays: z.number().int(),
});

/** Effective-dated trial settings of the CPAS (length, check-in schedule, reminder grace days). */
export const registerSettingsRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/trial-settings',
    {
      schema: {
        tags,
        summary: "The CPAS's own settings rows and the platform defaults (tenantId null)",
        response: { 200: z.object({ items: z.array(settingsSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: (await listSettings(context, tenantOf(request))).map(present),
    }),
  );

  app.post(
    '/trial-settings',
    {
      schema: {
        tags,
        summary:
          'Add settings in force from a day, for trials whose placement starts from then (never edited)',
        body: z.strictObject({
          contractType: z
            .string()
            .regex(/^[a-z][a-z0-9_]{1,40}$/)
            .nullable()
            .default(null),
          effectiveFrom: isoDate,
          lengthDays: z.number().int().min(1).max(366),
          checkInOffsetsDays: z.array(z.number().int().min(0).max(365)).min(1).max(20),
          overdueGraceDays: z.number().int().min(0).max(60),
        }),
        response: { 201: settingsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      return reply
        .status(201)
        .send(present(await addSettings(context, { tenantId, by: actor, settings: request.body })));
    },
  );
};
