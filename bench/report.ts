import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ApiFigure, CpuPerRequest } from './api.ts';
import type { ClientFigure, ClientFigures } from './client.ts';
import type { ChainFigure } from './e2e.ts';
import type { MatchingFigure } from './matching.ts';
import type { ReplayFigure } from './replay.ts';
import { fixed, type Latency } from './lib/stats.ts';

/** Everything one run measured; written as bench/results/latest.json. */
export interface BenchResults {
  readonly date: string;
  readonly quick: boolean;
  readonly machine: Record<string, unknown>;
  readonly e2e: {
    readonly trialEndedToIncomeReopened: { readonly steady: ChainFigure; readonly burst: ChainFigure };
    readonly ratioToFloorP50: number;
    readonly burstCpu: BurstCpu;
    readonly method: string;
  };
  readonly floor: Latency & { readonly commit: Latency };
  readonly replay: ReplayFigure;
  readonly matching: Record<string, MatchingFigure>;
  readonly api: { readonly read: ApiFigure; readonly write: ApiFigure; readonly connections: number };
  readonly rssMb: { readonly idle: Record<string, number>; readonly afterE2e: Record<string, number> };
  /** VmRSS's parts: the process's own memory and mapped files' pages (see bench/lib/stack.ts). */
  readonly rssPartsMb: {
    readonly idle: Record<string, RssParts>;
    readonly afterE2e: Record<string, RssParts>;
  };
  readonly client: ClientFigures;
}

/** A process's resident memory in its two parts (bench/lib/stack.ts `Memory`). */
export interface RssParts {
  readonly anonMb: number;
  readonly fileMb: number;
}

const parts = (p: RssParts | undefined): string =>
  p ? ` (own ${String(p.anonMb)}, mapped files ${String(p.fileMb)})` : '';

/**
 * The CPU the burst took, per outcome, by process (from the first request to the last reopening
 * seen, less what each process uses idle over as long), and what it implies: the burst is at least
 * `n × total / cores` of work, done first come first served at best, so its median outcome cannot
 * be reopened much before half of that, whatever the code waits on.
 */
export interface BurstCpu {
  readonly usPerOutcome: Record<string, number>;
  readonly totalUsPerOutcome: number;
  /** CPU µs per second each process used idle, just before the burst (taken off above). */
  readonly idleUsPerSec: Record<string, number>;
  readonly cores: number;
  /** n × totalUsPerOutcome / cores, in ms: the burst's work spread perfectly over every core. */
  readonly allCoresMs: number;
}

/** {@link BurstCpu} from the CPU µs each process used during the burst and idle. */
export const burstCpuFigure = (m: {
  readonly usDuring: Record<string, number>;
  readonly idleUsPerSec: Record<string, number>;
  readonly seconds: number;
  readonly outcomes: number;
  readonly cores: number;
}): BurstCpu => {
  const usPerOutcome = Object.fromEntries(
    Object.entries(m.usDuring).map(([name, us]) => [
      name,
      Math.max(0, Math.round((us - (m.idleUsPerSec[name] ?? 0) * m.seconds) / m.outcomes)),
    ]),
  );
  const totalUsPerOutcome = Object.values(usPerOutcome).reduce((sum, us) => sum + us, 0);
  return {
    usPerOutcome,
    totalUsPerOutcome,
    idleUsPerSec: m.idleUsPerSec,
    cores: m.cores,
    allCoresMs: fixed((m.outcomes * totalUsPerOutcome) / m.cores / 1000),
  };
};

/**
 * What the CPU this run measured allows, whatever the code waits on: the replay's rate with every
 * core busy on it, and, the API's servers being CPU-bound at 50 connections, the ratio their CPU
 * per request gives. A target past these is past what this machine does for the work each event
 * or request now costs, not a matter of waiting less.
 */
export interface CpuLimits {
  /** cores × 1,000,000 / the replay's CPU µs per event, all processes together (NaN: not measured). */
  readonly replayEventsPerSec: number;
  /** The baseline's CPU µs per request over ours (server + PostgreSQL; the client's, the same for both, left out). */
  readonly apiCpuRatio: { readonly read: number; readonly write: number };
}

/** {@link CpuLimits} of a run. */
export const cpuLimits = (r: BenchResults): CpuLimits => {
  const cores = Number(r.machine.cores);
  const perEvent = Object.values(r.replay.cpuUsPerEvent).reduce((sum, us) => sum + us, 0);
  const total = (c: CpuPerRequest) => c.service + c.postgres;
  const ratio = (f: ApiFigure) =>
    total(f.cpuUsPerRequest) > 0
      ? fixed(total(f.baselineCpuUsPerRequest) / total(f.cpuUsPerRequest))
      : Number.NaN;
  return {
    replayEventsPerSec: perEvent > 0 ? Math.round((cores * 1_000_000) / perEvent) : Number.NaN,
    apiCpuRatio: { read: ratio(r.api.read), write: ratio(r.api.write) },
  };
};

/** A target of issue 10 beside the figure it applies to. Missing one is reported, never an exit code. */
export interface Target {
  readonly figure: string;
  readonly value: number;
  readonly target: string;
  readonly met: boolean;
}

/** The issue's targets, checked against this run. */
export const targets = (r: BenchResults): Target[] => {
  const { steady, burst } = r.e2e.trialEndedToIncomeReopened;
  const atMost = (figure: string, value: number, limit: number, unit = ''): Target => ({
    figure,
    value,
    target: `≤ ${String(limit)}${unit}`,
    met: value <= limit,
  });
  const atLeast = (figure: string, value: number, limit: number): Target => ({
    figure,
    value,
    target: `≥ ${String(limit)}`,
    met: value >= limit,
  });
  return [
    atMost('e2e steady p50', steady.p50Ms, 10, ' ms'),
    atMost('e2e steady p99', steady.p99Ms, 50, ' ms'),
    atMost('e2e burst p50', burst.p50Ms, 10, ' ms'),
    atMost('e2e burst p99', burst.p99Ms, 50, ' ms'),
    atMost('e2e.ratioToFloorP50', r.e2e.ratioToFloorP50, 3),
    atLeast('replay.eventsPerSec', r.replay.eventsPerSec, 5000),
    ...(r.matching['50000'] ? [atMost('matching 50,000 p95', r.matching['50000'].p95Ms, 50, ' ms')] : []),
    atLeast('api read ratio', r.api.read.ratio, 0.7),
    atLeast('api write ratio', r.api.write.ratio, 0.7),
    ...Object.entries(r.rssMb.idle).map(([name, mb]) => atMost(`rss idle ${name}`, mb, 150, ' MB')),
  ];
};

const table = (rows: string[][]): string => {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

const ms = (value: number) => `${value.toFixed(2)} ms`;
/** `name value, name value` of a figure by process. */
const byProcess = (figures: Record<string, number>): string =>
  Object.entries(figures)
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');

const named = (figure: ClientFigure) => `${figure.package} ${figure.version}`;

/** The `client` rows: each client's round trip and, when run, the chain with its relay. */
const clientRows = (c: ClientFigures): string[][] => {
  const upkeep = (f: ClientFigure) =>
    f.registry
      ? `latest ${f.registry.latest} of ${f.registry.latestPublished?.slice(0, 10) ?? '?'}`
      : 'registry silent';
  const trip = (label: string, l: Latency, beside: string) => [
    label,
    `p50 ${ms(l.p50Ms)} p99 ${ms(l.p99Ms)}`,
    beside,
  ];
  const chain = (f: ClientFigure) =>
    f.e2e
      ? [
          [
            `client e2e steady, relay on ${f.package}`,
            `n=${String(f.e2e.count)} p50 ${ms(f.e2e.p50Ms)} p99 ${ms(f.e2e.p99Ms)}`,
            `acked p50 ${ms(f.e2e.stagesP50Ms.publishedAcked ?? Number.NaN)}`,
          ],
        ]
      : [];
  return [
    trip(`client ${named(c.kafkajs)} round trip`, c.kafkajs.roundTrip, upkeep(c.kafkajs)),
    trip(`client ${named(c.platformatic)} round trip`, c.platformatic.roundTrip, upkeep(c.platformatic)),
    trip(
      '  its producer → kafkajs consumer',
      c.platformatic.roundTripToKafkajsConsumer,
      'KAFKA_CLIENT=platformatic',
    ),
    ...chain(c.kafkajs),
    ...chain(c.platformatic),
  ];
};

/** The human-readable report. */
export const render = (r: BenchResults, checked: readonly Target[]): string => {
  const { steady, burst } = r.e2e.trialEndedToIncomeReopened;
  const limits = cpuLimits(r);
  const chain = (label: string, f: ChainFigure) => [
    `e2e ${label}`,
    `n=${String(f.count)} p50 ${ms(f.p50Ms)} p95 ${ms(f.p95Ms)} p99 ${ms(f.p99Ms)}`,
    `http p50 ${ms(f.httpResponse.p50Ms)}`,
  ];
  const figures = table([
    ['figure', 'value', 'beside it'],
    chain(`steady (${String(steady.ratePerSec)}/s)`, steady),
    chain('burst', burst),
    [
      '  burst CPU µs per outcome',
      `${String(r.e2e.burstCpu.totalUsPerOutcome)}: ${byProcess(r.e2e.burstCpu.usPerOutcome)}`,
      `the burst's work on ${String(r.e2e.burstCpu.cores)} cores: ≥ ${ms(r.e2e.burstCpu.allCoresMs)}`,
    ],
    ['  idle CPU µs per second', byProcess(r.e2e.burstCpu.idleUsPerSec), 'taken off the burst'],
    ...Object.entries(steady.stagesP50Ms).map(([stage, v]) => [
      `  steady p50 at ${stage}`,
      ms(v),
      'since the request',
    ]),
    [
      '  steady slowest, ms since the request',
      'outbox / answered / acked / inbox / reopening / applied',
      'sent at (UTC)',
    ],
    ...steady.slowest.map((o) => [
      '',
      Object.values(o.stagesMs)
        .map((v) => fixed(v, 1))
        .join(' / '),
      o.sentAt.slice(11, 23),
    ]),
    [
      'floor kafka round trip',
      `p50 ${ms(r.floor.p50Ms)} p99 ${ms(r.floor.p99Ms)}`,
      `n=${String(r.floor.count)}`,
    ],
    [
      'floor pg commit',
      `p50 ${ms(r.floor.commit.p50Ms)} p99 ${ms(r.floor.commit.p99Ms)}`,
      `n=${String(r.floor.commit.count)}`,
    ],
    ['e2e.ratioToFloorP50', r.e2e.ratioToFloorP50.toFixed(2), 'steady p50 / (kafka p50 + 2 × commit p50)'],
    ...clientRows(r.client),
    [
      'replay.eventsPerSec',
      String(r.replay.eventsPerSec),
      `${String(r.replay.consumed)}/${String(r.replay.events)} events in ${String(r.replay.seconds)} s (wall ${String(r.replay.wallSeconds)} s), ${String(r.replay.setAside)} set aside for their start`,
    ],
    [
      '  replay CPU µs per event',
      byProcess(r.replay.cpuUsPerEvent),
      `from readiness to the last event${Number.isFinite(limits.replayEventsPerSec) ? `; at most ${String(limits.replayEventsPerSec)} events/s on ${String(r.machine.cores)} cores` : ''}`,
    ],
    ...r.replay.rowsFloor.map((f) => [
      `  its rows set-based, ${String(f.eventsPerChunk)} a chunk, ${String(f.connections)} conn.`,
      `${String(f.eventsPerSec)} events/s; CPU µs per event ${byProcess(f.cpuUsPerEvent)}`,
      `${String(f.events)} events' rows (the floor of a set-based path)`,
    ]),
    ...Object.entries(r.matching).map(([size, m]) => [
      `matching ${Number(size).toLocaleString('en')}`,
      `p50 ${ms(m.p50Ms)} p95 ${ms(m.p95Ms)}`,
      `${String(m.runs)} runs, limit 50`,
    ]),
    ...(['read', 'write'] as const).flatMap((k) => {
      const f = r.api[k];
      const cpu = (c: CpuPerRequest) => `server ${String(c.service)}, PostgreSQL ${String(c.postgres)}`;
      return [
        [
          `api ${k} ${f.route}`,
          `${String(f.rps)} req/s p99 ${ms(f.p99Ms)}`,
          `baseline ${String(f.baselineRps)} req/s p99 ${ms(f.baselineP99Ms)}, ratio ${f.ratio.toFixed(2)}`,
        ],
        [
          `  CPU µs per request`,
          cpu(f.cpuUsPerRequest),
          `baseline ${cpu(f.baselineCpuUsPerRequest)}${Number.isFinite(limits.apiCpuRatio[k]) ? `; CPU ratio ${limits.apiCpuRatio[k].toFixed(2)}` : ''}`,
        ],
      ];
    }),
    ...Object.keys(r.rssMb.idle).map((name) => [
      `rss ${name}`,
      `idle ${String(r.rssMb.idle[name])} MB${parts(r.rssPartsMb.idle[name])}`,
      `after e2e ${String(r.rssMb.afterE2e[name])} MB${parts(r.rssPartsMb.afterE2e[name])}`,
    ]),
  ]);
  const verdicts = table([
    ['target', 'value', 'wanted', ''],
    ...checked.map((t) => [t.figure, String(t.value), t.target, t.met ? 'met' : 'MISSED']),
  ]);
  const m = r.machine;
  return [
    `Relais benchmarks — ${r.date}${r.quick ? ' (quick sizes)' : ''}`,
    `${String(m.cores)} cores (${String(m.cpu)}), Node ${String(m.node)}, Kafka ${String(m.kafka)}, PostgreSQL ${String(m.postgres)}, load average ${String(m.loadAverageStart)} → ${String(m.loadAverageEnd)}`,
    '',
    figures,
    '',
    verdicts,
  ].join('\n');
};

/** Writes the JSON results (the file is git-ignored: figures belong to a machine and a moment). */
export const writeResults = async (
  path: string,
  r: BenchResults,
  checked: readonly Target[],
): Promise<void> => {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify({ ...r, cpuLimits: cpuLimits(r), targets: checked }, null, 2)}\n`);
};
