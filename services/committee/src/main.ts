import { runMain } from '@relais/service-kit';
import { committeeService } from './service.ts';

await runMain(committeeService);
