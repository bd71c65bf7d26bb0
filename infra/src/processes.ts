// Processes by pid, for the broker and its watchdog: whether one is alive (and still the program
// it was), signals to its process group, and its start time, which tells a process from a later
// one given the same pid. Linux reads /proc; elsewhere kill(pid, 0) is all there is.
//
// This file is run directly by Node 24's type stripping: erasable TypeScript only.

import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const hasProc = (): boolean => existsSync('/proc/self/stat');

/** Whether a process exists (EPERM: it exists but belongs to another user). */
export const processExists = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The fields of /proc/<pid>/stat after the command name (state first); undefined when gone. */
const statFields = (pid: number): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
};

/**
 * Whether the process `pid` has ended: gone, or a zombie its parent has not reaped yet (on
 * Linux); a process of another user counts as alive.
 */
export const hasEnded = (pid: number): boolean => {
  if (!processExists(pid)) return true;
  if (!hasProc()) return false;
  const state = statFields(pid)?.[0];
  return state === undefined || state === 'Z' || state === 'X';
};

/**
 * When the process started, in clock ticks since boot (Linux), so that a pid given to a later
 * process is not taken for the first; '' where there is no procfs, or when it is gone.
 */
export const startTimeOf = (pid: number): string => (hasProc() ? (statFields(pid)?.[19] ?? '') : '');

/**
 * Whether `pid` is a live process of ours (not a zombie) and, on Linux, runs with `marker` among
 * its arguments (the broker's main class, the watchdog's script): a pid reused by another
 * program is not it.
 */
export const isRunning = (pid: number, marker: string): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false; // ESRCH: gone; EPERM: someone else's process, so not one we started
  }
  if (!hasProc()) return true; // no procfs (macOS): trust kill(0)
  if (hasEnded(pid)) return false;
  try {
    return readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8')
      .split('\0')
      .includes(marker);
  } catch {
    return false; // exited meanwhile
  }
};

/** Sends a signal to the process group `pid` leads, else to the pid alone; nothing if it is gone. */
export const signalGroup = (pid: number, signal: NodeJS.Signals): void => {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
};

/** Waits until `isRunning(pid, marker)` is false; whether it is, after at most `timeoutMs`. */
export const waitUntilGone = async (pid: number, marker: string, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid, marker)) return true;
    await sleep(100);
  }
  return !isRunning(pid, marker);
};

/**
 * Stops the process group `pid` leads, as a broker is stopped: SIGTERM (a controlled shutdown),
 * then SIGKILL if `marker`'s process still runs after `termTimeoutMs` (`onKill` is told first).
 * Whether it is gone.
 */
export const stopGroup = async (
  pid: number,
  marker: string,
  options: { readonly termTimeoutMs?: number; readonly onKill?: () => void } = {},
): Promise<boolean> => {
  signalGroup(pid, 'SIGTERM');
  if (await waitUntilGone(pid, marker, options.termTimeoutMs ?? 30_000)) return true;
  options.onKill?.();
  signalGroup(pid, 'SIGKILL');
  return waitUntilGone(pid, marker, 10_000);
};
