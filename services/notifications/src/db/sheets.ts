import type { Tx } from '@relais/messaging';
import type { Language } from '../domain/languages.ts';

/** How an information sheet reached the worker. */
export type DeliveryChannel = 'hand' | 'post' | 'email';

/** A recorded delivery of a sheet. */
export interface SheetDelivery {
  readonly id: string;
  readonly deliveredOn: string;
  readonly channel: DeliveryChannel;
  readonly language: Language;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** A worker's information sheet and its deliveries. */
export interface InformationSheet {
  readonly id: string;
  readonly personId: string;
  readonly placementId: string;
  readonly hostEmployerId: string;
  readonly startDate: string;
  readonly languages: Language[];
  readonly createdAt: string;
  readonly deliveries: SheetDelivery[];
}

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Writes a sheet and its documents; false when the placement has one already. */
export const insertSheet = async (
  tx: Tx,
  sheet: {
    id: string;
    tenantId: string;
    personId: string;
    placementId: string;
    hostEmployerId: string;
    startDate: string;
    /** The host's name the documents carry (null: written without it). */
    hostName: string | null;
    createdAt: Date;
    documents: Readonly<Record<Language, Buffer>>;
  },
): Promise<boolean> => {
  const { rowCount } = await tx.query(
    `INSERT INTO information_sheets (id, tenant_id, person_id, placement_id, host_employer_id, start_date,
       host_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, placement_id) DO NOTHING`,
    [
      sheet.id,
      sheet.tenantId,
      sheet.personId,
      sheet.placementId,
      sheet.hostEmployerId,
      sheet.startDate,
      sheet.hostName,
      sheet.createdAt,
    ],
  );
  if (!rowCount) return false;
  for (const [language, pdf] of Object.entries(sheet.documents))
    await tx.query(
      'INSERT INTO information_sheet_documents (sheet_id, tenant_id, language, pdf) VALUES ($1, $2, $3, $4)',
      [sheet.id, sheet.tenantId, language, pdf],
    );
  return true;
};

const SHEETS = `
  SELECT s.id, s.person_id AS "personId", s.placement_id AS "placementId", s.host_employer_id AS "hostEmployerId",
         s.start_date AS "startDate", ${ISO('s.created_at')} AS "createdAt",
         ARRAY(SELECT d.language FROM information_sheet_documents d WHERE d.sheet_id = s.id ORDER BY d.language) AS languages,
         COALESCE((SELECT json_agg(json_build_object('id', v.id, 'deliveredOn', v.delivered_on, 'channel', v.channel,
                    'language', v.language, 'recordedBy', v.recorded_by, 'recordedAt', ${ISO('v.recorded_at')})
                    ORDER BY v.recorded_at, v.id)
                     FROM information_sheet_deliveries v WHERE v.sheet_id = s.id), '[]') AS deliveries
    FROM information_sheets s`;

/** A person's sheets, newest first. */
export const listSheetsOfPerson = async (tx: Tx, personId: string): Promise<InformationSheet[]> => {
  const { rows } = await tx.query<InformationSheet>(
    `${SHEETS} WHERE s.person_id = $1 ORDER BY s.start_date DESC, s.id DESC`,
    [personId],
  );
  return rows;
};

/** One sheet. */
export const findSheet = async (tx: Tx, id: string): Promise<InformationSheet | null> => {
  const { rows } = await tx.query<InformationSheet>(`${SHEETS} WHERE s.id = $1`, [id]);
  return rows[0] ?? null;
};

/** The sheet for a placement (the placement officer's notification links it). */
export const findSheetOfPlacement = async (tx: Tx, placementId: string): Promise<string | null> => {
  const { rows } = await tx.query<{ id: string }>(
    'SELECT id FROM information_sheets WHERE placement_id = $1',
    [placementId],
  );
  return rows[0]?.id ?? null;
};

/** A sheet's PDF in one language. */
export const findSheetDocument = async (tx: Tx, id: string, language: Language): Promise<Buffer | null> => {
  const { rows } = await tx.query<{ pdf: Buffer }>(
    'SELECT pdf FROM information_sheet_documents WHERE sheet_id = $1 AND language = $2',
    [id, language],
  );
  return rows[0]?.pdf ?? null;
};

/**
 * The sheets of a host not handed over yet whose documents do not carry `name` (written before the
 * host was registered, or under an earlier name), locked until the transaction ends. A sheet
 * handed over stays as the worker received it.
 */
export const sheetsToRename = async (
  tx: Tx,
  tenantId: string,
  hostEmployerId: string,
  name: string,
): Promise<{ id: string; startDate: string }[]> => {
  const { rows } = await tx.query<{ id: string; startDate: string }>(
    `SELECT s.id, to_char(s.start_date, 'YYYY-MM-DD') AS "startDate" FROM information_sheets s
      WHERE s.tenant_id = $1 AND s.host_employer_id = $2 AND s.host_name IS DISTINCT FROM $3
        AND NOT EXISTS (SELECT 1 FROM information_sheet_deliveries v WHERE v.sheet_id = s.id)
      ORDER BY s.id FOR UPDATE OF s`,
    [tenantId, hostEmployerId, name],
  );
  return rows;
};

/** Replaces a sheet's documents with ones that carry its host's name. */
export const replaceSheetDocuments = async (
  tx: Tx,
  sheetId: string,
  hostName: string,
  documents: Readonly<Record<Language, Buffer>>,
): Promise<void> => {
  await tx.query('UPDATE information_sheets SET host_name = $2 WHERE id = $1', [sheetId, hostName]);
  for (const [language, pdf] of Object.entries(documents))
    await tx.query('UPDATE information_sheet_documents SET pdf = $3 WHERE sheet_id = $1 AND language = $2', [
      sheetId,
      language,
      pdf,
    ]);
};

/** Records a delivery of a sheet. */
export const insertDelivery = async (
  tx: Tx,
  tenantId: string,
  delivery: {
    id: string;
    sheetId: string;
    deliveredOn: string;
    channel: DeliveryChannel;
    language: Language;
    recordedBy: string;
    at: Date;
  },
): Promise<void> => {
  await tx.query(
    `INSERT INTO information_sheet_deliveries (id, tenant_id, sheet_id, delivered_on, channel, language, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      delivery.id,
      tenantId,
      delivery.sheetId,
      delivery.deliveredOn,
      delivery.channel,
      delivery.language,
      delivery.recordedBy,
      delivery.at,
    ],
  );
};
