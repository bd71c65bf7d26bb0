import { randomUUID } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import { join } from 'node:path';
import { strippedKey } from './stripped-key.mjs';

/** The repository's root. */
const ROOT = join(import.meta.dirname, '..', '..');

/** Where the launchers keep the stripped sources: inside node_modules, so ignored by git and kept between runs. */
export const STRIPPED_SOURCES_DIR = join(ROOT, 'node_modules', '.cache', 'relais-stripped');

/** The environment variable that tells a service process (stripped-loader.mjs) where they are. */
export const STRIPPED_SOURCES_ENV = 'RELAIS_STRIPPED_SOURCES';

const isSource = (name: string) =>
  (name.endsWith('.ts') || name.endsWith('.mts')) && !/\.d\.m?ts$/.test(name) && !name.endsWith('.test.ts');

/** A directory's entries; none if it is not there (a package without `src`). */
const entriesOf = (dir: string) =>
  readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });

const sourcesUnder = async (dir: string): Promise<string[]> => {
  const entries = await entriesOf(dir);
  const found = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(path);
      return isSource(entry.name) ? [path] : [];
    }),
  );
  return found.flat();
};

/** The TypeScript a service process loads: the services', the workspace packages' and infra's own. */
const serviceSources = async (root: string): Promise<string[]> => {
  const srcOf = async (parent: string) =>
    (await entriesOf(join(root, parent)))
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, parent, entry.name, 'src'));
  const dirs = [...(await srcOf('services')), ...(await srcOf('packages')), join(root, 'infra', 'src')];
  return (await Promise.all(dirs.map(sourcesUnder))).flat();
};

/**
 * Node says once per process that `stripTypeScriptTypes` is experimental; the launchers would
 * print it to the person who ran `npm start` or `npm test`. Only that warning is held back.
 */
const withoutStripWarning = <T>(strip: () => T): T => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on process as it was
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    if (typeof warning === 'string' && warning.startsWith('stripTypeScriptTypes is an experimental')) return;
    Reflect.apply(emitWarning, process, [warning, ...rest]);
  };
  try {
    return strip();
  } finally {
    process.emitWarning = emitWarning;
  }
};

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

const prepared = new Map<string, Promise<string>>();

/**
 * How long an entry no current source strips to is kept: a source edited back and forth finds
 * its entry again meanwhile, and a launcher preparing at the same moment from the sources as
 * they were a moment ago never loses what it has just written.
 */
export const STALE_ENTRY_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes the entries of `cacheDir` that are not in `current` (stripped from sources since
 * changed or deleted, or half-written by a launcher that died) and were written more than
 * {@link STALE_ENTRY_AGE_MS} ago: without it the cache grew by an entry at every edit, for good.
 * An entry removed while a service still runs costs that service, at most, Node's own stripping
 * of a module it loads later, never a wrong module.
 */
const pruneStale = async (cacheDir: string, current: ReadonlySet<string>, now: number): Promise<void> => {
  for (const name of await readdir(cacheDir)) {
    if (current.has(name)) continue;
    const path = join(cacheDir, name);
    const written = await stat(path).then(
      (info) => info.mtimeMs,
      () => undefined,
    );
    if (written !== undefined && now - written > STALE_ENTRY_AGE_MS) await rm(path, { force: true });
  }
};

/**
 * Strips the types of every TypeScript source a service loads, once, into `cacheDir` (one file
 * per source, named by its content's hash; one already there is kept), and resolves to that
 * directory, for {@link STRIPPED_SOURCES_ENV}. Each entry is written under a name of its own and
 * then renamed, so that a service starting meanwhile (another test file's) finds a whole entry or
 * none. Once per process and directory: a source changed since then is stripped by Node itself.
 * Entries of sources changed or deleted more than a day ago are removed ({@link pruneStale}).
 */
export const prepareStrippedSources = (
  options: { readonly root?: string; readonly cacheDir?: string } = {},
): Promise<string> => {
  const root = options.root ?? ROOT;
  const cacheDir = options.cacheDir ?? STRIPPED_SOURCES_DIR;
  const key = `${root}\0${cacheDir}`;
  const known = prepared.get(key);
  if (known) return known;
  const preparing = (async () => {
    await mkdir(cacheDir, { recursive: true });
    const current = new Set<string>();
    for (const file of await serviceSources(root)) {
      const source = await readFile(file);
      const name = `${strippedKey(source)}.js`;
      current.add(name);
      const target = join(cacheDir, name);
      if (await exists(target)) continue;
      const partial = `${target}.${randomUUID()}.partial`;
      await writeFile(
        partial,
        withoutStripWarning(() => stripTypeScriptTypes(source.toString('utf8'))),
      );
      await rename(partial, target);
    }
    await pruneStale(cacheDir, current, Date.now());
    return cacheDir;
  })();
  prepared.set(key, preparing);
  preparing.catch(() => prepared.delete(key));
  return preparing;
};

/** The environment a service process is started with, beside its own settings: where its stripped sources are. */
export const strippedSourcesEnv = async (): Promise<Record<string, string>> => ({
  [STRIPPED_SOURCES_ENV]: await prepareStrippedSources(),
});
