import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NODE_ARGS } from './node-args.ts';
import { prepareStrippedSources, STALE_ENTRY_AGE_MS, STRIPPED_SOURCES_ENV } from './stripped-sources.ts';

const run = promisify(execFile);

// A repository of one service in a temporary directory: the service's entry imports a module of
// a workspace package, both with types to strip; the entry prints what it computed and whether
// Node's own stripper (amaro) was loaded in its process.
const MAIN = `import { double, type Doubled } from '../../../packages/calc/src/index.ts';
const result: Doubled = double(21);
const stripper = process.moduleLoadList.some((m: string) => m.includes('amaro'));
console.log(JSON.stringify({ result, stripper }));
`;
const CALC = `export type Doubled = number;
export const double = (n: number): Doubled => {
  if (n < 0) throw new Error('negative');
  return n * 2;
};
export const fail = (): never => {
  throw new Error('thrown on line 7');
};
`;

let root: string;
let main: string;
const startService = async (env: Record<string, string>, entry = main) => {
  const { stdout } = await run(process.execPath, [...SERVICE_NODE_ARGS, entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return stdout;
};

describe('service processes load stripped sources', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'relais-stripped-'));
    await writeFile(join(root, 'package.json'), '{ "type": "module" }');
    await mkdir(join(root, 'services', 'demo', 'src'), { recursive: true });
    await mkdir(join(root, 'packages', 'calc', 'src'), { recursive: true });
    main = join(root, 'services', 'demo', 'src', 'main.ts');
    await writeFile(main, MAIN);
    await writeFile(join(root, 'packages', 'calc', 'src', 'index.ts'), CALC);
    await writeFile(join(root, 'packages', 'calc', 'src', 'index.test.ts'), 'not a service source');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('strips every service source once, into entries named by content, with nothing half-written', async () => {
    const cacheDir = join(root, 'cache-once');
    const first = prepareStrippedSources({ root, cacheDir });
    expect(prepareStrippedSources({ root, cacheDir })).toBe(first);
    await expect(first).resolves.toBe(cacheDir);
    const entries = await readdir(cacheDir);
    // main.ts and index.ts; not the test file, not the infra sources of a repository without any.
    expect(entries).toHaveLength(2);
    expect(entries.every((name) => /^[0-9a-f]{64}\.js$/.test(name))).toBe(true);
  });

  it('runs a service from its stripped sources without starting Node’s own stripper', async () => {
    const cacheDir = await prepareStrippedSources({ root, cacheDir: join(root, 'cache-run') });
    const out = JSON.parse(await startService({ [STRIPPED_SOURCES_ENV]: cacheDir })) as unknown;
    expect(out).toEqual({ result: 42, stripper: false });
    // Without the cache the same process strips for itself: the check above can tell.
    expect(JSON.parse(await startService({}))).toEqual({ result: 42, stripper: true });
  });

  it('leaves a source changed since it was stripped to Node, which runs it as it is now', async () => {
    const cacheDir = await prepareStrippedSources({ root, cacheDir: join(root, 'cache-changed') });
    const changed = join(root, 'services', 'demo', 'src', 'changed.ts');
    await writeFile(changed, MAIN.replace('double(21)', 'double(50)'));
    expect(JSON.parse(await startService({ [STRIPPED_SOURCES_ENV]: cacheDir }, changed))).toEqual({
      result: 100,
      stripper: true,
    });
  });

  it('keeps every position: an error thrown in a stripped module names its line and column', async () => {
    const failing = join(root, 'services', 'demo', 'src', 'failing.ts');
    await writeFile(
      failing,
      `import { fail } from '../../../packages/calc/src/index.ts';\nconst at: string = 'x';\nfail();\n`,
    );
    const cacheDir = await prepareStrippedSources({ root, cacheDir: join(root, 'cache-lines') });
    const failure = await startService({ [STRIPPED_SOURCES_ENV]: cacheDir }, failing).then(
      () => undefined,
      (error: unknown) => error as { stderr: string },
    );
    expect(failure?.stderr).toContain('thrown on line 7');
    expect(failure?.stderr).toMatch(/packages\/calc\/src\/index\.ts:7:9/);
    expect(failure?.stderr).toMatch(/services\/demo\/src\/failing\.ts:3:1/);
    expect(failure?.stderr).not.toContain('amaro');
  });

  it('removes the entries of sources changed or deleted more than a day ago, and nothing else', async () => {
    const cacheDir = join(root, 'cache-pruned');
    await mkdir(cacheDir, { recursive: true });
    const current = await readdir(
      await prepareStrippedSources({ root, cacheDir: join(root, 'cache-current') }),
    );
    const old = new Date(Date.now() - STALE_ENTRY_AGE_MS - 60_000);
    const written = async (name: string, at?: Date) => {
      await writeFile(join(cacheDir, name), 'export {};');
      if (at) await utimes(join(cacheDir, name), at, at);
    };
    const [currentOld = '', currentRecent = ''] = current;
    await written(currentOld, old); // a source unchanged for long: still in use
    await written(currentRecent);
    await written(`${'a'.repeat(64)}.js`, old); // changed more than a day ago
    await written(`${'b'.repeat(64)}.js`); // changed a moment ago: kept a day
    await written(`${'c'.repeat(64)}.js.0190a000-0000-7000-8000-000000000001.partial`, old); // a launcher died
    await prepareStrippedSources({ root, cacheDir });
    expect((await readdir(cacheDir)).sort()).toEqual([...current, `${'b'.repeat(64)}.js`].sort());
  });

  it('as in the image: `cli.ts sources strip` at build, then NODE_OPTIONS loads a whole service without Node’s stripper', async () => {
    const repository = fileURLToPath(new URL('../..', import.meta.url));
    const cacheDir = join(root, 'cache-image');
    const { stdout } = await run(process.execPath, ['infra/src/cli.ts', 'sources', 'strip'], {
      cwd: repository,
      env: { PATH: process.env.PATH ?? '', [STRIPPED_SOURCES_ENV]: cacheDir },
    });
    expect(stdout.trim()).toBe(cacheDir);
    // What the Dockerfile's ENV gives every process of the container, whatever its command.
    const env = {
      PATH: process.env.PATH ?? '',
      [STRIPPED_SOURCES_ENV]: cacheDir,
      NODE_OPTIONS: `--import=${join(repository, 'infra', 'src', 'stripped-loader.mjs')}`,
    };
    const loaded = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(join(repository, 'services', 'placement', 'src', 'service.ts'))});
         console.log(JSON.stringify(process.moduleLoadList.some((m) => m.includes('amaro'))));`,
      ],
      { cwd: repository, env },
    );
    expect(JSON.parse(loaded.stdout)).toBe(false);
  });
});
