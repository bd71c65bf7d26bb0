import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChaosScenario, ChaosServers, Scale, ScenarioResult } from './scenario.ts';

/**
 * Runs one scenario in a work directory of its own and times it. A scenario that throws has
 * failed: the error is its failure, never a crash of the suite.
 */
export const runScenario = async (
  scenario: ChaosScenario,
  options: { readonly scale: Scale; readonly servers: ChaosServers; readonly log?: (line: string) => void },
): Promise<ScenarioResult> => {
  const workDir = await mkdtemp(join(tmpdir(), `relais-chaos-${scenario.name}-`));
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  try {
    const outcome = await scenario.run({ scale: options.scale, servers: options.servers, workDir, log });
    return {
      scenario: scenario.name,
      scale: options.scale,
      seconds: (Date.now() - started) / 1000,
      ...outcome,
    };
  } catch (error) {
    return {
      scenario: scenario.name,
      scale: options.scale,
      seconds: (Date.now() - started) / 1000,
      counts: {},
      lost: 0,
      duplicates: 0,
      parked: 0,
      recoverySeconds: null,
      failures: [
        `the scenario could not run to its end: ${error instanceof Error ? error.message : String(error)}`,
      ],
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
};

/** The results as a table a person reads. */
export const formatTable = (results: readonly ScenarioResult[]): string => {
  const header = ['scenario', 'scale', 'result', 'counts', 'lost', 'dup', 'parked', 'recovery s', 'time s'];
  const rows = results.map((r) => [
    r.scenario,
    r.scale,
    r.failures.length === 0 ? 'PASS' : 'FAIL',
    Object.entries(r.counts)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' '),
    String(r.lost),
    String(r.duplicates),
    String(r.parked),
    r.recoverySeconds === null ? '-' : r.recoverySeconds.toFixed(1),
    r.seconds.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const failures = results.flatMap((r) => r.failures.map((f) => `  ${r.scenario}: ${f}`));
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(failures.length ? ['', 'failed criteria:', ...failures] : []),
  ].join('\n');
};
