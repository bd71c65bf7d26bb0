import type { EventOf, PlacementStartedV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { findSheetOfPlacement, insertSheet } from '../db/sheets.ts';
import { lockHost } from '../db/subjects.ts';
import { rememberSubjectPerson } from './remember-person.ts';
import { translator } from '../i18n/translator.ts';
import { renderInformationSheets } from '../sheets/render-sheet.ts';
import { deliverNotice } from './deliver-notice.ts';
import { dedupeKey, originOf, type NotificationsContext } from './notice-context.ts';

/**
 * A placement started: its person is remembered (later events name only the placement), the
 * worker's information sheet on their rights is written in French and in Dutch — the officer
 * hands over the one the worker reads — and the placement officers are asked to deliver it.
 */
export const onPlacementStarted = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof PlacementStartedV1>,
): Promise<void> => {
  const { tenantId } = event;
  const { placementId, personId, hostEmployerId, startDate } = event.data;
  await rememberSubjectPerson(context, tx, tenantId, 'placement', placementId, personId);
  const host = await lockHost(tx, hostEmployerId);
  const documents = await renderInformationSheets(translator(), { startDate, hostName: host });
  const sheetId = context.clock.newId();
  const written = await insertSheet(tx, {
    id: sheetId,
    tenantId,
    personId,
    placementId,
    hostEmployerId,
    startDate,
    hostName: host,
    createdAt: context.clock.now(),
    documents,
  });
  await deliverNotice(
    context,
    tx,
    {
      content: {
        kind: 'placement_started',
        subject: {
          personId,
          placementId,
          hostEmployerId,
          sheetId: written ? sheetId : ((await findSheetOfPlacement(tx, placementId)) ?? sheetId),
        },
        params: { startDate, hostName: host },
      },
      role: 'placement_officer',
      personId,
      dedupeKey: dedupeKey('placement_started', placementId, 'placement_officer'),
    },
    originOf(event),
  );
};
