import type { Tx } from '@relais/messaging';
import type { ServiceContext } from '@relais/service-kit';
import { inForceOn } from '../domain/deadlines.ts';
import { financialEffect, type IncomeCategory } from '../domain/financial.ts';
import { findHost, findTrial } from '../db/facts.ts';
import { historyOf } from '../db/history.ts';
import type { ItemRecord } from '../db/items.ts';
import { loadCostRows } from '../db/settings.ts';
import { findSessions } from '../db/sessions.ts';
import { readInTenant, requireItem, todayOf } from './common.ts';
import { decisionView, itemSummary, loadViewContext } from './views.ts';

/** What the owning services told the committee about the case, joined with the facts it keeps. */
const caseSummaryOf = async (tx: Tx, item: ItemRecord): Promise<Record<string, unknown>> => {
  const summary: Record<string, unknown> = { ...item.summary };
  if (typeof summary.hostEmployerId === 'string') {
    const host = await findHost(tx, item.tenantId, summary.hostEmployerId);
    if (host) summary.host = host;
  }
  if (typeof summary.placementId === 'string') {
    const trial = await findTrial(tx, item.tenantId, summary.placementId);
    // The placement officer's analysis of the trial travels with the item (seed 004 §4.4).
    if (trial) summary.trial = trial;
  }
  return summary;
};

/** The names of the members of the sessions an item's decisions were taken in. */
const memberNames = async (tx: Tx, item: ItemRecord): Promise<Map<string, string>> => {
  const sessions = await findSessions(tx, item.tenantId, [
    ...new Set([...item.decisions.map((d) => d.sessionId), ...(item.sessionId ? [item.sessionId] : [])]),
  ]);
  return new Map(
    [...sessions.values()].flatMap((s) => s.members.map((m) => [m.accountId, m.displayName] as const)),
  );
};

/** Builds the full view of an item inside a read transaction. */
export const itemDetailIn = async (tx: Tx, context: ServiceContext, item: ItemRecord) => {
  const today = todayOf(context);
  const ctx = await loadViewContext(tx, item.tenantId, today, [item.id]);
  const names = await memberNames(tx, item);
  const costs = inForceOn(await loadCostRows(tx, item.tenantId), today) ?? null;
  const category =
    typeof item.summary.category === 'string' ? (item.summary.category as IncomeCategory) : null;
  const options = financialEffect(item.proposals, category, costs);
  return {
    ...itemSummary(item, ctx),
    caseSummary: await caseSummaryOf(tx, item),
    preparation: item.preparation,
    decisions: item.decisions.map((d) => decisionView(item, d, names)),
    conflictsOfInterest: [...item.conflictDetails],
    financialEffect: options ? { asOf: today, options } : null,
    history: await historyOf(tx, item.tenantId, item.id),
  };
};

/** `GET /agenda/items/:itemId`: everything the committee needs to decide, and what it decided. */
export const readItem = (context: ServiceContext, tenantId: string, itemId: string) =>
  readInTenant(context, tenantId, async (tx) =>
    itemDetailIn(tx, context, await requireItem(tx, tenantId, itemId)),
  );
