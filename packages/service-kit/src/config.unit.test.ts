import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig } from './config.ts';

const baseSchema = baseConfigSchema({ port: 3009, database: 'relais_example' });
/** A syntactically valid verifying key: every service must have one, so the tests give it. */
const PUBLIC_KEY =
  '-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\\n-----END PUBLIC KEY-----';
const schema = z.preprocess(
  (env) => ({ SERVICE_TOKEN_PUBLIC_KEY: PUBLIC_KEY, ...(env as object) }),
  baseSchema,
);

/** The error `loadConfig` throws for `env`, failing the test if it does not throw. */
const failure = (env: Record<string, string | undefined>, s: z.ZodType = schema): Error => {
  try {
    loadConfig(s, env);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected loadConfig to throw');
};

/** The lines that each name one bad variable. */
const badLines = (error: Error) => error.message.split('\n').filter((l) => l.startsWith('  - '));

describe('loadConfig over baseConfigSchema', () => {
  it('given an empty environment, when loaded, then every setting takes its default', () => {
    expect(loadConfig(schema, {})).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 3009,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/relais_example',
      DATABASE_POOL_SIZE: 10,
      DATABASE_PREPARED_STATEMENTS: 200,
      DATABASE_PIPELINE: true,
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_CLIENT: 'kafkajs',
      LOG_LEVEL: 'info',
      OUTBOX_POLL_INTERVAL_MS: 1000,
      NODE_ENV: 'development',
      DATABASE_APP_ROLE: 'relais_example_app',
      SERVICE_TOKEN_PUBLIC_KEY: PUBLIC_KEY.replaceAll('\\n', '\n'),
    });
  });

  it('given no verifying key, when loaded, then its line names SERVICE_TOKEN_PUBLIC_KEY', () => {
    expect(badLines(failure({}, baseSchema))).toEqual([expect.stringContaining('SERVICE_TOKEN_PUBLIC_KEY')]);
    expect(badLines(failure({ SERVICE_TOKEN_PUBLIC_KEY: 'not a key' }, baseSchema))).toEqual([
      expect.stringContaining('a PEM public key'),
    ]);
  });

  it('given set variables, when loaded, then numbers are coerced and the broker list is split and trimmed', () => {
    const config = loadConfig(schema, {
      PORT: '8080',
      DATABASE_URL: 'postgresql://app@db.internal:5433/relais',
      REDIS_URL: 'rediss://cache.internal:6380',
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2.internal:29092 ,',
      KAFKA_TOPIC_PREFIX: 'staging.',
      LOG_LEVEL: 'debug',
      OUTBOX_POLL_INTERVAL_MS: '250',
      DATABASE_PIPELINE: 'false',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgresql://app@db.internal:5433/relais',
      REDIS_URL: 'rediss://cache.internal:6380',
      KAFKA_BROKERS: ['kafka-1:9092', 'kafka-2.internal:29092'],
      KAFKA_TOPIC_PREFIX: 'staging.',
      LOG_LEVEL: 'debug',
      OUTBOX_POLL_INTERVAL_MS: 250,
      DATABASE_PIPELINE: false,
    });
  });

  it.each([
    ['KAFKA_BROKERS', 'localhost'],
    ['KAFKA_BROKERS', 'kafka-1:9092,kafka-2'],
    ['KAFKA_BROKERS', ' , '],
    ['KAFKA_CLIENT', 'rdkafka'],
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://db/relais'],
    ['REDIS_URL', 'http://cache:6379'],
    ['DATABASE_POOL_SIZE', '1'],
    ['KAFKA_TOPIC_PREFIX', 'Staging/'],
    ['LOG_LEVEL', 'verbose'],
    ['OUTBOX_POLL_INTERVAL_MS', '5'],
    ['DATABASE_PIPELINE', 'off'],
  ])(
    'given %s=%j, when loaded, then a ConfigError has one readable line naming that variable',
    (name, value) => {
      const error = failure({ [name]: value });
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.name).toBe('ConfigError');
      expect(error.message.split('\n')[0]).toBe('Invalid configuration:');
      const lines = badLines(error);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^ {2}- ${name}(\\.\\d+)?: \\S`));
    },
  );

  it('given a bad broker list and a bad port, when loaded, then the one error lists both, one line each', () => {
    const lines = badLines(failure({ PORT: 'eighty', KAFKA_BROKERS: 'localhost' }));
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.startsWith('  - PORT:'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('  - KAFKA_BROKERS'))).toMatch(/host:port/);
  });

  it("given a service's own required key, when it is missing, then its line names it", () => {
    const extended = baseSchema.extend({ SIGNING_KEY_FILE: z.string().min(1) });
    expect(badLines(failure({ SERVICE_TOKEN_PUBLIC_KEY: PUBLIC_KEY }, extended))).toEqual([
      expect.stringMatching(/^ {2}- SIGNING_KEY_FILE: /),
    ]);
  });

  it('given PORT set to an empty string (an unset compose variable), when loaded, then the default applies, never port 0', () => {
    expect(loadConfig(schema, { PORT: '' }).PORT).toBe(3009);
  });
});
