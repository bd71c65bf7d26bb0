import { runMain } from '@relais/service-kit';
import { statisticsService } from './service.ts';

await runMain(statisticsService);
