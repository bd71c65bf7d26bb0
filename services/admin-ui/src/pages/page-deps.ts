import type { FastifyRequest } from 'fastify';
import type { AccountDeps } from '../app/deps.ts';
import type { AdminUiConfig } from '../config.ts';
import type { ServiceClient } from '../forwarding/service-client.ts';
import type { IdentityProvider } from '../identity/identity-provider.ts';
import type { RedisGuard } from '../session/redis-availability.ts';
import type { PageApi } from './page-api.ts';
import type { PageRenderer } from './render.ts';

/** What the pages work with: the edge's accounts and sign-in, the services, and the templates. */
export interface PageDeps {
  readonly config: AdminUiConfig;
  readonly accounts: AccountDeps;
  readonly provider: IdentityProvider;
  /** Bounds the sign-in limits' Redis calls (503 when Redis does not answer). */
  readonly redis: RedisGuard;
  readonly renderer: PageRenderer;
  readonly services: ServiceClient;
  /** The services as the signed-in user of a request. */
  readonly api: (request: FastifyRequest) => PageApi;
  /** Which optional services this edge reaches (the committee, notifications). */
  readonly reaches: (service: string) => boolean;
}
