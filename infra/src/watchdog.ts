// Stops a broker once the process that owns it is gone, however that process ended: a test run
// or a benchmark killed by a timeout, a SIGKILL, or an out-of-memory kill never runs its teardown,
// and the broker, detached in its own process group so that the CLI's can outlive it, would go
// on holding its port, its memory and its data directory. Started detached by `startKafka` for an
// owned broker; it ends with the broker (`stopKafka` ends it first).
//
//   node watchdog.ts <owner pid> <owner start time> <broker pid> <broker marker> <stop timeout ms>
//                    <broker pid file> <watchdog pid file> [<data dir to remove>]
//
// kafka.ts gives every broker-specific value (the marker of its JVM, how long a stop may take,
// its files), so that the two stop a broker the same way (processes.ts's stopGroup).
//
// This file is run directly by Node 24's type stripping: erasable TypeScript only. It imports
// nothing but node: built-ins and processes.ts, so that it starts in a few milliseconds.

import { readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { hasEnded, isRunning, startTimeOf, stopGroup } from './processes.ts';

/** How often the owner is looked at: the broker outlives its owner by at most this much (plus its stop). */
const WATCH_INTERVAL_MS = 500;

const [
  ownerArg,
  ownerStart = '',
  brokerArg,
  marker = '',
  stopArg,
  pidFile = '',
  watchdogFile = '',
  removeDir = '',
] = process.argv.slice(2);
const owner = Number(ownerArg);
const broker = Number(brokerArg);
const termTimeoutMs = Number(stopArg);
if (
  !Number.isInteger(owner) ||
  !Number.isInteger(broker) ||
  owner < 2 ||
  broker < 2 ||
  marker === '' ||
  !(termTimeoutMs > 0) ||
  pidFile === '' ||
  watchdogFile === ''
) {
  process.stderr.write(
    'usage: watchdog.ts <owner pid> <owner start> <broker pid> <marker> <stop ms> <pid file> <watchdog pid file> [<dir>]\n',
  );
  process.exit(2);
}

// A zombie owner has ended too (killed, and its parent has not reaped it yet); a start time
// that differs is a later process given the same pid.
const ownerAlive = () => !hasEnded(owner) && startTimeOf(owner) === ownerStart;

while (isRunning(broker, marker) && ownerAlive()) await sleep(WATCH_INTERVAL_MS);

if (isRunning(broker, marker)) {
  await stopGroup(broker, marker, { termTimeoutMs });
  const recorded = await readFile(pidFile, 'utf8').catch(() => '');
  if (Number.parseInt(recorded.trim(), 10) === broker) await rm(pidFile, { force: true });
  if (removeDir !== '') await rm(removeDir, { recursive: true, force: true });
}
// Unless a later start has put its own watchdog there.
const named = await readFile(watchdogFile, 'utf8').catch(() => '');
if (Number.parseInt(named.trim(), 10) === process.pid) await rm(watchdogFile, { force: true });
