/**
 * How every service process is started (`npm start`, the benchmarks, the tests that run services
 * as processes), with `strippedSourcesEnv()` (stripped-sources.ts) in its environment:
 * - kafkajs sets timers from a negative remaining time when a request is late; Node warns and
 *   uses 1 ms, which is what kafkajs means. The warning is noise in the logs.
 * - `--max-semi-space-size=2` (MiB): V8's young generation otherwise grows to 16 MiB semispaces
 *   during start-up and keeps them. Measured with an idle placement service on 2 cores:
 *   175–180 MB resident by default, 142 MB at 1 MiB, 146 MB at 4 MiB (issue 10's target is
 *   ≤ 150 MB). More frequent scavenges are the price; the API figures of `npm run bench` show it.
 * - `--import` of stripped-loader.mjs: the service loads its TypeScript as stripped once by the
 *   launcher instead of starting Node's own stripper (about 30 MB per process).
 * The Dockerfile and the Kubernetes manifests repeat the first two; their images do not strip
 * the sources at build yet, so Node strips them at start there.
 */
export const SERVICE_NODE_ARGS: readonly string[] = [
  '--disable-warning=TimeoutNegativeWarning',
  '--max-semi-space-size=2',
  `--import=${new URL('./stripped-loader.mjs', import.meta.url).href}`,
];
