import type { ServiceApp } from '@relais/service-kit';
import type { NotificationsContext } from '../app/notice-context.ts';
import { installLiveUpdates } from '../live/live-updates.ts';
import { registerFollowerRoutes } from './follower-routes.ts';
import { registerNotificationRoutes } from './notification-routes.ts';
import { registerPreferenceRoutes } from './preference-routes.ts';
import { registerSheetRoutes } from './sheet-routes.ts';
import { registerStreamRoute } from './stream-route.ts';

/** The notifications HTTP API and its live stream. */
export const registerRoutes = (app: ServiceApp, context: NotificationsContext): void => {
  registerNotificationRoutes(app, context);
  registerStreamRoute(app, context, installLiveUpdates(app, context));
  registerPreferenceRoutes(app, context);
  registerFollowerRoutes(app, context);
  registerSheetRoutes(app, context);
};
