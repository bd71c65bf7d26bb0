import { setTimeout as sleep } from 'node:timers/promises';
import { byPerson, placementStory, type PlacementStory } from './events.ts';
import type { ReliableProducer } from './kafka.ts';

/** A steady stream of placement stories, produced in the background while a scenario injects faults. */
export interface StoryFlow {
  /** Every story produced so far (acknowledged by the broker), in order. */
  readonly stories: PlacementStory[];
  /** Stops producing after the batch in hand; resolves when the loop has ended (rethrows its error). */
  stop(): Promise<void>;
}

/**
 * Every `tickMs`, the next `perTick` persons (taken in turn) get their next placement story (a
 * start and a not-conclusive trial end, keyed by person), until stopped, `maxTicks` batches or
 * `maxMs` have passed: bounded in count and in time.
 */
export const startStoryFlow = (options: {
  readonly producer: ReliableProducer;
  readonly tenantId: string;
  readonly persons: readonly string[];
  readonly perTick: number;
  readonly tickMs: number;
  readonly maxTicks: number;
  readonly maxMs: number;
  /**
   * Each person's next round; pass the same map to flows that follow each other, so a person's
   * placements keep going forward in time (a new map starts every person at round 0).
   */
  readonly rounds?: Map<string, number>;
}): StoryFlow => {
  const stories: PlacementStory[] = [];
  const rounds = options.rounds ?? new Map<string, number>();
  let next = 0;
  // An object: the loop reads what `stop` writes later.
  const state = { stopped: false };
  const deadline = Date.now() + options.maxMs;
  const loop = (async () => {
    for (let tick = 0; tick < options.maxTicks && !state.stopped && Date.now() < deadline; tick++) {
      const began = Date.now();
      const wave: PlacementStory[] = [];
      for (let i = 0; i < options.perTick; i++) {
        const personId = options.persons[next % options.persons.length] ?? '';
        next += 1;
        const round = rounds.get(personId) ?? 0;
        rounds.set(personId, round + 1);
        wave.push(placementStory(options.tenantId, personId, round));
      }
      await options.producer.send(
        wave.flatMap((s) => [s.started, s.ended]),
        byPerson,
      );
      stories.push(...wave);
      const rest = options.tickMs - (Date.now() - began);
      if (rest > 0) await sleep(rest);
    }
  })();
  return {
    stories,
    async stop() {
      state.stopped = true;
      await loop;
    },
  };
};
