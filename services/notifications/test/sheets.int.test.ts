import { HostEmployerRegisteredV1, PlacementStartedV1 } from '@relais/contracts';
import { belgianDay } from '@relais/service-kit';
import { startTestService, waitFor, type TestService } from '@relais/testing';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../src/config.ts';
import { notificationsService } from '../src/service.ts';
import { as, eventOf, infra, publish, staff } from './support.ts';

const cpas = '0190a000-0000-7000-8000-0000000013a1';
let service: TestService<NotificationsConfig>;
const officer = staff(cpas, 'placement_officer');
const socialWorker = staff(cpas, 'social_worker');

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
    const placementId = uuidv7();
    await as(service, officer).call('POST', `/persons/${personId}/followers`, {});
    await publish(
      service,
      eventOf(HostEmployerRegisteredV1, cpas, hostEmployerId, {
        hostEmployerId,
        enterpriseNumber: '0123.456.749',
        name: 'Asbl Les Jardins',
        legalType: 'asbl',
        sector: 'green_spaces',
        sites: [{ siteId: uuidv7(), name: 'Serre', address: 'Rue des Serres 1', commune: 'Saint-Gilles' }],
      }),
      eventOf(PlacementStartedV1, cpas, placementId, {
        placementId,
        personId,
        hostEmployerId,
        startDate: '2026-03-02',
      }),
    );
    const told = await waitFor(
      async () => (await as(service, officer).inbox()).find((i) => i.personId === personId),
      {
        what: 'the placement start',
      },
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
