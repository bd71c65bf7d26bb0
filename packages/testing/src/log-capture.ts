import { Writable } from 'node:stream';

/** A pino destination keeping every JSON line in memory, to assert on logs (correlation ids, no personal data). */
export const captureLogs = (): { stream: Writable; lines: Record<string, unknown>[]; text: () => string } => {
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const text = chunk.toString('utf8');
      raw.push(text);
      for (const line of text.split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { stream, lines, text: () => raw.join('') };
};
