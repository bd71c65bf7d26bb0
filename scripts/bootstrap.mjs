#!/usr/bin/env node
// Entry point for `npm start`, `npm test`, `npm run bench` and `npm run chaos`. It runs on whatever Node the machine has
// (Node 20 here), so it is plain JavaScript with node: built-ins only. It bootstraps the
// pinned pnpm from the npm registry, installs the workspace (which brings the pinned
// Node 24 as node_modules/.bin/node) and hands over to a pnpm script running on Node 24.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmSpec = packageManager; // e.g. "pnpm@10.34.9"

const tasks = {
  start: ['run', 'stack'],
  test: ['run', 'test:all'],
  // Extra arguments (`npm run bench -- --quick`) are passed on to the benchmark.
  bench: ['run', 'bench:run', ...process.argv.slice(3)],
  // `npm run chaos -- --scale full` (or `--only headline`) is passed on to the fault suite.
  chaos: ['run', 'chaos:run', ...process.argv.slice(3)],
};

const task = process.argv[2];
if (!task || !(task in tasks)) {
  process.stderr.write(`usage: bootstrap.mjs <${Object.keys(tasks).join('|')}>\n`);
  process.exit(2);
}

/** Runs pnpm through npm exec so that only node and npm need to be on the PATH. */
const pnpm = (args) =>
  new Promise((resolve) => {
    const child = spawn('npm', ['exec', '--yes', `--package=${pnpmSpec}`, '--', 'pnpm', ...args], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });

// Ctrl-C reaches every process of the foreground group; the stack script handles it and
// stops what it started. This wrapper only waits for it to finish.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => {});

/** Runs a command to its end with the output shown; resolves its exit code. */
const run = (command, args) =>
  new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', () => resolve(127));
    child.on('exit', (code) => resolve(code ?? 1));
  });

// The admin UI's browser tests drive Debian's Chromium (never a downloaded browser). Where it is
// missing and we may install system packages (root with apt-get), install it; elsewhere the
// browser tests say what to install.
const CHROMIUM = '/usr/bin/chromium';
if (task === 'test' && !existsSync(CHROMIUM) && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  process.stdout.write("Installing Debian's chromium for the browser tests (once)…\n");
  const updated = await run('apt-get', ['update', '-qq']);
  const code = updated === 0 ? await run('apt-get', ['install', '-y', '-qq', 'chromium']) : updated;
  if (code !== 0) process.stderr.write(`could not install chromium (apt-get exit ${String(code)})\n`);
}

const installArgs = ['install', ...(process.env.CI ? ['--frozen-lockfile'] : [])];
const installed = await pnpm(installArgs);
if (installed !== 0) process.exit(installed);
process.exit(await pnpm(tasks[task]));
