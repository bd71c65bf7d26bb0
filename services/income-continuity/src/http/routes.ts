import { isoDate, trialEndProposalKind } from '@relais/contracts';
import {
  problemSchema,
  TENANT_HEADER,
  tenantHeaders,
  type ServiceApp,
  type ServiceContext,
} from '@relais/service-kit';
import { z } from 'zod';
import { getFollowUps, getIncomeCoverage } from '../app/read-person.ts';

const periodSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['integration_income', 'article60_salary']),
  startDate: isoDate,
  endDate: isoDate.nullable(),
  placementId: z.uuid().nullable(),
  status: z.enum(['active', 'provisional']),
  category: z.enum(['cohabitant', 'single', 'with_dependants']).nullable(),
});

const coverageSchema = z.object({
  personId: z.uuid(),
  periods: z.array(periodSchema),
  gaps: z.array(z.object({ from: isoDate, to: isoDate })),
  reopenings: z.array(
    z.object({
      id: z.uuid(),
      placementId: z.uuid(),
      trialPeriodId: z.uuid(),
      effectiveFrom: isoDate,
      trialOutcome: z.enum(['not_conclusive', 'ended_early']),
      proposals: z.array(
        z.object({
          kind: trialEndProposalKind,
          status: z.enum(['awaiting_committee', 'approved', 'refused', 'amended']),
        }),
      ),
    }),
  ),
});

const followUpSchema = z.object({
  id: z.uuid(),
  placementId: z.uuid(),
  trialPeriodId: z.uuid(),
  openedOn: isoDate,
  status: z.enum(['open', 'closed']),
  reason: z.enum(['trial_not_conclusive', 'trial_ended_early']),
});

const personParams = z.object({ personId: z.uuid() });
const errors = { 400: problemSchema, 404: problemSchema };
const tags = ['income coverage'];

/** The income-continuity HTTP API. */
export const registerRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.get(
    '/persons/:personId/income-coverage',
    {
      schema: {
        tags,
        summary:
          "A person's coverage timeline (RI and article 60 salary), its gaps, and reopenings awaiting the committee",
        headers: tenantHeaders,
        params: personParams,
        response: { 200: coverageSchema, ...errors },
      },
    },
    (request) => getIncomeCoverage(context, request.headers[TENANT_HEADER], request.params.personId),
  );

  app.get(
    '/persons/:personId/follow-ups',
    {
      schema: {
        tags,
        summary: "A person's continued ISP follow-ups",
        headers: tenantHeaders,
        params: personParams,
        response: { 200: z.object({ items: z.array(followUpSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await getFollowUps(context, request.headers[TENANT_HEADER], request.params.personId),
    }),
  );
};
