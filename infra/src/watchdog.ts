// Stops a broker once the process that owns it is gone, however that process ended: a test run
// or a benchmark killed by a timeout, a SIGKILL, or an out-of-memory kill never runs its teardown,
// and the broker, detached in its own process group so that the CLI's can outlive it, would go
// on holding its port, its memory and its data directory. Started detached by `startKafka` for an
// owned broker; it ends with the broker (`stopKafka` ends it first).
//
//   node watchdog.ts <owner pid> <owner start time> <broker pid> <data dir> <remove data dir: 0|1>
//
// This file is run directly by Node 24's type stripping: erasable TypeScript only. It imports
// nothing but node: built-ins and processes.ts, so that it starts in a few milliseconds.

import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasEnded, isRunning, signalGroup, startTimeOf, waitUntilGone } from './processes.ts';

/** How often the owner is looked at: the broker outlives its owner by at most this much (plus its stop). */
const WATCH_INTERVAL_MS = 500;
/** The argument that tells the broker's JVM apart (see kafka.ts). */
const KAFKA_MAIN = 'kafka.Kafka';
/** How long a broker is given to stop after SIGTERM before SIGKILL (as `stopKafka`). */
const STOP_TIMEOUT_MS = 30_000;

const [ownerArg, ownerStart = '', brokerArg, dataDir = '', removeArg] = process.argv.slice(2);
const owner = Number(ownerArg);
const broker = Number(brokerArg);
if (!Number.isInteger(owner) || !Number.isInteger(broker) || owner < 2 || broker < 2 || dataDir === '') {
  process.stderr.write('usage: watchdog.ts <owner pid> <owner start time> <broker pid> <data dir> <0|1>\n');
  process.exit(2);
}

// A zombie owner has ended too (killed, and its parent has not reaped it yet); a start time
// that differs is a later process given the same pid.
const ownerAlive = () => !hasEnded(owner) && startTimeOf(owner) === ownerStart;

while (isRunning(broker, KAFKA_MAIN) && ownerAlive()) await sleep(WATCH_INTERVAL_MS);

if (isRunning(broker, KAFKA_MAIN)) {
  signalGroup(broker, 'SIGTERM');
  if (!(await waitUntilGone(broker, KAFKA_MAIN, STOP_TIMEOUT_MS))) {
    signalGroup(broker, 'SIGKILL');
    await waitUntilGone(broker, KAFKA_MAIN, 10_000);
  }
  const pidFile = join(dataDir, 'broker.pid');
  const recorded = await readFile(pidFile, 'utf8').catch(() => '');
  if (Number.parseInt(recorded.trim(), 10) === broker) await rm(pidFile, { force: true });
  if (removeArg === '1') await rm(dataDir, { recursive: true, force: true });
}
// Unless a later start has put its own watchdog there.
const watchdogFile = join(dataDir, 'watchdog.pid');
const named = await readFile(watchdogFile, 'utf8').catch(() => '');
if (Number.parseInt(named.trim(), 10) === process.pid) await rm(watchdogFile, { force: true });
