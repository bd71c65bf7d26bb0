import type { ServiceApp, ServiceContext } from '@relais/service-kit';
import { z } from 'zod';
import type { TrialPeriodConfig } from '../config.ts';
import { giveTutorView, verifyTutorLinkAccess } from '../app/tutor-links.ts';
import { errorResponses, isoDate, voiceInput } from './schemas.ts';

const tags = ['tutor links'];
// The token travels in the body, never in the URL: URLs end up in access logs and proxies.
const token = z.string().min(20).max(500);

/**
 * The host tutor's routes (public in the access matrix): no account, no service token; the
 * signed token alone authorises, for one check-in, once, until it expires. The CPAS is read
 * from the token's verified claims only, and the link is looked up in that CPAS's transaction.
 */
export const registerTutorRoutes = (app: ServiceApp, context: ServiceContext<TrialPeriodConfig>): void => {
  app.post(
    '/tutor-links/verify',
    {
      schema: {
        tags,
        summary: "Check a tutor's link without using it (the tutor opens the form)",
        body: z.strictObject({ token }),
        response: {
          200: z.object({
            checkInId: z.uuid(),
            sequence: z.number().int(),
            dueOn: isoDate,
            trialStartDate: isoDate,
            expiresAt: z.iso.datetime(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => verifyTutorLinkAccess(context, request.body.token),
  );

  app.post(
    '/tutor-links/view',
    {
      schema: {
        tags,
        summary: 'The host tutor gives their view through the link (uses it)',
        body: voiceInput.extend({ token }),
        response: { 200: z.object({ checkInId: z.uuid(), received: z.literal(true) }), ...errorResponses },
      },
    },
    async (request) => {
      const { token: given, ...view } = request.body;
      const checkIn = await giveTutorView(context, given, view);
      // The tutor sees no other voice: each voice stays apart, and the officer weighs them.
      return { checkInId: checkIn.id, received: true as const };
    },
  );
};
