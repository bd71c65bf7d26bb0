import type { ServiceApp, ServiceContext } from '@relais/service-kit';
import { registerAgendaRoutes } from './agenda-routes.ts';
import { registerDecisionRoutes } from './decision-routes.ts';
import { registerMinutesRoute } from './minutes-route.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerSettingsRoutes } from './settings-routes.ts';

/** The committee HTTP API. */
export const registerRoutes = (app: ServiceApp, context: ServiceContext): void => {
  registerSessionRoutes(app, context);
  registerAgendaRoutes(app, context);
  registerDecisionRoutes(app, context);
  registerSettingsRoutes(app, context);
  registerMinutesRoute(app, context);
};
