import type { i18n } from 'i18next';
import PDFDocument from 'pdfkit';
import { LANGUAGES, type Language } from '../domain/languages.ts';
import { longDate } from '../i18n/translator.ts';

interface Section {
  readonly heading: string;
  readonly paragraphs: readonly string[];
}

interface Contact {
  readonly label: string;
  readonly value: string;
}

/** What the sheet says of the placement: no name, nothing about the person but their start day. */
export interface SheetFacts {
  readonly startDate: string;
  readonly hostName: string | null;
}

const MARGIN = 56;
const INK = '#1a1a1a';
const ACCENT = '#1d4e89';

const toBuffer = (doc: PDFKit.PDFDocument): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

/**
 * The worker's information sheet on their rights, as a tagged A4 PDF in one language. The text
 * comes from `locales/<language>/information-sheet.json` (to be checked by the CPAS's legal
 * service); contacts without a number get a line to fill in by hand when the sheet is handed over.
 */
export const renderInformationSheet = (
  i18n: i18n,
  language: Language,
  facts: SheetFacts,
): Promise<Buffer> => {
  const t = i18n.getFixedT(language, 'information-sheet');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: language,
    tagged: true,
    displayTitle: true,
    info: { Title: t('documentTitle'), Author: 'CPAS / OCMW', Creator: 'Relais' },
  });
  const done = toBuffer(doc);
  const width = doc.page.width - 2 * MARGIN;
  const startDate = longDate(language, facts.startDate);

  doc.fillColor(ACCENT).font('Helvetica-Bold').fontSize(17).text(t('title'), { width });
  doc.moveDown(0.3).fillColor(INK).font('Helvetica').fontSize(10.5).text(t('subtitle'), { width });
  doc
    .moveDown(0.6)
    .font('Helvetica-Bold')
    .text(
      facts.hostName
        ? t('placement', { startDate, hostName: facts.hostName })
        : t('placementNoHost', { startDate }),
      { width },
    );

  for (const section of t('sections', { returnObjects: true }) as unknown as Section[]) {
    doc
      .moveDown(0.9)
      .fillColor(ACCENT)
      .font('Helvetica-Bold')
      .fontSize(12.5)
      .text(section.heading, { width });
    doc.fillColor(INK).font('Helvetica').fontSize(10.5);
    for (const paragraph of section.paragraphs) doc.moveDown(0.35).text(paragraph, { width, align: 'left' });
  }

  doc
    .moveDown(0.9)
    .fillColor(ACCENT)
    .font('Helvetica-Bold')
    .fontSize(12.5)
    .text(t('contactsHeading'), { width });
  doc.fillColor(INK).fontSize(10.5);
  for (const contact of t('contacts', { returnObjects: true }) as unknown as Contact[]) {
    doc
      .moveDown(0.45)
      .font('Helvetica-Bold')
      .text(t('contactLabel', { label: contact.label }), { width, continued: contact.value !== '' });
    if (contact.value !== '') doc.font('Helvetica').text(contact.value);
    else doc.font('Helvetica').text(`${t('fillIn')} ________________________________________`, { width });
  }

  doc.moveDown(1.2).font('Helvetica-Oblique').fontSize(9.5).text(t('footer'), { width });
  doc.end();
  return done;
};

/** The sheet in every language the worker may read it in (French and Dutch). */
export const renderInformationSheets = async (
  i18n: i18n,
  facts: SheetFacts,
): Promise<Record<Language, Buffer>> =>
  Object.fromEntries(
    await Promise.all(
      LANGUAGES.map(
        async (language) => [language, await renderInformationSheet(i18n, language, facts)] as const,
      ),
    ),
  ) as Record<Language, Buffer>;
