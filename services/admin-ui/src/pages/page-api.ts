import type { FastifyRequest } from 'fastify';
import type { ServiceAnswer, ServiceClient } from '../forwarding/service-client.ts';

/** A service refused or failed a page's call: the page shows why, in the user's language. */
export class ServiceRefusal extends Error {
  readonly status: number;
  /** The problem's stable code (`HOST_NOT_APPROVED`…), or `HTTP_<status>` if it gave none. */
  readonly code: string;
  /** Fields the service named as wrong (`errors` of a 400/422 problem). */
  readonly fields: readonly { readonly field: string; readonly message: string }[];

  constructor(service: string, answer: ServiceAnswer) {
    const problem = (answer.body ?? {}) as { code?: unknown; errors?: unknown };
    const code = typeof problem.code === 'string' ? problem.code : `HTTP_${String(answer.status)}`;
    super(`${service} answered ${String(answer.status)} ${code}`);
    this.status = answer.status;
    this.code = code;
    this.fields = Array.isArray(problem.errors)
      ? (problem.errors as { field: string; message: string }[])
      : [];
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The services as one page's request sees them: JSON in and out, anything but 2xx thrown. */
export interface PageApi {
  get<T>(service: string, path: string): Promise<T>;
  send<T>(service: string, method: Exclude<Method, 'GET'>, path: string, body?: unknown): Promise<T>;
  /** A read whose failure the page shows in place (a dashboard section) rather than as the page's error. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the answer's shape, as for `get`
  attempt<T>(service: string, path: string): Promise<{ ok: true; value: T } | { ok: false; error: unknown }>;
  /** The raw answer of a GET (a download passed on as it is). */
  raw(service: string, path: string, accept: string): Promise<ServiceAnswer>;
}

/** A page's access to the services, as its signed-in user. */
export const pageApi = (client: ServiceClient, request: FastifyRequest): PageApi => {
  const call = async <T>(service: string, method: Method, path: string, body?: unknown): Promise<T> => {
    const answer = await client.send(request, service, method, path, body === undefined ? {} : { body });
    if (answer.status < 200 || answer.status > 299) throw new ServiceRefusal(service, answer);
    return answer.body as T;
  };
  return {
    get: (service, path) => call(service, 'GET', path),
    send: (service, method, path, body) => call(service, method, path, body ?? {}),
    attempt: async <T>(service: string, path: string) => {
      try {
        return { ok: true as const, value: await call<T>(service, 'GET', path) };
      } catch (error) {
        return { ok: false as const, error };
      }
    },
    raw: async (service, path, accept) => {
      const answer = await client.send(request, service, 'GET', path, { accept });
      if (answer.status < 200 || answer.status > 299) throw new ServiceRefusal(service, answer);
      return answer;
    },
  };
};

/** A query string from the values that are set (`?status=open&q=x`), or an empty string. */
export const query = (params: Record<string, string | number | boolean | null | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

/** A path segment from an id taken from a URL or a form (never lets it climb or add a query). */
export const segment = (id: string): string => encodeURIComponent(id);
