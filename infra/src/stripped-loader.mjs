// Loaded with `--import` by every service process (SERVICE_NODE_ARGS). JavaScript on purpose: a
// TypeScript file here would start the very stripper this file exists to keep out.
//
// Node runs our TypeScript by stripping its types with amaro, a WebAssembly build of swc that
// each process instantiates at its first .ts module and keeps for its whole life: 18 MB of
// resident memory for one tiny .ts file, about 30 MB per service (idle services measured at
// 143–149 MB with it, 115–118 MB without, 2026-12-07). The launchers strip the sources once
// (stripped-sources.ts) into a cache named by each source's hash; here a .ts module whose
// source has an entry is handed to Node as the JavaScript it strips to, with its own URL (stack
// traces and import.meta unchanged: stripping only blanks types out, every position stays).
// A source without an entry (changed since, or outside what the launcher strips) goes to Node's
// own stripping as before: slower to start and heavier, never wrong.
import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { strippedKey } from './stripped-key.mjs';

const cacheDir = process.env.RELAIS_STRIPPED_SOURCES;

/** What a stripped TypeScript module is to Node. */
const STRIPPED_FORMAT = { 'module-typescript': 'module', 'commonjs-typescript': 'commonjs' };

if (cacheDir) {
  registerHooks({
    load(url, context, nextLoad) {
      const format = STRIPPED_FORMAT[/** @type {keyof typeof STRIPPED_FORMAT} */ (context.format)];
      if (format && url.startsWith('file:')) {
        const source = readFileSync(fileURLToPath(url));
        try {
          const stripped = readFileSync(join(cacheDir, `${strippedKey(source)}.js`));
          return { format, source: stripped, shortCircuit: true };
        } catch (error) {
          if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
        }
      }
      return nextLoad(url, context);
    },
  });
}
