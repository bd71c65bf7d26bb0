// The placement service's HTTP API under 50 concurrent connections, beside a bare fastify + pg
// server doing one equivalent query on the same database, in the same run.
import { Agent } from 'node:http';
import { join } from 'node:path';
import { candidateReferral, validNiss } from '@relais/testing';
import { cpuNow, cpuSince, postgresCpu, processCpu } from './lib/cpu.ts';
import { closedLoop, send, type LoadRequest, type LoadResult } from './lib/load.ts';
import { officerAuthorization } from './lib/auth.ts';
import { startProcess } from './lib/stack.ts';
import { fixed } from './lib/stats.ts';

/** One route against its baseline. */
export interface ApiFigure {
  readonly route: string;
  readonly baselineQuery: string;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly baselineRps: number;
  readonly baselineP99Ms: number;
  readonly ratio: number;
  /**
   * CPU µs per request of the server process and of PostgreSQL (all its processes) during the
   * measured run, ours and the baseline's: the two share this machine's cores, so the ratio is
   * set by what each request costs them together.
   */
  readonly cpuUsPerRequest: CpuPerRequest;
  readonly baselineCpuUsPerRequest: CpuPerRequest;
}

/** CPU µs per request, by process. */
export interface CpuPerRequest {
  readonly service: number;
  readonly postgres: number;
}

/** A load run and the CPU it took. */
type Measured = LoadResult & { readonly cpu: CpuPerRequest };

/** One candidate per connection, referred through the API, so writes never contend for a row. */
const seedCandidates = async (
  placementUrl: string,
  auth: { header: () => string },
  n: number,
): Promise<string[]> => {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const birth = new Date(Date.UTC(1970, 0, 1 + i * 97)).toISOString().slice(0, 10);
    const { status, body } = await send(agent, new URL(placementUrl), {
      method: 'POST',
      path: '/candidates',
      headers: { authorization: auth.header() },
      body: JSON.stringify(
        candidateReferral({
          niss: validNiss(birth),
          firstName: 'Bench',
          lastName: `Candidate ${String(i)}`,
          skills: [],
        }),
      ),
    });
    if (status !== 201)
      throw new Error(`referring a candidate answered ${String(status)}: ${body.slice(0, 500)}`);
    ids.push((JSON.parse(body) as { id: string }).id);
  }
  agent.destroy();
  return ids;
};

const compare = (route: string, baselineQuery: string, ours: Measured, bare: Measured): ApiFigure => ({
  route,
  baselineQuery,
  rps: ours.rps,
  p50Ms: ours.p50Ms,
  p99Ms: ours.p99Ms,
  errors: ours.errors + bare.errors,
  baselineRps: bare.rps,
  baselineP99Ms: bare.p99Ms,
  ratio: fixed(ours.rps / bare.rps),
  cpuUsPerRequest: ours.cpu,
  baselineCpuUsPerRequest: bare.cpu,
});

/** Runs the read and the write route of placement and of the baseline, one after the other. */
export const api = async (options: {
  readonly placementUrl: string;
  readonly placementPid: number;
  readonly placementDb: string;
  readonly tenantId: string;
  readonly logDir: string;
  readonly connections: number;
  readonly durationMs: number;
  readonly log: (line: string) => void;
}): Promise<{ read: ApiFigure; write: ApiFigure; connections: number; durationSec: number }> => {
  const { connections, tenantId } = options;
  // Both routes pay for what every call now pays: token verification and, for the read of a
  // person's record, its audit row. The bare baseline does neither.
  const auth = await officerAuthorization(tenantId);
  const ids = await seedCandidates(options.placementUrl, auth, connections);
  const baseline = await startProcess({
    name: 'api-baseline',
    entry: join(import.meta.dirname, 'baseline-server.ts'),
    logDir: options.logDir,
    env: { DATABASE_URL: options.placementDb },
  });
  const id = (c: number) => ids[c % ids.length] ?? '';
  const read = (c: number, n: number): LoadRequest => ({
    method: 'GET',
    path: `/candidates/${id(c + n)}`,
    headers: { 'x-tenant-id': tenantId, authorization: auth.header() },
  });
  const write = (c: number, n: number): LoadRequest => ({
    method: 'PATCH',
    path: `/candidates/${id(c)}`,
    headers: { 'x-tenant-id': tenantId, authorization: auth.header() },
    body: JSON.stringify({ skillsNote: `note ${String(n)}` }),
  });
  const run = async (
    label: string,
    server: { readonly url: string; readonly pid: number },
    make: (c: number, n: number) => LoadRequest,
  ): Promise<Measured> => {
    const { url } = server;
    await closedLoop({ url, connections, durationMs: Math.min(1000, options.durationMs / 3), make });
    const sources = { service: processCpu(server.pid), postgres: postgresCpu };
    const before = await cpuNow(sources);
    const result = await closedLoop({ url, connections, durationMs: options.durationMs, make });
    const { service = 0, postgres = 0 } = await cpuSince(sources, before, result.count);
    options.log(
      `api ${label}: ${String(result.rps)} req/s, p99 ${String(result.p99Ms)} ms; CPU µs per request: server ${String(service)}, PostgreSQL ${String(postgres)}`,
    );
    if (result.firstError)
      options.log(`api ${label}: ${String(result.errors)} errors, first: ${result.firstError}`);
    return { ...result, cpu: { service, postgres } };
  };
  const placement = { url: options.placementUrl, pid: options.placementPid };
  try {
    const oursRead = await run('placement GET /candidates/:id', placement, read);
    const bareRead = await run('baseline GET', baseline, read);
    const oursWrite = await run('placement PATCH /candidates/:id', placement, write);
    const bareWrite = await run('baseline PATCH', baseline, write);
    return {
      read: compare(
        'GET /candidates/:candidateId',
        'SELECT * FROM candidates WHERE tenant_id = $1 AND id = $2',
        oursRead,
        bareRead,
      ),
      write: compare(
        'PATCH /candidates/:candidateId',
        'UPDATE candidates SET skills_note = $3, version = version + 1 … RETURNING *',
        oursWrite,
        bareWrite,
      ),
      connections,
      durationSec: options.durationMs / 1000,
    };
  } finally {
    await baseline.stop();
  }
};
