import type { ServiceApp, ServiceContext } from '@relais/service-kit';
import { registerSafetyMetrics } from '../metrics.ts';
import { registerAccidentRoutes } from './accident-routes.ts';
import { registerFollowUpRoutes } from './follow-up-routes.ts';
import { registerHostRoutes } from './host-routes.ts';
import { registerSettingsRoutes } from './settings-routes.ts';
import { registerVisitRoutes } from './visit-routes.ts';

/** The safety-visits HTTP API: one module per part of the prevention officer's work. */
export const registerRoutes = (app: ServiceApp, context: ServiceContext): void => {
  registerVisitRoutes(app, context);
  registerFollowUpRoutes(app, context);
  registerHostRoutes(app, context);
  registerAccidentRoutes(app, context);
  registerSettingsRoutes(app, context);
  registerSafetyMetrics(context);
};
