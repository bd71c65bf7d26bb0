import type { Principal, UserRole } from '@relais/service-kit';

/** The services the loader calls, by base URL (each service directly, as the edge forwards). */
export interface DemoServices {
  readonly placement: string;
  readonly safetyVisits: string;
  readonly trialPeriod: string;
  readonly incomeContinuity: string;
  readonly committee: string;
}

/** Signs a service token for a principal, as the edge does (the stack holds the private key). */
export type SignToken = (principal: Principal) => Promise<string>;

/** An answer: its status and parsed JSON body. */
export interface Answer<T> {
  readonly status: number;
  readonly body: T;
}

/** Calls one service as one person of one CPAS; a fresh token per call (tokens live two minutes). */
export type Caller = <T = Record<string, unknown>>(
  service: keyof DemoServices,
  method: string,
  path: string,
  body?: unknown,
  accept?: readonly number[],
) => Promise<Answer<T>>;

/** A caller acting as `actor` with `role` in CPAS `tenantId`. */
export const callerFor =
  (services: DemoServices, sign: SignToken, tenantId: string, actorId: string, role: UserRole): Caller =>
  async <T>(
    service: keyof DemoServices,
    method: string,
    path: string,
    body?: unknown,
    accept: readonly number[] = [200, 201],
  ): Promise<Answer<T>> => {
    const token = await sign({ userId: actorId, tenantId, roles: [role] });
    const res = await fetch(`${services[service]}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!accept.includes(res.status))
      throw new Error(`${method} ${service}${path} answered ${String(res.status)}: ${text.slice(0, 500)}`);
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };

/** Polls `probe` until it gives a value, or throws after `timeoutMs` naming `what`. */
export const waitUntil = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${String(timeoutMs)} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

/** Runs `task` over `items`, at most `limit` at a time, in order of start. */
export const eachLimited = async <T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};
