/** How big a run is: `small` inside `npm test` and `npm run chaos`, `full` for `--scale full`. */
export type Scale = 'small' | 'full';

/** The servers every scenario may use besides the ones it starts itself. */
export interface ChaosServers {
  readonly postgresUrl: string;
  readonly redisUrl: string;
}

/** What a scenario gets to run with. */
export interface ScenarioContext {
  readonly scale: Scale;
  readonly servers: ChaosServers;
  /** A directory of its own for brokers' data and service logs, removed afterwards. */
  readonly workDir: string;
  readonly log: (line: string) => void;
}

/** What a scenario found, as the results table shows it. */
export interface ScenarioOutcome {
  /** What was done and seen, by name (events produced, effects, faults injected…). */
  readonly counts: Readonly<Record<string, number>>;
  /** Committed facts (acknowledged event, committed outbox row) with no effect. */
  readonly lost: number;
  /** Domain keys with more than one effect. */
  readonly duplicates: number;
  /** Messages parked in a dead-letter store. */
  readonly parked: number;
  /** From the last fault to the system being caught up (lag 0), when the scenario measures it. */
  readonly recoverySeconds: number | null;
  /** Each pass criterion that failed, in words; empty when the scenario passed. */
  readonly failures: readonly string[];
}

/** A scenario's outcome with its name, scale and duration. */
export interface ScenarioResult extends ScenarioOutcome {
  readonly scenario: string;
  readonly scale: Scale;
  readonly seconds: number;
}

/** One fault scenario of the suite. */
export interface ChaosScenario {
  /** Short name used on the command line (`--only headline`) and in the table. */
  readonly name: string;
  /** One line saying what it proves. */
  readonly title: string;
  run(context: ScenarioContext): Promise<ScenarioOutcome>;
}

/** Collects pass criteria as they are checked; each failure is kept in words. */
export class Criteria {
  readonly failures: string[] = [];

  /** `actual` must equal `expected`. */
  equal(what: string, actual: number, expected: number): void {
    if (actual !== expected) this.failures.push(`${what}: ${String(actual)}, expected ${String(expected)}`);
  }

  /** `actual` must be at most `limit`. */
  atMost(what: string, actual: number, limit: number): void {
    if (actual > limit) this.failures.push(`${what}: ${String(actual)}, at most ${String(limit)} allowed`);
  }

  /** `actual` must be at least `floor`. */
  atLeast(what: string, actual: number, floor: number): void {
    if (actual < floor) this.failures.push(`${what}: ${String(actual)}, at least ${String(floor)} expected`);
  }

  /** `condition` must hold. */
  holds(what: string, condition: boolean): void {
    if (!condition) this.failures.push(what);
  }
}
