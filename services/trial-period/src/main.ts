import { runMain } from '@relais/service-kit';
import { trialPeriodService } from './service.ts';

await runMain(trialPeriodService);
