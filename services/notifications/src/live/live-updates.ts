import { appConnectionString, type ServiceApp } from '@relais/service-kit';
import type { NotificationsContext } from '../app/notice-context.ts';
import { createStreamHub, type StreamHub } from './hub.ts';
import { createAnnouncementListener } from './listener.ts';

/**
 * The live side of the service: the open streams of this instance and the LISTEN connection
 * that feeds them, started with the app and stopped before it closes (open streams would keep
 * the server from closing).
 */
export const installLiveUpdates = (app: ServiceApp, context: NotificationsContext): StreamHub => {
  const hub = createStreamHub();
  const { config } = context;
  const listener = createAnnouncementListener({
    connectionString: appConnectionString(
      config.DATABASE_URL,
      config.DATABASE_APP_ROLE,
      config.DATABASE_APP_PASSWORD,
    ),
    logger: context.logger,
    onAnnouncement: (announcement) => hub.dispatch(announcement),
    onResumed: () => hub.refreshAll(),
  });
  app.addHook('onReady', () => listener.start());
  app.addHook('preClose', (done) => {
    hub.endAll();
    done();
  });
  app.addHook('onClose', () => listener.stop());
  return hub;
};
