import { actorOf, type ServiceApp, type ServiceContext, tenantOf } from '@relais/service-kit';
import { z } from 'zod';
import { acknowledgeVisitReport } from '../app/acknowledge-visit-report.ts';
import { cancelVisit } from '../app/cancel-visit.ts';
import { getVisit, visitCalendar } from '../app/read-visits.ts';
import { recordVisitReport } from '../app/record-visit-report.ts';
import { rescheduleVisit } from '../app/reschedule-visit.ts';
import { scheduleVisit } from '../app/schedule-visit.ts';
import {
  actionSchema,
  afterOf,
  checklistAnswer,
  dayPage,
  errorResponses,
  findingSchema,
  findingSeverity,
  isoDate,
  itemCode,
  pageOf,
  paged,
  presentAction,
  presentFinding,
  presentVisit,
  text,
  visitKind,
  visitSchema,
  visitStatus,
} from './schemas.ts';

const tags = ['prevention visits'];
const visitParams = z.object({ visitId: z.uuid() });
const visitDetail = visitSchema.extend({
  findings: z.array(findingSchema.extend({ actions: z.array(actionSchema) })),
  history: z.array(
    z.object({
      change: z.string(),
      detail: z.record(z.string(), z.unknown()),
      actorId: z.string().nullable(),
      actorRole: z.string(),
      at: z.iso.datetime({ offset: true }),
    }),
  ),
});
const calendarQuery = dayPage.extend({
  safetyOfficerId: z.uuid().optional(),
  hostEmployerId: z.uuid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: visitStatus.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
const reportBody = z.strictObject({
  completedOn: isoDate,
  templateId: z.uuid().nullable().default(null),
  checklist: z.array(checklistAnswer).min(1).max(100),
  findings: z
    .array(
      z.strictObject({
        itemCode: itemCode.nullable().default(null),
        severity: findingSeverity,
        description: text(2000),
      }),
    )
    .max(100),
  summary: text(4000).nullable().default(null),
});

const command = (request: Parameters<typeof actorOf>[0]) => {
  const { tenantId, actor } = actorOf(request);
  return { tenantId, context: { by: actor, correlationId: request.id, causationId: null } };
};

/** Scheduling, rescheduling, cancelling and reporting visits; the officers' calendar. */
export const registerVisitRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/prevention-visits',
    {
      schema: {
        tags,
        summary: 'Schedule a prevention visit (visite de prévention) at a host site, with its safety officer',
        body: z.strictObject({
          hostEmployerId: z.uuid(),
          siteId: z.uuid(),
          kind: visitKind,
          scheduledFor: isoDate,
          safetyOfficerId: z.uuid(),
        }),
        response: { 201: visitSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const visit = await scheduleVisit(context, { tenantId, ...request.body }, actor);
      return reply.status(201).header('location', `/prevention-visits/${visit.id}`).send(presentVisit(visit));
    },
  );

  app.get(
    '/prevention-visits',
    {
      schema: {
        tags,
        summary: 'Calendar of visits by officer, host, date range, status or overdue, by scheduled day',
        querystring: calendarQuery,
        response: { 200: pageOf(visitSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      const rows = await visitCalendar(context, tenantOf(request), {
        ...filters,
        after: afterOf(cursor),
        limit: limit + 1,
      });
      return paged(rows, limit, (v) => v.scheduledFor, presentVisit);
    },
  );

  app.get(
    '/prevention-visits/:visitId',
    {
      schema: {
        tags,
        summary: 'A visit with its report, findings, corrective actions and history',
        params: visitParams,
        response: { 200: visitDetail, ...errorResponses },
      },
    },
    async (request) => {
      const detail = await getVisit(context, tenantOf(request), request.params.visitId);
      return {
        ...presentVisit(detail.visit),
        findings: detail.findings.map((f) => ({
          ...presentFinding(f),
          actions: f.actions.map(presentAction),
        })),
        history: [...detail.history],
      };
    },
  );

  app.post(
    '/prevention-visits/:visitId/reschedule',
    {
      schema: {
        tags,
        summary: 'Move a scheduled visit to another day (and officer), with the reason',
        params: visitParams,
        body: z.strictObject({
          scheduledFor: isoDate,
          safetyOfficerId: z.uuid().nullable().default(null),
          reason: text(500),
        }),
        response: { 200: visitSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, context: by } = command(request);
      return presentVisit(
        await rescheduleVisit(context, { tenantId, visitId: request.params.visitId, ...request.body }, by),
      );
    },
  );

  app.post(
    '/prevention-visits/:visitId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a scheduled visit, with the reason (a post-accident visit can only be moved)',
        params: visitParams,
        body: z.strictObject({ reason: text(500) }),
        response: { 200: visitSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, context: by } = command(request);
      return presentVisit(
        await cancelVisit(context, { tenantId, visitId: request.params.visitId, ...request.body }, by),
      );
    },
  );

  app.post(
    '/prevention-visits/:visitId/report',
    {
      schema: {
        tags,
        summary: 'Report a visit: every checklist item answered, findings with their severity',
        params: visitParams,
        body: reportBody,
        response: { 200: visitSchema.extend({ findings: z.array(findingSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, context: by } = command(request);
      const done = await recordVisitReport(
        context,
        { tenantId, visitId: request.params.visitId, ...request.body },
        by,
      );
      return { ...presentVisit(done.visit), findings: done.findings.map(presentFinding) };
    },
  );

  app.post(
    '/prevention-visits/:visitId/acknowledgement',
    {
      schema: {
        tags,
        summary:
          "Record the host's acknowledgement of the report (by function: director, prevention adviser…)",
        params: visitParams,
        body: z.strictObject({
          acknowledgedOn: isoDate,
          byFunction: text(120),
          comment: text(2000).nullable().default(null),
        }),
        response: { 200: visitSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, context: by } = command(request);
      return presentVisit(
        await acknowledgeVisitReport(
          context,
          { tenantId, visitId: request.params.visitId, ...request.body },
          by,
        ),
      );
    },
  );
};
