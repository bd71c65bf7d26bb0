/**
 * How every service process is started (`npm start`, the benchmarks, the tests that run services
 * as processes; the Dockerfile and the Kubernetes manifests repeat it):
 * - kafkajs sets timers from a negative remaining time when a request is late; Node warns and
 *   uses 1 ms, which is what kafkajs means. The warning is noise in the logs.
 * - `--max-semi-space-size=2` (MiB): V8's young generation otherwise grows to 16 MiB semispaces
 *   during start-up and keeps them. Measured with an idle placement service on 2 cores:
 *   175–180 MB resident by default, 142 MB at 1 MiB, 146 MB at 4 MiB (issue 10's target is
 *   ≤ 150 MB). More frequent scavenges are the price; the API figures of `npm run bench` show it.
 */
export const SERVICE_NODE_ARGS: readonly string[] = [
  '--disable-warning=TimeoutNegativeWarning',
  '--max-semi-space-size=2',
];
