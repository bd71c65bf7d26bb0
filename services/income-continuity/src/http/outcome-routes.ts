import {
  isoDate,
  outcomeCorrectionReason,
  outcomeDetailCode,
  outcomeMilestone,
  outcomeSituation,
  placementEndReason,
} from '@relais/contracts';
import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { correctOutcome } from '../app/correct-outcome.ts';
import { listDueOutcomeChecks, getPersonOutcomeChecks } from '../app/read-outcomes.ts';
import { recordOutcome } from '../app/record-outcome.ts';
import { errors, personParams } from './schemas.ts';

const tags = ['placement outcomes'];

const outcomeRecordSchema = z.object({
  id: z.uuid(),
  checkId: z.uuid(),
  situation: outcomeSituation,
  detailCode: outcomeDetailCode.nullable(),
  observedOn: isoDate,
  correctsOutcomeId: z.uuid().nullable(),
  correctionReason: outcomeCorrectionReason.nullable(),
  recordedBy: z.uuid(),
  recordedRole: z.string(),
  recordedAt: z.union([z.string(), z.date()]),
});

const outcomeCheckSchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  placementId: z.uuid(),
  monthsAfterEnd: outcomeMilestone,
  lastWorkedDay: isoDate,
  endReason: placementEndReason,
  dueOn: isoDate,
  standing: z.enum(['scheduled', 'due', 'overdue', 'recorded']),
  currentOutcomeId: z.uuid().nullable(),
  records: z.array(outcomeRecordSchema),
});

/** The situation the recorder reports: coded only, no free text about the person. */
const situationBody = {
  situation: outcomeSituation,
  detailCode: outcomeDetailCode.nullable().default(null),
  observedOn: isoDate,
};

const checkParams = z.object({ checkId: z.uuid() });

/** The outcome checks after a placement: per person, due per CPAS, record and correct a situation. */
export const registerOutcomeRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/persons/:personId/outcome-checks',
    {
      schema: {
        tags,
        summary: "A person's situation 3, 6 and 12 months after each placement's end, with every record",
        params: personParams,
        response: { 200: z.object({ items: z.array(outcomeCheckSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await getPersonOutcomeChecks(context, tenantOf(request), request.params.personId),
    }),
  );

  app.get(
    '/outcome-checks',
    {
      schema: {
        tags,
        summary:
          "The CPAS's outcome checks not recorded that may be recorded now: due, overdue, or due within 14 days (`scheduled`, recordable early); oldest first",
        querystring: z.object({ standing: z.enum(['scheduled', 'due', 'overdue']).optional() }),
        response: { 200: z.object({ items: z.array(outcomeCheckSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await listDueOutcomeChecks(context, tenantOf(request), request.query.standing),
    }),
  );

  app.post(
    '/outcome-checks/:checkId/outcome',
    {
      schema: {
        tags,
        summary:
          "Record the person's situation at a check (from a controlled list, with an optional detail code)",
        params: checkParams,
        body: z.strictObject(situationBody),
        response: { 201: outcomeRecordSchema, ...errors },
      },
    },
    async (request, reply) => {
      const record = await recordOutcome(context, {
        ...actorOf(request),
        checkId: request.params.checkId,
        correlationId: request.id,
        report: request.body,
      });
      return reply.status(201).send(record);
    },
  );

  app.post(
    '/outcome-checks/:checkId/outcome-corrections',
    {
      schema: {
        tags,
        summary: 'Correct the recorded situation at a check: a new record, the previous one kept',
        params: checkParams,
        body: z.strictObject({ ...situationBody, correctionReason: outcomeCorrectionReason }),
        response: { 201: outcomeRecordSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { correctionReason, ...report } = request.body;
      const record = await correctOutcome(context, {
        ...actorOf(request),
        checkId: request.params.checkId,
        correlationId: request.id,
        report,
        reason: correctionReason,
      });
      return reply.status(201).send(record);
    },
  );
};
