import { runMain } from '@relais/service-kit';
import { safetyVisitsService } from './service.ts';

await runMain(safetyVisitsService);
