// `node infra/src/cli.ts dead-letters …`: the operator's dead-letter commands, through the edge
// (signed in as RELAIS_EMAIL / RELAIS_PASSWORD, a platform_operator account).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** The usage line of the dead-letter commands. */
export const DEAD_LETTERS_USAGE = `usage: node infra/src/cli.ts dead-letters <command> --service NAME [--edge URL] [--json]
  list [--status parked|held|replayed|discarded] [--reason CODE] [--limit N] [--cursor C]
  show ID
  replay ID [--value JSON | --value @FILE]     fix and replay: the corrected event envelope
  replay-all [--reason CODE]                   every parked letter (of one reason)
  discard ID --reason TEXT
env: RELAIS_EMAIL, RELAIS_PASSWORD (a platform_operator account), RELAIS_EDGE_URL (default http://127.0.0.1:3000)`;

/** A bad command line: printed with the usage. */
export class DeadLettersUsageError extends Error {}

/** One HTTP call the command makes to the service, under `/api/<service>`. */
export interface DeadLettersRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: object;
}

/** A parsed command line. */
export interface DeadLettersCommand {
  readonly command: 'list' | 'show' | 'replay' | 'replay-all' | 'discard';
  readonly service: string;
  readonly edge: string;
  readonly json: boolean;
  readonly request: DeadLettersRequest;
}

const COMMANDS = ['list', 'show', 'replay', 'replay-all', 'discard'] as const;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const idOf = (command: string, id: string | undefined): string => {
  if (!id || !ID.test(id)) throw new DeadLettersUsageError(`${command} expects a dead letter id (a UUID)`);
  return id;
};

const valueOf = (text: string, readFile: (path: string) => string): object => {
  const source = text.startsWith('@') ? readFile(text.slice(1)) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    throw new DeadLettersUsageError('--value is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new DeadLettersUsageError('--value must be a JSON object (the corrected event envelope)');
  return parsed;
};

/** Reads a `dead-letters …` command line (the words after `dead-letters`) into the call it makes. */
export const parseDeadLettersArgs = (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): DeadLettersCommand => {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      service: { type: 'string' },
      edge: { type: 'string' },
      status: { type: 'string' },
      reason: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
      value: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [command, id, ...extra] = positionals;
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number]))
    throw new DeadLettersUsageError(`expected one of: ${COMMANDS.join(', ')}`);
  if (!values.service || !/^[a-z][a-z-]*$/.test(values.service))
    throw new DeadLettersUsageError('--service NAME is required (e.g. income-continuity)');
  const base = `/dead-letters`;
  const takesId = command === 'show' || command === 'replay' || command === 'discard';
  if (extra.length > 0 || (!takesId && id !== undefined))
    throw new DeadLettersUsageError(`unexpected argument: ${[id, ...extra].filter(Boolean).join(' ')}`);
  const request = ((): DeadLettersRequest => {
    switch (command as (typeof COMMANDS)[number]) {
      case 'list': {
        const query = new URLSearchParams();
        for (const name of ['status', 'reason', 'limit', 'cursor'] as const) {
          const v = values[name];
          if (v !== undefined) query.set(name, v);
        }
        const qs = query.toString();
        return { method: 'GET', path: qs ? `${base}?${qs}` : base };
      }
      case 'show':
        return { method: 'GET', path: `${base}/${idOf(String(command), id)}` };
      case 'replay':
        return {
          method: 'POST',
          path: `${base}/${idOf(String(command), id)}/replay`,
          body: values.value === undefined ? {} : { value: valueOf(values.value, readFile) },
        };
      case 'replay-all':
        return {
          method: 'POST',
          path: `${base}/replay`,
          body: values.reason ? { reason: values.reason } : {},
        };
      case 'discard':
        if (!values.reason?.trim()) throw new DeadLettersUsageError('discard needs --reason TEXT');
        return {
          method: 'POST',
          path: `${base}/${idOf(String(command), id)}/discard`,
          body: { reason: values.reason },
        };
      default:
        throw new DeadLettersUsageError(`unknown command ${String(command)}`);
    }
  })();
  return {
    command: command as DeadLettersCommand['command'],
    service: values.service,
    edge: (values.edge ?? env.RELAIS_EDGE_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    json: values.json ?? false,
    request,
  };
};

/** A listed dead letter, as the table shows it. */
export interface ListedLetter {
  readonly id: string;
  readonly status: string;
  readonly reason: string;
  readonly eventType: string | null;
  readonly key: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  readonly sourceOffset: string;
  readonly parkedAt: string;
  readonly attempts: number;
}

/** The list as a plain-text table, one letter a line, and where the next page starts. */
export const formatDeadLetterTable = (items: readonly ListedLetter[], nextCursor: string | null): string => {
  if (items.length === 0) return 'no dead letters\n';
  const header = ['ID', 'STATUS', 'REASON', 'EVENT', 'KEY', 'SOURCE', 'PARKED AT', 'TRIES'];
  const rows = items.map((l) => [
    l.id,
    l.status,
    l.reason,
    l.eventType ?? '-',
    l.key === '' ? '-' : l.key,
    `${l.sourceTopic}[${String(l.sourcePartition)}]@${l.sourceOffset}`,
    l.parkedAt.slice(0, 19).replace('T', ' '),
    String(l.attempts),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const more = nextCursor ? `more: --cursor ${nextCursor}\n` : '';
  return `${[line(header), ...rows.map(line)].join('\n')}\n${more}`;
};

/** Signs in at the edge: the session cookie and the CSRF token for changes. */
const signIn = async (edge: string, email: string, password: string) => {
  const res = await fetch(`${edge}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in refused (${String(res.status)}): ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .filter(Boolean)
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrfToken };
};

/** Runs a parsed command against the edge; the text to print and the exit code. */
export const runDeadLetters = async (
  command: DeadLettersCommand,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ output: string; code: number }> => {
  const email = env.RELAIS_EMAIL;
  const password = env.RELAIS_PASSWORD;
  if (!email || !password) throw new DeadLettersUsageError('set RELAIS_EMAIL and RELAIS_PASSWORD');
  const session = await signIn(command.edge, email, password);
  const { method, path, body } = command.request;
  const res = await fetch(`${command.edge}/api/${command.service}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      accept: 'application/json',
      ...(method === 'POST' ? { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const answer = (await res.json()) as Record<string, unknown>;
  if (res.status >= 400) return { output: `${JSON.stringify(answer, null, 2)}\n`, code: 1 };
  if (command.command === 'list' && !command.json) {
    const page = answer as { items: ListedLetter[]; nextCursor: string | null };
    return { output: formatDeadLetterTable(page.items, page.nextCursor), code: 0 };
  }
  const failed = answer.result === 'failed' || (typeof answer.failed === 'number' && answer.failed > 0);
  return { output: `${JSON.stringify(answer, null, 2)}\n`, code: failed ? 1 : 0 };
};
