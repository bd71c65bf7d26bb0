import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/** Random bytes drawn from the system 4 KiB at a time (256 ids). */
const pool = new Uint8Array(4096);
const view = new DataView(pool.buffer);
let used = pool.length;

/** The last id's millisecond and counter, as uuid keeps them for its own v7(). */
const state = { msecs: -Infinity, seq: 0 };

/**
 * A new UUIDv7, as uuid's `v7()` makes it (time-ordered, and increasing within a process even
 * within one millisecond: its counter starts at random and counts up), from random bytes drawn
 * in bulk. uuid's own `v7()` asks the system for 16 bytes per id (`crypto.getRandomValues`):
 * 1.5 µs an id against 0.12–0.26 µs (300,000 ids in a row, Node 24, 2026-12-07), and a
 * replayed trial end makes a dozen ids (periods, reopening, proposals, follow-up, checks,
 * events, audit rows). Given its bytes, `v7()` keeps no counter of its own, so this keeps it,
 * with uuid's rule: a new millisecond restarts it from the random bytes, the same millisecond
 * adds one, and an overflow moves to the next millisecond.
 */
export const newUuidV7 = (): string => {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += 16;
  const now = Date.now();
  if (now > state.msecs) {
    // uuid's v7Sequence: the 31 low bits of bytes 6–9.
    state.seq = view.getUint32(at + 6) & 0x7fffffff;
    state.msecs = now;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs++;
  }
  return v7({ random: pool.subarray(at, at + 16), msecs: state.msecs, seq: state.seq });
};
