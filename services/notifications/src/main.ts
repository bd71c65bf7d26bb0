import { runMain } from '@relais/service-kit';
import { notificationsService } from './service.ts';

await runMain(notificationsService);
