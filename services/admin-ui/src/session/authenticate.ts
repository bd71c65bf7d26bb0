import type { Authenticate, Clock } from '@relais/service-kit';
import { sessionOf } from './session-data.ts';

/**
 * The edge authenticates by its session (the services, by the token it mints from it). A session
 * ends `maxAgeMs` after sign-in however busy it is; idleness ends it in Redis and in the cookie.
 */
export const sessionAuthentication =
  (clock: Clock, maxAgeMs: number): Authenticate =>
  async (request) => {
    const session = sessionOf(request);
    const user = session?.user;
    if (!session || !user || session.signedInAt === undefined) return null;
    if (clock.now().getTime() - session.signedInAt >= maxAgeMs) {
      await session.destroy();
      return null;
    }
    return { userId: user.id, tenantId: user.tenantId, roles: user.roles };
  };
