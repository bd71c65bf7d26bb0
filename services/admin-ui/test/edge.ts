import type { Clock } from '@relais/service-kit';
import { startTestService, testTokenKeys, type TestService } from '@relais/testing';
import type { LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { inject } from 'vitest';
import type { AdminUiConfig } from '../src/config.ts';
import { DEMO_PASSWORD } from '../src/demo/demo-accounts.ts';
import { adminUiService } from '../src/service.ts';

/** The value, or a failed test if there is none (tests read optional things they know are there). */
export const present = <T>(value: T | null | undefined, what: string): T => {
  if (value === null || value === undefined) throw new Error(`expected ${what}`);
  return value;
};

/** A clock the test moves forward (lock release, session end) without waiting. */
export const movableClock = (): Clock & { advance(ms: number): void } => {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    newId: () => uuidv7(),
    advance: (ms) => {
      offset += ms;
    },
  };
};

/** The edge, started on its own database with the demo accounts and test signing keys. */
export const startEdge = async (
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<TestService<AdminUiConfig>> =>
  startTestService(
    adminUiService,
    {
      kafkaBrokers: inject('kafkaBrokers'),
      postgresUrl: inject('postgresUrl'),
      redisUrl: inject('redisUrl'),
    },
    {
      env: {
        SERVICE_TOKEN_PRIVATE_KEY: (await testTokenKeys()).privateKey,
        DEMO_ACCOUNTS: 'true',
        // Counters and sessions of this file only: test files run side by side on one Redis.
        REDIS_KEY_PREFIX: `relais:test:${randomBytes(4).toString('hex')}:`,
        ...env,
      },
      ...(clock ? { overrides: { clock } } : {}),
    },
  );

let addresses = 0;
/** A fresh client address (behind the trusted proxy), so that one test's attempts never limit another's. */
export const freshIp = (): string => {
  addresses += 1;
  return `198.51.100.${String(addresses % 250)}`;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A browser behind the TLS proxy: it keeps the session cookie it was given, sends the CSRF token
 * when told to, and comes from its own address.
 */
export class Browser {
  cookie: string | undefined;
  csrfToken: string | undefined;
  readonly ip: string;
  readonly edge: TestService<AdminUiConfig>;

  constructor(edge: TestService<AdminUiConfig>, ip = freshIp()) {
    this.edge = edge;
    this.ip = ip;
  }

  async request(
    method: Method,
    url: string,
    options: { payload?: unknown; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const response = await this.edge.service.app.inject({
      method,
      url,
      headers: {
        'x-forwarded-proto': 'https',
        'x-forwarded-for': this.ip,
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(options.csrf !== false && this.csrfToken && method !== 'GET'
          ? { 'x-csrf-token': this.csrfToken }
          : {}),
        ...options.headers,
      },
      ...(options.payload === undefined ? {} : { payload: options.payload as object }),
    });
    const session = response.cookies.find((c) => c.name === 'relais_session');
    if (session) this.cookie = session.value ? `relais_session=${session.value}` : undefined;
    const body = response.headers['content-type']?.toString().includes('json') ? response.json<object>() : {};
    if ('csrfToken' in body && typeof body.csrfToken === 'string') this.csrfToken = body.csrfToken;
    return response;
  }

  async signIn(email: string, password = DEMO_PASSWORD): Promise<LightMyRequestResponse> {
    return this.request('POST', '/auth/sign-in', { payload: { email, password } });
  }
}

/** A browser signed in as a demo account (or any account), failing the test if sign-in fails. */
export const signedIn = async (
  edge: TestService<AdminUiConfig>,
  email: string,
  password?: string,
): Promise<Browser> => {
  const browser = new Browser(edge);
  const answer = await browser.signIn(email, password);
  if (answer.statusCode !== 200)
    throw new Error(`sign-in as a test account answered ${String(answer.statusCode)}: ${answer.body}`);
  return browser;
};
