import type { ServiceContext } from '@relais/service-kit';
import type { Decision } from '../domain/model.ts';
import { itemsWithDecisions } from '../db/decisions.ts';
import { postponedFrom } from '../db/history.ts';
import { findItem, listItems, type ItemRecord } from '../db/items.ts';
import type { Lang } from '../minutes/i18n.ts';
import type { MinutesDecision, MinutesItem, MinutesModel } from '../minutes/model.ts';
import { renderMinutes } from '../minutes/render.ts';
import { readInTenant, requireSession, todayOf } from './common.ts';

const minutesDecision = (
  d: Decision,
  item: ItemRecord,
  names: ReadonlyMap<string, string>,
): MinutesDecision => {
  const corrected = d.correctsDecisionId
    ? item.decisions.find((x) => x.id === d.correctsDecisionId)
    : undefined;
  return {
    outcome: d.outcome,
    vote: d.vote,
    reasonCode: d.reasonCode,
    reasonText: d.reasonText,
    amendments: d.amendments,
    effectiveOn: d.effectiveOn,
    dissent: d.dissent.map((x) => ({ name: names.get(x.accountId) ?? x.accountId, text: x.text })),
    signedBy: d.signedBy ? (names.get(d.signedBy) ?? d.signedBy) : null,
    signedOn: d.signedAt?.slice(0, 10) ?? null,
    corrects: corrected ? { id: corrected.id, decidedOn: corrected.decidedOn } : null,
  };
};

const minutesItem = (
  item: ItemRecord,
  sessionId: string,
  names: ReadonlyMap<string, string>,
): MinutesItem => ({
  kind: item.kind,
  title: item.title,
  personId: item.personId,
  requestedOn: item.requestedOn,
  conflicted: item.conflictsOfInterest.map((id) => names.get(id) ?? id),
  proposals: item.proposals.map((p) => ({
    kind: p.kind,
    text: p.text,
    decisions: item.decisions
      .filter((d) => d.proposalId === p.id && d.sessionId === sessionId)
      .map((d) => minutesDecision(d, item, names)),
  })),
});

/**
 * The minutes of a session: its members and attendance, each item on its agenda and each
 * correction it decided, with proposals, decisions, votes, reasons and dissent, then the items
 * postponed from it with their reasons. Returns the PDF and the persons it names (for the audit).
 */
export const sessionMinutes = (context: ServiceContext, tenantId: string, sessionId: string, lang: Lang) =>
  readInTenant(context, tenantId, async (tx) => {
    const session = await requireSession(tx, tenantId, sessionId);
    const names = new Map(session.members.map((m) => [m.accountId, m.displayName]));
    const onAgenda = await listItems(tx, tenantId, { sessionId });
    const others = (await itemsWithDecisions(tx, tenantId, { sessionId })).filter(
      (id) => !onAgenda.some((i) => i.id === id),
    );
    const corrected = [];
    for (const id of others) {
      const item = await findItem(tx, tenantId, id);
      if (item) corrected.push(item);
    }
    const items = [...onAgenda, ...corrected];
    const postponed = [];
    for (const entry of await postponedFrom(tx, tenantId, sessionId)) {
      const item = await findItem(tx, tenantId, entry.itemId);
      if (!item) continue;
      const { reason, toSessionDate } = entry.details as { reason: string; toSessionDate: string | null };
      postponed.push({ kind: item.kind, title: item.title, reason, toSessionDate, personId: item.personId });
    }
    const model: MinutesModel = {
      session,
      items: items.map((i) => minutesItem(i, sessionId, names)),
      postponed,
      generatedOn: todayOf(context),
    };
    const personIds = [...new Set([...items, ...postponed].map((i) => i.personId).filter((p) => p !== null))];
    return { pdf: await renderMinutes(model, lang), personIds };
  });
