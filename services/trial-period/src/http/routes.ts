import type { ServiceApp, ServiceContext } from '@relais/service-kit';
import type { TrialPeriodConfig } from '../config.ts';
import { registerCheckInRoutes } from './check-in-routes.ts';
import { registerSettingsRoutes } from './settings-routes.ts';
import { registerTrialRoutes } from './trial-routes.ts';
import { registerTutorRoutes } from './tutor-routes.ts';

/** The trial-period HTTP API. */
export const registerRoutes = (app: ServiceApp, context: ServiceContext<TrialPeriodConfig>): void => {
  registerTrialRoutes(app, context);
  registerCheckInRoutes(app, context);
  registerTutorRoutes(app, context);
  registerSettingsRoutes(app, context);
};
