import { fileURLToPath } from 'node:url';

/** The outbox and inbox tables; every service runs this folder before its own migrations. */
export const messagingMigrationsDir = fileURLToPath(new URL('../migrations', import.meta.url));
