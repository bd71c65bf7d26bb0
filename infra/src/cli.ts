// Development infrastructure CLI (run directly by Node 24):
//
//   node infra/src/cli.ts kafka start    start a broker detached (or reuse one) and print its bootstrap servers
//   node infra/src/cli.ts kafka stop     stop the broker started by `start`
//   node infra/src/cli.ts kafka status   show whether it runs; exit 0 when Kafka answers, 3 otherwise
//   node infra/src/cli.ts topics create  create the platform's topics (KAFKA_BROKERS, KAFKA_TOPIC_PREFIX)
//   node infra/src/cli.ts databases create  create each service's database (DATABASE_SERVER_URL)
//   node infra/src/cli.ts sources strip  strip the services' TypeScript once, into RELAIS_STRIPPED_SOURCES
//                                        (default node_modules/.cache/relais-stripped), and print where:
//                                        the image does it at build (see the Dockerfile)
//   node infra/src/cli.ts dead-letters list|show|replay|replay-all|discard --service NAME …
//                                        the operator's dead letters, through the edge (see dead-letters-cli.ts)
//
// Options (also settable through the environment, see KafkaBrokerOptions in kafka.ts):
//   --port N (KAFKA_PORT)  --controller-port N (KAFKA_CONTROLLER_PORT)  --data-dir DIR (RELAIS_DATA_DIR)
//   --cache-dir DIR (RELAIS_CACHE_DIR)  --heap-mb N  --quiet
//
// `start` prints the bootstrap servers (comma separated) on stdout and progress on stderr.
import { generateKeyPairSync } from 'node:crypto';

import { parseArgs } from 'node:util';
import { kafkaStatus, startKafka, stopKafka } from './kafka.ts';
import { createPlatformTopics } from '@relais/messaging';
import { ensureDatabases, SERVICE_DATABASES } from './provision.ts';
import { prepareStrippedSources, STRIPPED_SOURCES_DIR, STRIPPED_SOURCES_ENV } from './stripped-sources.ts';
import type { KafkaBrokerOptions } from './kafka.ts';
import {
  DEAD_LETTERS_USAGE,
  DeadLettersUsageError,
  parseDeadLettersArgs,
  runDeadLetters,
} from './dead-letters-cli.ts';

const USAGE = `usage: node infra/src/cli.ts keys generate | databases create | topics create | sources strip | kafka <start|stop|status> [--port N] [--controller-port N] [--data-dir DIR] [--cache-dir DIR] [--heap-mb N] [--quiet]
       node infra/src/cli.ts dead-letters <list|show|replay|replay-all|discard> --service NAME … (--help)`;

/** Thrown for bad command lines: printed with the usage. */
class UsageError extends Error {}

const toInt = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new UsageError(`--${name} expects an integer, got ${JSON.stringify(value)}`);
  return n;
};

const deadLetters = async (argv: string[]): Promise<number> => {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${DEAD_LETTERS_USAGE}\n`);
    return 0;
  }
  try {
    const { output, code } = await runDeadLetters(parseDeadLettersArgs(argv, process.env), process.env);
    process.stdout.write(output);
    return code;
  } catch (error) {
    if (
      !(error instanceof DeadLettersUsageError) &&
      !(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    )
      throw error;
    process.stderr.write(`error: ${(error as Error).message}\n${DEAD_LETTERS_USAGE}\n`);
    return 1;
  }
};

const main = async (argv: string[]): Promise<number> => {
  if (argv[0] === 'dead-letters') return deadLetters(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      'controller-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      'heap-mb': { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [service, command, ...extra] = positionals;
  if (service === 'topics' && command === 'create' && extra.length === 0) {
    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
    const topics = await createPlatformTopics(brokers, process.env.KAFKA_TOPIC_PREFIX ?? '');
    process.stdout.write(`${topics.join('\n')}\n`);
    return 0;
  }
  if (service === 'databases' && command === 'create' && extra.length === 0) {
    const serverUrl = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const created = await ensureDatabases(serverUrl, Object.values(SERVICE_DATABASES));
    process.stdout.write(`created: ${created.join(', ') || 'none (all exist)'}\n`);
    return 0;
  }
  if (service === 'sources' && command === 'strip' && extra.length === 0) {
    const dir = await prepareStrippedSources({
      cacheDir: process.env[STRIPPED_SOURCES_ENV] ?? STRIPPED_SOURCES_DIR,
    });
    process.stdout.write(`${dir}\n`);
    return 0;
  }
  if (service === 'keys' && command === 'generate' && extra.length === 0) {
    // Ed25519 for the service tokens: the edge signs with the private key, services verify.
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const line = (name: string, pem: string) => `${name}="${pem.trim().replaceAll('\n', '\\n')}"`;
    process.stdout.write(
      `${line('SERVICE_TOKEN_PUBLIC_KEY', publicKey.export({ type: 'spki', format: 'pem' }).toString())}\n` +
        `${line('SERVICE_TOKEN_PRIVATE_KEY', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())}\n`,
    );
    return 0;
  }
  if (service !== 'kafka' || command === undefined || extra.length > 0)
    throw new UsageError('expected: kafka <start|stop|status>');

  const port = toInt('port', values.port);
  const controllerPort = toInt('controller-port', values['controller-port']);
  const heapMb = toInt('heap-mb', values['heap-mb']);
  const opts: KafkaBrokerOptions = {
    ...(port !== undefined && { port }),
    ...(controllerPort !== undefined && { controllerPort }),
    ...(values['data-dir'] !== undefined && { dataDir: values['data-dir'] }),
    ...(values['cache-dir'] !== undefined && { cacheDir: values['cache-dir'] }),
    ...(heapMb !== undefined && { heapMb }),
    log: values.quiet ? () => {} : (line) => process.stderr.write(`kafka: ${line}\n`),
  };

  switch (command) {
    case 'start': {
      const kafka = await startKafka(opts);
      if (!values.quiet && !kafka.startedByUs) process.stderr.write('kafka: already running\n');
      process.stdout.write(`${kafka.brokers.join(',')}\n`);
      return 0;
    }
    case 'stop':
      await stopKafka(opts);
      return 0;
    case 'status': {
      const status = await kafkaStatus(opts);
      const pid =
        status.pid === undefined
          ? 'no pid file'
          : `pid ${status.pid} ${status.pidAlive ? 'alive' : 'not running'}`;
      process.stdout.write(
        `kafka ${status.brokers.join(',')}: ${status.answering ? 'answering' : 'not answering'} (${pid}; data ${status.dataDir})\n`,
      );
      return status.answering ? 0 : 3;
    }
    default:
      throw new UsageError(`unknown kafka command ${JSON.stringify(command)}`);
  }
};

// kafkajs 2.2.4 passes a negative delay to setTimeout on every connection, which Node 24
// reports as a TimeoutNegativeWarning (harmless: Node uses 1 ms). Keep other warnings.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'TimeoutNegativeWarning')
    process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`error: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
