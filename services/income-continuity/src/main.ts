import { runMain } from '@relais/service-kit';
import { incomeContinuityService } from './service.ts';

await runMain(incomeContinuityService);
