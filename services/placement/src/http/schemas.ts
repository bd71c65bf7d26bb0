import { isoDate } from '@relais/contracts';
import { problemSchema } from '@relais/service-kit';
import { z } from 'zod';
import { CANDIDATE_STATUSES, CEFR_LEVELS, PHYSICAL_DEMANDS, WEEKDAYS } from '../domain/model.ts';

/** Shared request and response schemas of the placement API. */
export const weekday = z.enum(WEEKDAYS);
export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');
export const languageLevel = z.strictObject({
  code: z.string().regex(/^[a-z]{2}$/, 'ISO 639-1 code'),
  level: z.enum(CEFR_LEVELS),
});
export const timeWindow = z.strictObject({ day: weekday, from: timeOfDay, to: timeOfDay });
export const physicalDemand = z.enum(PHYSICAL_DEMANDS);
export const skillCode = z.string().regex(/^[a-z][a-z0-9_]{1,60}$/);
export const candidateStatus = z.enum(CANDIDATE_STATUSES);
export const reasonCode = z.string().regex(/^[a-z][a-z0-9_]{2,60}$/, 'a reason code');
export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);
export { isoDate };

/** `limit` and `offset` of every list; the response says how many there are in all. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Problem answers documented on every route. */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};
