import { principalOf, type ServiceApp } from '@relais/service-kit';
import type { FastifyRequest } from 'fastify';
import type { AdminUiConfig } from '../config.ts';
import { TooManyAttempts } from '../domain/too-many-attempts.ts';
import { emailKey } from '../identity/email-key.ts';
import type { RedisGuard } from '../session/redis-availability.ts';

const MINUTE = 60_000;

type Limiter = ReturnType<ServiceApp['createRateLimit']>;

const enforce = async (limiter: Limiter, request: FastifyRequest, guard: RedisGuard): Promise<void> => {
  const state = await guard(() => limiter(request));
  if (!state.isAllowed && state.isExceeded) {
    throw new TooManyAttempts('RATE_LIMITED', 'too many attempts: try again in a minute', state.ttlInSeconds);
  }
};

/**
 * Password-guessing limits, counted in Redis (shared by every instance of the edge): per address
 * before the body is read, per email once it is (a slow spread of addresses on one account), and
 * per account for a password change (a session left open is not a free guessing machine). The
 * plugin's own route hooks run once per request, so each limit is its own limiter. Without Redis
 * nothing is counted, so nothing is tried: 503 `SESSION_STORE_UNAVAILABLE` before any password
 * is checked (and before any lockout counter moves), never an unlimited pass.
 */
export const passwordLimits = (scope: ServiceApp, config: AdminUiConfig, guard: RedisGuard) => {
  const perIp = scope.createRateLimit({
    max: config.SIGN_IN_RATE_PER_IP,
    timeWindow: MINUTE,
    keyGenerator: (request) => `sign-in:ip:${request.ip}`,
  });
  const perEmail = scope.createRateLimit({
    max: config.SIGN_IN_RATE_PER_EMAIL,
    timeWindow: MINUTE,
    keyGenerator: (request) => `sign-in:email:${emailKey((request.body as { email: string }).email)}`,
  });
  const perAccount = scope.createRateLimit({
    max: config.SIGN_IN_RATE_PER_EMAIL,
    timeWindow: MINUTE,
    keyGenerator: (request) => `password:${principalOf(request).userId}`,
  });
  return {
    perIp: (request: FastifyRequest) => enforce(perIp, request, guard),
    perEmail: (request: FastifyRequest) => enforce(perEmail, request, guard),
    perAccount: (request: FastifyRequest) => enforce(perAccount, request, guard),
  };
};
