/** The demo accounts' published password (services/admin-ui/README.md, development only). */
export const DEMO_PASSWORD = 'relais-demo-2026';

/** One answer of the edge, as a browser or a script sees it; status 0 when none came in time. */
export interface EdgeAnswer {
  readonly status: number;
  readonly ms: number;
  readonly contentType: string;
  readonly retryAfter: string | null;
  readonly body: string;
  /** `relais_session=…` when the answer set the session cookie. */
  readonly cookie: string | undefined;
}

/** What must never reach a client: a stack, or the names of the parts that failed. */
const INTERNALS =
  /"stack"|\bat .+\.[jt]s:\d+|ioredis|MaxRetriesPerRequest|ECONNREFUSED|Connection is closed/i;

/** Calls the edge over HTTP behind its (trusted, loopback) proxy from address `ip`, within `timeoutMs`. */
export const askEdge = async (
  url: string,
  path: string,
  options: {
    readonly ip: string;
    readonly method?: 'GET' | 'POST';
    readonly json?: unknown;
    readonly cookie?: string;
    readonly accept?: string;
    readonly timeoutMs: number;
  },
): Promise<EdgeAnswer> => {
  const started = Date.now();
  try {
    const response = await fetch(`${url}${path}`, {
      method: options.method ?? 'GET',
      headers: {
        'x-forwarded-for': options.ip,
        ...(options.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.accept ? { accept: options.accept } : {}),
      },
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body = await response.text();
    const cookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith('relais_session='))
      ?.split(';')[0];
    return {
      status: response.status,
      ms: Date.now() - started,
      contentType: response.headers.get('content-type') ?? '',
      retryAfter: response.headers.get('retry-after'),
      body,
      cookie,
    };
  } catch {
    return {
      status: 0,
      ms: Date.now() - started,
      contentType: '',
      retryAfter: null,
      body: '',
      cookie: undefined,
    };
  }
};

/** Signs in with email and password from address `ip`. */
export const signInAt = (
  url: string,
  ip: string,
  email: string,
  password: string,
  timeoutMs: number,
): Promise<EdgeAnswer> =>
  askEdge(url, '/auth/sign-in', { ip, method: 'POST', json: { email, password }, timeoutMs });

/**
 * Whether an answer is the clear refusal of an edge without Redis: 503, RFC 9457 problem
 * details with `code`, Retry-After, and nothing of the failure's internals.
 */
export const isUnavailableProblem = (answer: EdgeAnswer, code: string): boolean => {
  if (answer.status !== 503 || !answer.contentType.startsWith('application/problem+json')) return false;
  if (answer.retryAfter === null || INTERNALS.test(answer.body)) return false;
  try {
    const problem = JSON.parse(answer.body) as { code?: unknown; status?: unknown };
    return problem.code === code && problem.status === 503;
  } catch {
    return false;
  }
};

/** Whether an answer is a page (HTML) saying the service is unavailable, with nothing of its internals. */
export const isUnavailablePage = (answer: EdgeAnswer): boolean =>
  answer.status === 503 && answer.contentType.startsWith('text/html') && !INTERNALS.test(answer.body);
