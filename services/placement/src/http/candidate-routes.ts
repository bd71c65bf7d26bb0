import { actorOf, type ServiceApp, type ServiceContext } from '@relais/service-kit';
import { z } from 'zod';
import type { Candidate } from '../domain/candidate.ts';
import { changeCandidateProfile, moveCandidate } from '../app/candidates/manage-candidate.ts';
import { getCandidate, getCandidateHistory, searchCandidates } from '../app/candidates/read-candidates.ts';
import { referCandidate } from '../app/candidates/refer-candidate.ts';
import {
  candidateStatus,
  errorResponses,
  isoDate,
  languageLevel,
  latitude,
  longitude,
  pageQuery,
  physicalDemand,
  reasonCode,
  skillCode,
  timeWindow,
  weekday,
} from './schemas.ts';

const profileFields = {
  email: z.email().nullable(),
  phone: z
    .string()
    .regex(/^\+?[0-9 ./-]{6,20}$/)
    .nullable(),
  languages: z.array(languageLevel).max(10),
  skills: z.array(skillCode).max(50),
  skillsNote: z.string().max(2000).nullable(),
  experienceNote: z.string().max(4000).nullable(),
  drivingLicence: z.boolean(),
  timeWindows: z.array(timeWindow).max(21),
  daysUnavailable: z.array(weekday).max(7),
  homeCommune: z.string().min(1).max(100),
  home: z.strictObject({ lat: latitude, lon: longitude }),
  maxTravelKm: z.number().positive().max(200),
  healthRestrictions: z.array(physicalDemand),
  hasCriminalRecord: z.boolean(),
  wishedSectors: z.array(z.string().min(1).max(60)).max(10),
  wishedJobs: z.array(z.string().min(1).max(80)).max(10),
  wishesInOwnWords: z.string().max(2000).nullable(),
  workReadiness: z.enum(['not_ready', 'ready_with_support', 'ready']),
  daysNeededForRights: z.number().int().min(0).max(1000),
};

const referral = z.strictObject({
  niss: z.string().min(1).max(20),
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  incomeCategory: z.enum(['cohabitant', 'single', 'with_dependants']),
  referredOn: isoDate,
  ...profileFields,
});

const candidateSummary = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  status: candidateStatus,
  workReadiness: profileFields.workReadiness,
  referredOn: isoDate,
  homeCommune: z.string(),
});

const candidateView = referral.extend({ id: z.uuid(), status: candidateStatus, version: z.number().int() });

const summary = (c: Candidate): z.infer<typeof candidateSummary> => ({
  id: c.id,
  firstName: c.firstName,
  lastName: c.lastName,
  status: c.status,
  workReadiness: c.workReadiness,
  referredOn: c.referredOn,
  homeCommune: c.homeCommune,
});

const view = ({ tenantId: _tenant, ...c }: Candidate): z.infer<typeof candidateView> => ({
  ...c,
  languages: [...c.languages],
  skills: [...c.skills],
  timeWindows: [...c.timeWindows],
  daysUnavailable: [...c.daysUnavailable],
  healthRestrictions: [...c.healthRestrictions],
  wishedSectors: [...c.wishedSectors],
  wishedJobs: [...c.wishedJobs],
});

const idParams = z.object({ candidateId: z.uuid() });
const tags = ['candidates'];

/** Candidates: referral, profile, lifecycle and history. */
export const registerCandidateRoutes = (app: ServiceApp, context: ServiceContext): void => {
  app.post(
    '/candidates',
    {
      schema: {
        tags,
        summary: 'Refer a person to the article 60 placement service',
        body: referral,
        response: { 201: candidateView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tenantId, actor } = actorOf(request);
      const candidate = await referCandidate(context, { tenantId, ...request.body }, actor);
      return reply.status(201).header('location', `/candidates/${candidate.id}`).send(view(candidate));
    },
  );

  app.get(
    '/candidates',
    {
      schema: {
        tags,
        summary: 'List candidates, the longest-waiting first (a social worker: the people they referred)',
        querystring: pageQuery.extend({
          status: candidateStatus.optional(),
          q: z.string().min(2).max(100).optional(),
        }),
        response: {
          200: z.object({ items: z.array(candidateSummary), total: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      const { items, total } = await searchCandidates(context, tenantId, request.query, actor);
      return { items: items.map(summary), total };
    },
  );

  app.get(
    '/candidates/:candidateId',
    {
      schema: {
        tags,
        params: idParams,
        response: { 200: candidateView, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      return view(await getCandidate(context, tenantId, request.params.candidateId, actor));
    },
  );

  app.patch(
    '/candidates/:candidateId',
    {
      schema: {
        tags,
        summary: "Change a candidate's profile (not identity or status)",
        params: idParams,
        body: z.strictObject(profileFields).partial(),
        response: { 200: candidateView, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      return view(
        await changeCandidateProfile(context, tenantId, request.params.candidateId, request.body, actor),
      );
    },
  );

  app.post(
    '/candidates/:candidateId/transitions',
    {
      schema: {
        tags,
        summary: 'Move a candidate along the lifecycle, with a reason',
        params: idParams,
        body: z.strictObject({ to: candidateStatus, reason: reasonCode }),
        response: { 200: candidateView, ...errorResponses },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      return view(
        await moveCandidate(
          context,
          tenantId,
          request.params.candidateId,
          request.body.to,
          request.body.reason,
          actor,
        ),
      );
    },
  );

  app.get(
    '/candidates/:candidateId/history',
    {
      schema: {
        tags,
        summary: "A candidate's status history: who, when, why",
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                from: candidateStatus.nullable(),
                to: candidateStatus,
                reason: z.string(),
                actorId: z.uuid(),
                actorRole: z.string(),
                at: z.iso.datetime(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { tenantId, actor } = actorOf(request);
      return { items: await getCandidateHistory(context, tenantId, request.params.candidateId, actor) };
    },
  );
};
