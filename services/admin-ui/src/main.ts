import { runMain } from '@relais/service-kit';
import { adminUiService } from './service.ts';

await runMain(adminUiService);
