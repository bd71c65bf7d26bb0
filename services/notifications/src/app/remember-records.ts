import type { EngagementProposedV1, EventOf, HostEmployerRegisteredV1 } from '@relais/contracts';
import type { Tx } from '@relais/messaging';
import { nameHostInNotices } from '../db/notices.ts';
import { replaceSheetDocuments, sheetsToRename } from '../db/sheets.ts';
import { saveHost } from '../db/subjects.ts';
import { translator } from '../i18n/translator.ts';
import { renderInformationSheets } from '../sheets/render-sheet.ts';
import type { NotificationsContext } from './notice-context.ts';
import { rememberSubjectPerson } from './remember-person.ts';

/** An engagement was proposed: the committee's decision on it will name only the proposal. */
export const onEngagementProposed = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof EngagementProposedV1>,
): Promise<void> => {
  await rememberSubjectPerson(
    context,
    tx,
    event.tenantId,
    'engagement_proposal',
    event.data.proposalId,
    event.data.personId,
  );
};

/**
 * A host employer was registered: its name words the sheet and the safety notifications. What
 * was written before the name came (the registration travels on another topic than the placement,
 * the accidents and the safety statuses) gets it now: the notices told without a name, and the
 * sheets not handed over yet, written again in each language.
 */
export const onHostRegistered = async (
  context: NotificationsContext,
  tx: Tx,
  event: EventOf<typeof HostEmployerRegisteredV1>,
): Promise<void> => {
  const { tenantId } = event;
  const { hostEmployerId, name } = event.data;
  await saveHost(tx, tenantId, hostEmployerId, name);
  const named = await nameHostInNotices(tx, tenantId, hostEmployerId, name);
  const sheets = await sheetsToRename(tx, tenantId, hostEmployerId, name);
  for (const sheet of sheets)
    await replaceSheetDocuments(
      tx,
      sheet.id,
      name,
      await renderInformationSheets(translator(), { startDate: sheet.startDate, hostName: name }),
    );
  if (named > 0 || sheets.length > 0)
    context.logger.info(
      { hostEmployerId, notices: named, sheets: sheets.length },
      'host employer named in what was written before its registration',
    );
};
