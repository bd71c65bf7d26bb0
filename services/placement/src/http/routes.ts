import type { ServiceApp, ServiceContext } from '@relais/service-kit';
import { registerPlacementRoutes } from './placement-routes.ts';
import { registerHostRoutes } from './host-routes.ts';
import { registerPositionRoutes } from './position-routes.ts';
import { registerSkillRoutes } from './skill-routes.ts';
import { registerCandidateRoutes } from './candidate-routes.ts';
import { registerMatchingRoutes } from './matching-routes.ts';
import { registerEngagementRoutes } from './engagement-routes.ts';

/** The placement service's HTTP API: one module per part of the officer's work. */
export const registerRoutes = (app: ServiceApp, context: ServiceContext): void => {
  registerPlacementRoutes(app, context);
  registerHostRoutes(app, context);
  registerPositionRoutes(app, context);
  registerSkillRoutes(app, context);
  registerCandidateRoutes(app, context);
  registerMatchingRoutes(app, context);
  registerEngagementRoutes(app, context);
};
