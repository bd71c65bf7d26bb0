import type { ServiceApp, ServiceContext } from '@relais/service-kit';
import { registerCoverageMetrics } from '../metrics.ts';
import { registerAidRoutes } from './aid-routes.ts';
import { registerCoverageRoutes } from './coverage-routes.ts';
import { registerOutcomeRoutes } from './outcome-routes.ts';

/** The income-continuity HTTP API, and the coverage metric it exposes on /metrics. */
export const registerRoutes = (app: ServiceApp, context: ServiceContext): void => {
  registerCoverageRoutes(app, context);
  registerAidRoutes(app, context);
  registerOutcomeRoutes(app, context);
  registerCoverageMetrics(context);
};
