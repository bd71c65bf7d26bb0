import { captureLogs } from '@relais/testing';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

const canaries = {
  niss: 'CANARY-NISS-85073003328',
  firstName: 'CANARY-FIRST-Amina',
  lastName: 'CANARY-LAST-Dubois',
  email: 'canary-email@example.be',
  phone: 'CANARY-PHONE-0470123456',
  address: 'CANARY-ADDRESS-Rue Haute 1',
  nestedNiss: 'CANARY-NESTED-NISS-90010112345',
  nestedEmail: 'canary-nested@example.be',
  listedName: 'CANARY-LISTED-Lucas',
  authorization: 'Bearer CANARY-TOKEN',
  childNiss: 'CANARY-CHILD-NISS',
  errorPhone: 'CANARY-ERROR-PHONE',
} as const;

const placementId = '0190a000-0000-7000-8000-000000000011';
const correlationId = '0190a000-0000-7000-8000-000000000012';

const logger = () => {
  const logs = captureLogs();
  return { logs, log: createLogger({ name: 'placement', level: 'info', destination: logs.stream }) };
};

describe('createLogger', () => {
  it('given personal data under personal keys, when it is logged, then no canary appears while the other fields do', () => {
    const { logs, log } = logger();
    log.info(
      {
        placementId,
        correlationId,
        status: 'started',
        niss: canaries.niss,
        firstName: canaries.firstName,
        lastName: canaries.lastName,
        email: canaries.email,
        phone: canaries.phone,
        address: canaries.address,
        person: { niss: canaries.nestedNiss, personId: placementId },
        candidate: { contact: { email: canaries.nestedEmail } },
        people: [{ firstName: canaries.listedName }],
        req: { method: 'POST', url: '/placements?x=1', headers: { authorization: canaries.authorization } },
      },
      'placement started',
    );
    log.child({ niss: canaries.childNiss }).info({ placementId }, 'child line');
    log.warn({ err: Object.assign(new Error('lookup failed'), { phone: canaries.errorPhone }) }, 'failed');

    const text = logs.text();
    for (const [key, value] of Object.entries(canaries)) expect(text, `canary ${key}`).not.toContain(value);
    expect(logs.lines[0]).toMatchObject({
      level: 30,
      service: 'placement',
      msg: 'placement started',
      placementId,
      correlationId,
      status: 'started',
      person: { personId: placementId },
      req: { method: 'POST', path: '/placements' },
    });
    expect(logs.lines[1]).toMatchObject({ msg: 'child line', placementId });
    expect(logs.lines[2]).toMatchObject({ level: 40, err: { message: 'lookup failed' } });
  });

  it('given a request, when it is logged, then only its method and path are kept (no query string, headers or body)', () => {
    const { logs, log } = logger();
    log.info(
      {
        req: {
          method: 'GET',
          url: '/persons?niss=CANARY-QUERY',
          headers: { cookie: 'CANARY-COOKIE' },
          body: { notes: 'CANARY-BODY' },
        },
      },
      'incoming request',
    );
    expect(logs.lines[0]?.req).toEqual({ method: 'GET', path: '/persons' });
    expect(logs.text()).not.toMatch(/CANARY/);
  });

  it('given a level, when lines below it are logged, then they are dropped', () => {
    const logs = captureLogs();
    const log = createLogger({ name: 'placement', level: 'warn', destination: logs.stream });
    log.info('dropped');
    log.warn('kept');
    expect(logs.lines.map((l) => l.msg)).toEqual(['kept']);
  });

  it('given a personal key nested three objects deep, when it is logged, then it is redacted too', () => {
    const { logs, log } = logger();
    log.info({ event: { data: { person: { niss: canaries.niss } } } }, 'deep');
    expect(logs.text()).not.toContain(canaries.niss);
  });

  it('given the default destination (standard output, written asynchronously), when the process exits right after logging, then no line is lost', () => {
    const logger = fileURLToPath(new URL('./logger.ts', import.meta.url));
    const script = `import { createLogger } from ${JSON.stringify(logger)};
      const log = createLogger({ name: 'exit-test', level: 'info' });
      for (let i = 0; i < 2000; i++) log.info({ i }, 'line');
      process.exit(0);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
    });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; service: string });
    expect(lines).toHaveLength(2000);
    expect(lines.at(-1)).toMatchObject({ i: 1999, service: 'exit-test' });
  });
});
