import { Agent, request } from 'node:http';
import { latency, type Latency } from './stats.ts';

/** One HTTP request of a load run. */
export interface LoadRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/** What a load run measured. */
export interface LoadResult extends Latency {
  readonly rps: number;
  /** Answers other than 2xx, and transport errors. */
  readonly errors: number;
  readonly firstError?: string;
}

/** Sends one request on a keep-alive agent and resolves with the status and the body. */
export const send = (agent: Agent, base: URL, req: LoadRequest): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const headers = {
      ...req.headers,
      ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const r = request(
      { agent, host: base.hostname, port: base.port, method: req.method, path: req.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });

/**
 * A closed loop like autocannon's: `connections` keep-alive connections, each sending its next
 * request as soon as the previous answer is in, for `durationMs`. `make(connection, n)` gives
 * the request, so each connection can work on its own record. Same client for every target,
 * so the ratio between two targets does not depend on the client's own cost.
 */
export const closedLoop = async (options: {
  readonly url: string;
  readonly connections: number;
  readonly durationMs: number;
  readonly make: (connection: number, n: number) => LoadRequest;
}): Promise<LoadResult> => {
  const base = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async (connection: number) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const t0 = performance.now();
      try {
        const { status, body } = await send(agent, base, options.make(connection, n));
        if (status < 200 || status > 299) {
          errors++;
          firstError ??= `${String(status)} ${body.slice(0, 300)}`;
        }
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, c) => worker(c)));
  const elapsed = performance.now() - started;
  agent.destroy();
  return {
    ...latency(samples),
    rps: Math.round((samples.length / elapsed) * 1000),
    errors,
    ...(firstError === undefined ? {} : { firstError }),
  };
};
