import { withTenantTransaction } from '@relais/messaging';
import { belgianDay, DomainError, type RequestActor } from '@relais/service-kit';
import type { Language } from '../domain/languages.ts';
import { caseKey } from '../domain/reminders.ts';
import { checkDeliveryDay } from '../domain/sheet-delivery.ts';
import { closeCases } from '../db/reminders.ts';
import {
  findSheet,
  findSheetDocument,
  insertDelivery,
  listSheetsOfPerson,
  type DeliveryChannel,
  type InformationSheet,
} from '../db/sheets.ts';
import type { NotificationsContext } from './notice-context.ts';

const notFound = (id: string) =>
  new DomainError('INFORMATION_SHEET_NOT_FOUND', 'not_found', `no information sheet ${id}`);

/** A person's information sheets and their deliveries. */
export const getSheetsOfPerson = (
  context: NotificationsContext,
  tenantId: string,
  personId: string,
): Promise<InformationSheet[]> =>
  withTenantTransaction(context.pool, tenantId, (tx) => listSheetsOfPerson(tx, personId), { readOnly: true });

/** A sheet's PDF in one language, with the person it is for (for the audit). */
export const downloadSheet = (
  context: NotificationsContext,
  tenantId: string,
  sheetId: string,
  language: Language,
): Promise<{ pdf: Buffer; personId: string; startDate: string }> =>
  withTenantTransaction(
    context.pool,
    tenantId,
    async (tx) => {
      const sheet = await findSheet(tx, sheetId);
      const pdf = sheet ? await findSheetDocument(tx, sheetId, language) : null;
      if (!sheet || !pdf) throw notFound(sheetId);
      return { pdf, personId: sheet.personId, startDate: sheet.startDate };
    },
    { readOnly: true },
  );

/** The sheet was given to the worker: recorded with who, when, how and in which language; its reminder stops. */
export const recordSheetDelivery = (
  context: NotificationsContext,
  input: RequestActor & {
    readonly sheetId: string;
    readonly delivery: { deliveredOn: string; channel: DeliveryChannel; language: Language };
  },
): Promise<InformationSheet> =>
  withTenantTransaction(context.pool, input.tenantId, async (tx) => {
    const sheet = await findSheet(tx, input.sheetId);
    if (!sheet) throw notFound(input.sheetId);
    const now = context.clock.now();
    // Lenient on the lower bound: a start event handled late must not refuse a true delivery day.
    const writtenOn = [sheet.startDate, belgianDay(new Date(sheet.createdAt))].sort()[0] ?? sheet.startDate;
    checkDeliveryDay(input.delivery.deliveredOn, { writtenOn, today: belgianDay(now) });
    await insertDelivery(tx, input.tenantId, {
      id: context.clock.newId(),
      sheetId: input.sheetId,
      ...input.delivery,
      recordedBy: input.actor.id,
      at: now,
    });
    await closeCases(
      tx,
      input.tenantId,
      [caseKey.sheetDelivered(input.sheetId)],
      'information_sheet_delivery',
      now,
    );
    const updated = await findSheet(tx, input.sheetId);
    if (!updated) throw notFound(input.sheetId);
    return updated;
  });
