/**
 * How every service process is started (`npm start`, the benchmarks, the tests that run services
 * as processes), with `strippedSourcesEnv()` (stripped-sources.ts) in its environment:
 * - kafkajs sets timers from a negative remaining time when a request is late; Node warns and
 *   uses 1 ms, which is what kafkajs means. The warning is noise in the logs.
 * - `--max-semi-space-size=8` (MiB): V8's young generation otherwise grows to 16 MiB semispaces
 *   during start-up and keeps them (an idle service scavenges every 7 s or so, too often for V8
 *   to shrink it again). Four idle services on 2 cores, 5–60 s after ready, with the stripped
 *   sources below (2026-12-07): 115–118 MB resident at 2 MiB, 126–130 at 8, 137–143 at 16 (issue
 *   10's target is ≤ 150 MB; before the stripped sources, 2 MiB gave 143–149 and 4 MiB 147–150).
 *   Scavenges at 2 MiB cost the replay: 20,000-event replays taking turns gave 1,105–1,186
 *   events/s at 2 MiB against 1,229–1,314 at 8 (three rounds; 4 and 16 MiB within the same
 *   spread), income-continuity using 750–800 µs of CPU per event against 652–698.
 * - `--import` of stripped-loader.mjs: the service loads its TypeScript as stripped once by the
 *   launcher instead of starting Node's own stripper (about 30 MB per process).
 * The Dockerfile and the Kubernetes manifests repeat the first, and keep 2 MiB semispaces. The
 * image strips the sources at build (`cli.ts sources strip`) and gives the loader to every
 * process through NODE_OPTIONS, so its services start without Node's stripper too; 8 MiB was
 * held back when it did not (8 MiB on top of the stripper took a service past 150 MB), and is not
 * measured in a container (no Docker engine where this was written).
 */
export const SERVICE_NODE_ARGS: readonly string[] = [
  '--disable-warning=TimeoutNegativeWarning',
  '--max-semi-space-size=8',
  `--import=${new URL('./stripped-loader.mjs', import.meta.url).href}`,
];
