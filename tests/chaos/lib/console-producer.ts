import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { resolveKafkaClasspath } from '@relais/infra';

/** A record as the console producer reads it: `key<TAB>value` on one line. */
export interface RawRecord {
  readonly key: string;
  readonly value: string;
}

const java = (): string => (process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

/**
 * Puts raw records on a topic with Kafka's own console producer (from the broker's jars): an
 * independent client, so a poison message reaches our consumers exactly as another system
 * would send it, bytes we did not shape with our own code. Resolves once the tool has exited 0.
 */
export const consoleProduce = async (
  brokers: readonly string[],
  topic: string,
  records: readonly RawRecord[],
  options: { readonly timeoutMs?: number } = {},
): Promise<void> => {
  const libs = await resolveKafkaClasspath();
  const child = spawn(
    java(),
    [
      '-Xmx256m',
      '-cp',
      `${libs}/*`,
      'org.apache.kafka.tools.ConsoleProducer',
      '--bootstrap-server',
      brokers.join(','),
      '--topic',
      topic,
      '--property',
      'parse.key=true',
      '--property',
      'key.separator=\t',
      '--producer-property',
      'acks=all',
      // Room for the 2 MB poison message; the topic accepts it too (max.message.bytes).
      '--producer-property',
      'max.request.size=4194304',
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const errors: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (const record of records) {
    if (record.key.includes('\t') || /[\n\r]/.test(record.key + record.value))
      throw new Error('a console record is one line, and its key has no tab');
    child.stdin.write(`${record.key}\t${record.value}\n`);
  }
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60000);
  try {
    const code = await exited;
    if (code !== 0)
      throw new Error(`the console producer exited with ${String(code)}: ${errors.join('').slice(-1500)}`);
  } finally {
    clearTimeout(timer);
  }
};
