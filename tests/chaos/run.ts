// `npm run chaos [-- --scale full] [--only name,name]`: every fault scenario of issue 9 against
// real processes (Kafka brokers of its own, the local PostgreSQL and Redis), a table of
// results, and tests/chaos/results/latest.json. Exits non-zero when any criterion fails.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureTestServers } from '@relais/testing';
import { formatTable, runScenario } from './lib/run-scenario.ts';
import type { Scale, ScenarioResult } from './lib/scenario.ts';
import { SCENARIOS } from './scenarios/index.ts';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: 'small' }, only: { type: 'string' } },
});
if (values.scale !== 'small' && values.scale !== 'full') {
  process.stderr.write(`--scale is small or full, not ${values.scale}\n`);
  process.exit(2);
}
const scale: Scale = values.scale;
const only = values.only?.split(',').map((s) => s.trim());
const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(2);
}

const { servers, stop } = await ensureTestServers(process.env);
const results: ScenarioResult[] = [];
try {
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.name))) {
    process.stdout.write(`\n== ${scenario.name} (${scale}): ${scenario.title}\n`);
    const result = await runScenario(scenario, {
      scale,
      servers,
      log: (line) => process.stdout.write(`  ${line}\n`),
    });
    process.stdout.write(
      `   ${result.failures.length === 0 ? 'PASS' : 'FAIL'} in ${result.seconds.toFixed(0)} s\n`,
    );
    results.push(result);
  }
} finally {
  await stop();
}
process.stdout.write(`\n${formatTable(results)}\n`);
const dir = join(import.meta.dirname, 'results');
await mkdir(dir, { recursive: true });
await writeFile(
  join(dir, 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), scale, node: process.version, results }, null, 2)}\n`,
);
const failed = results.filter((r) => r.failures.length > 0).length;
process.stdout.write(`\n${String(results.length - failed)} passed, ${String(failed)} failed\n`);
process.exit(failed === 0 ? 0 : 1);
