import { IncomeSuspendedV1 } from '@relais/contracts';
import { startTestService, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../src/config.ts';
import { configSchema } from '../src/config.ts';
import { createMailer } from '../src/email/mailer.ts';
import { notificationsService } from '../src/service.ts';
import { loadConfig } from '@relais/service-kit';
import { testTokenEnv } from '@relais/testing';
import { startSmtpServer } from './smtp.ts';
import { as, eventOf, infra, movableClock, publish, staff, type Staff } from './support.ts';

const cpas = '0190a000-0000-7000-8000-0000000010a1';
const time = movableClock();
let service: TestService<NotificationsConfig>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

const follower = staff(cpas, 'social_worker');
const colleague = staff(cpas, 'social_worker');
const flaky = staff(cpas, 'social_worker');
const quiet = staff(cpas, 'social_worker');
const officer = staff(cpas, 'placement_officer');
const addresses = new Map<Staff, string>([
  [follower, 'anne.follower@cpas.example'],
  [colleague, 'bart.collega@ocmw.example'],
  [flaky, 'flaky@cpas.example'],
  [quiet, 'quiet@cpas.example'],
  [officer, 'officer@cpas.example'],
]);

const prefer = async (user: Staff, emailOptIn: boolean, language: 'fr-BE' | 'nl-BE' = 'fr-BE') => {
  const res = await as(service, user).call('PUT', '/notification-preferences', {
    email: addresses.get(user) ?? null,
    emailOptIn,
    language,
  });
  expect(res.statusCode).toBe(200);
};

beforeAll(async () => {
  smtp = await startSmtpServer({ refuseOnce: ['flaky@cpas.example'] });
  service = await startTestService(notificationsService, infra(), {
    overrides: { clock: time.clock },
    env: {
      SMTP_URL: `smtp://127.0.0.1:${String(smtp.port)}`,
      SMTP_TLS: 'none',
      SMTP_FROM: 'Relais <relais@cpas.example>',
      ADMIN_UI_URL: 'https://relais.cpas.example',
      JOBS_INTERVAL_MS: '100',
    },
  });
  await prefer(follower, true);
  await prefer(colleague, true, 'nl-BE');
  await prefer(flaky, true);
  await prefer(quiet, false);
  await prefer(officer, true);
});
afterAll(async () => {
  await service.close();
  await smtp.stop();
});

describe('email for those who opted in, through a real SMTP server', () => {
  it('emails the follower and the team members who opted in, in their language, with a link and nothing of the case', async () => {
    const personId = uuidv7();
    await as(service, follower).call('POST', `/persons/${personId}/followers`, {});
    await publish(
      service,
      eventOf(IncomeSuspendedV1, cpas, personId, {
        personId,
        placementId: uuidv7(),
        suspendedFrom: '2026-03-02',
        paidThrough: '2026-03-01',
        category: null,
      }),
    );
    const item = await waitFor(async () =>
      (await as(service, follower).inbox()).find((i) => i.personId === personId),
    );
    const french = await waitFor(
      () => smtp.received.find((m) => m.to.includes('anne.follower@cpas.example')),
      {
        what: 'the follower’s email',
      },
    );
    expect(french.subject).toBe('Relais : un nouvel élément demande votre attention');
    expect(french.text).toContain(`https://relais.cpas.example/notifications/${item.id}`);
    expect(french.raw).toMatch(/^From: Relais <relais@cpas\.example>/m);
    const dutch = await waitFor(() => smtp.received.find((m) => m.to.includes('bart.collega@ocmw.example')));
    expect(dutch.subject).toBe('Relais: een nieuw item vraagt uw aandacht');
    for (const mail of [french, dutch]) {
      expect(mail.raw).not.toContain(personId);
      expect(mail.text).not.toMatch(/suspendu|geschorst|revenu|leefloon/i);
    }

    // Retried after a temporary refusal (451): the job's backoff runs on the service's clock.
    await waitFor(async () => {
      const { rows } = await service.db.query<{ attempts: number; lastError: string | null }>(
        `SELECT d.attempts, d.last_error AS "lastError" FROM email_deliveries d
           JOIN notification_preferences p ON p.user_id = d.user_id WHERE p.email = 'flaky@cpas.example' AND d.notice_id = $1`,
        [item.id],
      );
      return rows[0]?.attempts === 1 && rows[0].lastError !== null;
    });
    time.advance(2 * 60 * 1000);
    await waitFor(() => smtp.received.find((m) => m.to.includes('flaky@cpas.example')), {
      what: 'the retried email',
    });

    // The SMTP server has the message before the job commits `sent`: wait for the commit.
    const statuses = await waitFor(
      async () => {
        const { rows } = await service.db.query<{ status: string; n: number }>(
          'SELECT status, count(*)::int AS n FROM email_deliveries WHERE notice_id = $1 GROUP BY status',
          [item.id],
        );
        return rows.length === 1 && rows[0]?.status === 'sent' ? rows : undefined;
      },
      { what: 'every delivery marked sent' },
    );
    expect(statuses).toEqual([{ status: 'sent', n: 3 }]);
    expect(smtp.received.filter((m) => m.to.includes('quiet@cpas.example'))).toEqual([]);
    expect(smtp.received.filter((m) => m.to.includes('officer@cpas.example'))).toEqual([]);
    expect(service.logText()).not.toMatch(/@cpas\.example|@ocmw\.example/);
  });

  it('refuses to send in clear to a relay that offers no STARTTLS, unless SMTP_TLS=none says so', async () => {
    const config = loadConfig(configSchema, {
      ...(await testTokenEnv()),
      SMTP_URL: `smtp://127.0.0.1:${String(smtp.port)}`,
    });
    const mailer = createMailer(config);
    const before = smtp.received.length;
    await expect(mailer?.send({ to: 'anne.follower@cpas.example', subject: 'x', text: 'y' })).rejects.toThrow(
      /STARTTLS/i,
    );
    expect(smtp.received).toHaveLength(before);
  });
});
