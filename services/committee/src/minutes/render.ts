import PDFDocument from 'pdfkit';
import type { TFunction } from 'i18next';
import { attendanceOf } from '../domain/sessions.ts';
import type { Vote } from '../domain/model.ts';
import { translator, type Lang } from './i18n.ts';
import type { MinutesDecision, MinutesItem, MinutesModel } from './model.ts';

type Doc = PDFKit.PDFDocument;

const voteText = (t: TFunction, vote: Vote) =>
  vote.kind === 'unanimous'
    ? t('vote.unanimous')
    : t('vote.counts', { for: vote.for, against: vote.against, abstain: vote.abstain });

const amendmentList = (
  t: TFunction,
  day: (iso: string) => string,
  amendments: Readonly<Record<string, unknown>>,
) =>
  Object.entries(amendments)
    .map(([field, value]) => {
      const text = String(value);
      const shown =
        field === 'category' ? t(`category.${text}`) : /^\d{4}-\d{2}-\d{2}$/.test(text) ? day(text) : text;
      return `${t(`amendment.${field}`, { defaultValue: field })} ${shown}`;
    })
    .join(', ');

const writeDecision = (doc: Doc, t: TFunction, day: (iso: string) => string, d: MinutesDecision) => {
  doc
    .font('Helvetica-Bold')
    .text(t('decision.line', { outcome: t(`outcome.${d.outcome}`), vote: voteText(t, d.vote) }), {
      indent: 20,
    });
  doc.font('Helvetica');
  if (d.corrects)
    doc.text(t('decision.corrects', { date: day(d.corrects.decidedOn), id: d.corrects.id }), { indent: 20 });
  if (d.reasonText)
    doc.text(t('decision.reasons', { code: d.reasonCode ?? '-', text: d.reasonText }), { indent: 20 });
  if (d.amendments)
    doc.text(t('decision.amendments', { list: amendmentList(t, day, d.amendments) }), { indent: 20 });
  if (d.effectiveOn) doc.text(t('decision.effectiveOn', { date: day(d.effectiveOn) }), { indent: 20 });
  for (const x of d.dissent) doc.text(t('decision.dissent', { name: x.name, text: x.text }), { indent: 20 });
  doc.text(
    d.signedBy && d.signedOn
      ? t('decision.signed', { name: d.signedBy, date: day(d.signedOn) })
      : t('decision.unsigned'),
    { indent: 20 },
  );
};

const writeItem = (doc: Doc, t: TFunction, day: (iso: string) => string, item: MinutesItem, n: number) => {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11);
  doc.text(`${t('item.number', { n })} — ${item.title ?? t(`itemKind.${item.kind}`)}`);
  doc.font('Helvetica').fontSize(10);
  if (item.personId) doc.text(t('item.person', { id: item.personId }));
  doc.text(t('item.requested', { date: day(item.requestedOn) }));
  if (item.conflicted.length > 0) doc.text(t('item.conflicts', { names: item.conflicted.join(', ') }));
  for (const p of item.proposals) {
    doc
      .moveDown(0.3)
      .font('Helvetica-Oblique')
      .text(`• ${t(`proposal.${p.kind}`)}${p.text ? ` : ${p.text}` : ''}`, { indent: 10 });
    doc.font('Helvetica');
    if (p.decisions.length === 0) doc.text(t('item.noDecision'), { indent: 20 });
    for (const d of p.decisions) writeDecision(doc, t, day, d);
  }
};

const writeHeader = (doc: Doc, t: TFunction, day: (iso: string) => string, model: MinutesModel) => {
  const { session } = model;
  doc
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(`${t('cpas')} — ${t(`committee.${session.kind}`)}`);
  doc.fontSize(14).text(t('title', { date: day(session.date) }));
  doc.font('Helvetica').fontSize(10).moveDown(0.5);
  const when = [
    t('session.when', { date: day(session.date) }),
    session.startsAt ? t('session.at', { time: session.startsAt }) : null,
  ];
  doc.text(when.filter(Boolean).join(' '));
  if (session.location) doc.text(t('session.where', { location: session.location }));
  doc.text(t(session.status === 'closed' ? 'session.closed' : 'session.planned'));
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(12).text(t('heading.members'));
  doc.font('Helvetica').fontSize(10);
  for (const m of session.members)
    doc.text(
      `${m.displayName} (${t(`memberRole.${m.role}`)}) — ${t(m.present ? 'attendance.present' : 'attendance.absent')}`,
    );
  const { votingPresent, quorumReached } = attendanceOf(session);
  doc.text(t('session.quorum', { quorum: session.quorum, present: votingPresent }));
  doc.text(t(quorumReached ? 'session.quorumReached' : 'session.quorumNotReached'));
};

/**
 * The minutes of a session as a PDF (A4, pdfkit's standard fonts: WinAnsi covers French and
 * Dutch), every word from the language's translation file, dates in Belgian formats.
 */
export const renderMinutes = async (model: MinutesModel, lang: Lang): Promise<Buffer> => {
  const { t, day } = await translator(lang);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    lang: lang === 'fr' ? 'fr-BE' : 'nl-BE',
    info: { Title: t('title', { date: day(model.session.date) }), Author: 'Relais' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  writeHeader(doc, t, day, model);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(t('heading.agenda'));
  model.items.forEach((item, i) => writeItem(doc, t, day, item, i + 1));
  if (model.postponed.length > 0) {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(t('heading.postponed'));
    doc.font('Helvetica').fontSize(10);
    for (const p of model.postponed) {
      doc.text(t('postponed.line', { item: p.title ?? t(`itemKind.${p.kind}`), reason: p.reason }));
      doc.text(p.toSessionDate ? t('postponed.to', { date: day(p.toSessionDate) }) : t('postponed.pending'), {
        indent: 20,
      });
    }
  }
  doc
    .moveDown(1.5)
    .fontSize(8)
    .text(t('footer', { date: day(model.generatedOn) }));
  doc.end();
  return done;
};
