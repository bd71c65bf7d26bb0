import { PDFParse } from 'pdf-parse';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/translator.ts';
import { renderInformationSheet } from './render-sheet.ts';

const textOf = async (pdf: Buffer): Promise<string> => {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
};

describe('the information sheet on the worker’s rights', () => {
  it('is a PDF in French with the contract, union rights, work accidents and whom to call', async () => {
    const pdf = await renderInformationSheet(translator(), 'fr-BE', {
      startDate: '2026-03-02',
      hostName: 'Asbl Les Jardins',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(pdf);
    expect(text).toContain('Vos droits pendant votre mise à l');
    expect(text).toContain(
      'Début du contrat : 2 mars 2026. Lieu de travail (utilisateur) : Asbl Les Jardins.',
    );
    for (const words of [
      'Vos droits syndicaux',
      'accident du travail',
      'Qui appeler',
      '112',
      'agent d',
      'CPAS',
    ])
      expect(text).toContain(words);
  });

  it('is a PDF in Dutch with the field’s words', async () => {
    const text = await textOf(
      await renderInformationSheet(translator(), 'nl-BE', { startDate: '2026-03-02', hostName: null }),
    );
    expect(text).toContain('Begin van het contract: 2 maart 2026.');
    for (const words of [
      'tewerkstelling artikel 60 §7',
      'arbeidsongeval',
      'trajectbegeleider',
      'OCMW',
      'Wie bellen?',
    ])
      expect(text).toContain(words);
  });
});
