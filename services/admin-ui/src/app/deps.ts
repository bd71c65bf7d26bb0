import type { Clock } from '@relais/service-kit';
import type { Pool } from 'pg';
import type { PasswordHasher } from '../identity/passwords.ts';
import type { RedisSessionStore } from '../session/redis-session-store.ts';

/** What the account use cases work with. */
export interface AccountDeps {
  /** Held to one CPAS per transaction by row-level security. */
  readonly pool: Pool;
  readonly clock: Clock;
  readonly passwords: PasswordHasher;
  readonly sessions: RedisSessionStore;
}

/** The CPAS and the user a request acts for. */
export interface Actor {
  readonly tenantId: string;
  readonly userId: string;
}
