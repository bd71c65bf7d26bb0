import { runMain } from '@relais/service-kit';
import { placementService } from './service.ts';

await runMain(placementService);
