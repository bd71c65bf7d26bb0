import { HostEmployerRegisteredV1, PlacementStartedV1 } from '@relais/contracts';
import { withTenantTransaction } from '@relais/messaging';
import { belgianDay } from '@relais/service-kit';
import { startTestService, waitFor, type TestService } from '@relais/testing';
import { PDFParse } from 'pdf-parse';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../src/config.ts';
import { onPlacementStarted } from '../src/app/on-placement-started.ts';
import { onHostRegistered } from '../src/app/remember-records.ts';
import { notificationsService } from '../src/service.ts';
import { as, eventOf, infra, publish, staff, workAccident } from './support.ts';

const cpas = '0190a000-0000-7000-8000-0000000013a1';
let service: TestService<NotificationsConfig>;
const officer = staff(cpas, 'placement_officer');
const socialWorker = staff(cpas, 'social_worker');

const safetyOfficer = staff(cpas, 'safety_officer');

const hostRegistered = (hostEmployerId: string, name: string) =>
  eventOf(HostEmployerRegisteredV1, cpas, hostEmployerId, {
    hostEmployerId,
    enterpriseNumber: '0123.456.749',
    name,
    legalType: 'asbl',
    sector: 'green_spaces',
    sites: [{ siteId: uuidv7(), name: 'Serre', address: 'Rue des Serres 1', commune: 'Saint-Gilles' }],
  });

const placementStarted = (personId: string, hostEmployerId: string) => {
  const placementId = uuidv7();
  return eventOf(PlacementStartedV1, cpas, placementId, {
    placementId,
    personId,
    hostEmployerId,
    startDate: '2026-03-02',
  });
};

/** The placement-start notice of a person, once told. */
const placementNotice = (personId: string) =>
  waitFor(async () => (await as(service, officer).inbox()).find((i) => i.personId === personId), {
    what: 'the placement start',
  });

/** The text of a person's (only) sheet in French, and the sheet's id. */
const sheetOf = async (personId: string): Promise<{ id: string; text: string }> => {
  const listed = await as(service, officer).call('GET', `/persons/${personId}/information-sheets`);
  const id = listed.json<{ items: { id: string }[] }>().items[0]?.id ?? '';
  const pdf = await as(service, officer).call('GET', `/information-sheets/${id}?language=fr-BE`);
  const parser = new PDFParse({ data: new Uint8Array(pdf.rawPayload) });
  try {
    return { id, text: (await parser.getText()).text.replace(/\s+/g, ' ') };
  } finally {
    await parser.destroy();
  }
};

const reminderOf = async (noticeId: string) => {
  const { rows } = await service.db.query<{ status: string; resolvedBy: string | null }>(
    'SELECT status, resolved_by AS "resolvedBy" FROM reminders WHERE notice_id = $1',
    [noticeId],
  );
  return rows[0];
};

beforeAll(async () => {
  service = await startTestService(notificationsService, infra());
});
afterAll(async () => {
  await service.close();
});

describe('the information sheet at the placement start', () => {
  it('writes it in French and Dutch, tells the officers, serves the PDF and records its delivery', async () => {
    const hostEmployerId = uuidv7();
    const personId = uuidv7();
    await as(service, officer).call('POST', `/persons/${personId}/followers`, {});
    // Whichever of the two is read first (they come on different topics), the notice names the host.
    await publish(
      service,
      hostRegistered(hostEmployerId, 'Asbl Les Jardins'),
      placementStarted(personId, hostEmployerId),
    );
    const told = await waitFor(
      async () => {
        const notice = await placementNotice(personId);
        return notice.body.includes('Asbl Les Jardins') ? notice : undefined;
      },
      { what: 'the placement start, naming its host' },
    );
    expect(told).toMatchObject({ kind: 'placement_started', addressedToMe: true });
    expect(told.body).toContain('le 2 mars 2026 chez Asbl Les Jardins');

    const listed = await as(service, socialWorker).call('GET', `/persons/${personId}/information-sheets`);
    const [sheet] = listed.json<{ items: { id: string; languages: string[]; deliveries: unknown[] }[] }>()
      .items;
    expect(sheet).toMatchObject({ languages: ['fr-BE', 'nl-BE'], deliveries: [] });
    expect(told.link).toBe(`/personnes/${personId}/fiches-information/${sheet?.id ?? ''}`);

    const pdf = await as(service, officer).call(
      'GET',
      `/information-sheets/${sheet?.id ?? ''}?language=nl-BE`,
    );
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(
      /^attachment; filename="fiche-information-.*-nl-BE\.pdf"$/,
    );
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const audited = await service.db.query<{ route: string }>(
      `SELECT route FROM audit_log WHERE $1 = ANY(person_ids) AND action = 'read' AND actor_id = $2`,
      [personId, officer.userId],
    );
    expect(audited.rows.map((r) => r.route)).toContain('/information-sheets/:sheetId');

    const today = belgianDay(new Date());
    const future = await as(service, officer).call(
      'POST',
      `/information-sheets/${sheet?.id ?? ''}/delivery`,
      {
        deliveredOn: '2999-01-01',
        channel: 'hand',
      },
    );
    expect(future.json()).toMatchObject({ status: 422, code: 'DELIVERY_IN_FUTURE' });
    const delivered = await as(service, officer).call(
      'POST',
      `/information-sheets/${sheet?.id ?? ''}/delivery`,
      {
        deliveredOn: today,
        channel: 'hand',
        language: 'nl-BE',
      },
    );
    expect(delivered.statusCode).toBe(201);
    expect(delivered.json()).toMatchObject({
      deliveries: [{ deliveredOn: today, channel: 'hand', language: 'nl-BE', recordedBy: officer.userId }],
    });
    expect(await reminderOf(told.id)).toMatchObject({
      status: 'resolved',
      resolvedBy: 'information_sheet_delivery',
    });
    const unknown = await as(service, officer).call('GET', `/information-sheets/${uuidv7()}`);
    expect(unknown.json()).toMatchObject({ status: 404, code: 'INFORMATION_SHEET_NOT_FOUND' });
  });
});

describe('a host employer registered after what names it', () => {
  it('names the host in the notices and the sheet written before its registration', async () => {
    const hostEmployerId = uuidv7();
    const personId = uuidv7();
    await publish(service, placementStarted(personId, hostEmployerId));
    await publish(service, workAccident(cpas, { hostEmployerId, postAccidentVisitDueBy: '2026-03-24' }));
    const accident = () =>
      waitFor(
        async () =>
          (await as(service, safetyOfficer).inbox()).find(
            (i) => i.kind === 'work_accident' && i.body.includes('10 mars'),
          ),
        { what: 'the accident' },
      );
    expect((await placementNotice(personId)).body).toContain("le 2 mars 2026 chez l'utilisateur");
    expect((await accident()).body).toContain("chez l'utilisateur");
    expect((await sheetOf(personId)).text).not.toContain('Lieu de travail');

    await publish(service, hostRegistered(hostEmployerId, 'Asbl Les Ateliers'));
    await waitFor(async () => (await placementNotice(personId)).body.includes('chez Asbl Les Ateliers'), {
      what: 'the placement start naming its host',
    });
    expect((await accident()).body).toContain('chez Asbl Les Ateliers');
    expect((await sheetOf(personId)).text).toContain(
      'Début du contrat : 2 mars 2026. Lieu de travail (utilisateur) : Asbl Les Ateliers.',
    );
  });

  it('writes again a sheet not handed over under the host’s new name; one handed over and the notices told stay as they were', async () => {
    const hostEmployerId = uuidv7();
    const [handedOver, notYet] = [uuidv7(), uuidv7()];
    await publish(service, hostRegistered(hostEmployerId, 'Asbl Les Jardins'));
    await publish(
      service,
      placementStarted(handedOver, hostEmployerId),
      placementStarted(notYet, hostEmployerId),
    );
    await Promise.all([placementNotice(handedOver), placementNotice(notYet)]);
    const delivered = await as(service, officer).call(
      'POST',
      `/information-sheets/${(await sheetOf(handedOver)).id}/delivery`,
      { deliveredOn: belgianDay(new Date()), channel: 'hand', language: 'fr-BE' },
    );
    expect(delivered.statusCode).toBe(201);

    await publish(service, hostRegistered(hostEmployerId, 'Asbl Les Jardins Partagés'));
    await waitFor(async () => (await sheetOf(notYet)).text.includes('Asbl Les Jardins Partagés'), {
      what: 'the sheet not handed over, under the new name',
    });
    expect((await sheetOf(handedOver)).text).toContain('Lieu de travail (utilisateur) : Asbl Les Jardins.');
    expect((await placementNotice(notYet)).body).toContain('chez Asbl Les Jardins.');
  });

  it('names what a placement writes while the host is being registered, once both have committed', async () => {
    const { context } = service.service;
    const hostEmployerId = uuidv7();
    const personId = uuidv7();
    let commitPlacement = (): void => undefined;
    const placementMayCommit = new Promise<void>((resolve) => (commitPlacement = resolve));
    let placementWritten = (): void => undefined;
    const written = new Promise<void>((resolve) => (placementWritten = resolve));
    // The placement's transaction found no name, wrote its sheet and notice, and has not committed
    // when the registration's transaction starts: the two come on different topics.
    const placement = withTenantTransaction(context.pool, cpas, async (tx) => {
      await onPlacementStarted(context, tx, placementStarted(personId, hostEmployerId));
      placementWritten();
      await placementMayCommit;
    });
    await written;
    const registration = withTenantTransaction(context.pool, cpas, (tx) =>
      onHostRegistered(context, tx, hostRegistered(hostEmployerId, 'Asbl Les Tilleuls')),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    commitPlacement();
    await Promise.all([placement, registration]);
    expect((await placementNotice(personId)).body).toContain('chez Asbl Les Tilleuls');
    expect((await sheetOf(personId)).text).toContain('Lieu de travail (utilisateur) : Asbl Les Tilleuls.');
  });
});
