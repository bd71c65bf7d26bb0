import type { Tx } from '@relais/messaging';
import { conflictsOf, type Conflict, type OpenItem } from '../domain/conflicts.ts';
import { deadlinesOf, inForceOn, isFlagged, type Deadline } from '../domain/deadlines.ts';
import type { Decision } from '../domain/model.ts';
import { amendableFields } from '../domain/proposals.ts';
import { postponementCounts } from '../db/history.ts';
import { listItems, type ItemRecord } from '../db/items.ts';
import { loadDeadlineRows, type DeadlineRow } from '../db/settings.ts';

/** What every view of an item needs besides the item: today, the settings, the other open items. */
export interface ViewContext {
  readonly today: string;
  readonly deadlineRows: readonly DeadlineRow[];
  readonly openItems: readonly OpenItem[];
  readonly postponements: ReadonlyMap<string, number>;
}

/** Loads the view context for a set of items (one query each, whatever the number of items). */
export const loadViewContext = async (
  tx: Tx,
  tenantId: string,
  today: string,
  itemIds: readonly string[],
): Promise<ViewContext> => ({
  today,
  deadlineRows: await loadDeadlineRows(tx, tenantId),
  openItems: await listItems(tx, tenantId, { open: true }),
  postponements: await postponementCounts(tx, tenantId, itemIds),
});

const settingsOn = (ctx: ViewContext, day: string): DeadlineRow => {
  const row = inForceOn(ctx.deadlineRows, day);
  if (!row) throw new Error(`no deadline settings in force on ${day}: the platform default row is missing`);
  return row;
};

/** The decision deadline, the host's, and each signed decision's notification deadline. */
export const itemDeadlines = (item: ItemRecord, ctx: ViewContext): Deadline[] => {
  const signed = item.decisions.filter((d) => d.status === 'signed');
  const firsts = signed.filter((d) => d.correctsDecisionId === null).map((d) => d.decidedOn);
  const hostDeadline = item.kind === 'engagement_proposal' ? item.summary.hostDeadline : null;
  return deadlinesOf(
    {
      requestedOn: item.requestedOn,
      requestSettings: settingsOn(ctx, item.requestedOn),
      decidedOn: item.status === 'decided' ? (firsts.sort().at(-1) ?? null) : null,
      hostDeadline: typeof hostDeadline === 'string' ? hostDeadline : null,
      signedDecisions: signed.map((d) => ({
        id: d.id,
        decidedOn: d.decidedOn,
        settings: settingsOn(ctx, d.decidedOn),
        notifiedOn: item.notifications.find((n) => n.decisionId === d.id)?.notifiedOn ?? null,
      })),
    },
    ctx.today,
  );
};

/** Conflicting open proposals about the same person (nothing once the item is decided). */
export const itemConflicts = (item: ItemRecord, ctx: ViewContext): Conflict[] =>
  item.status === 'decided' ? [] : conflictsOf(item, ctx.openItems);

/** An item as the agenda lists it. */
export const itemSummary = (item: ItemRecord, ctx: ViewContext) => {
  const deadlines = itemDeadlines(item, ctx);
  return {
    id: item.id,
    kind: item.kind,
    status: item.status,
    sessionId: item.sessionId,
    position: item.position,
    personId: item.personId,
    title: item.title,
    requestedOn: item.requestedOn,
    prepared: item.preparation !== null,
    proposals: item.proposals.map((p) => ({ ...p, amendable: amendableFields(p.kind) })),
    deadlines,
    flagged: isFlagged(deadlines),
    conflicts: itemConflicts(item, ctx),
    postponements: ctx.postponements.get(item.id) ?? 0,
  };
};

/** A decision as the API shows it: with who dissented by name, what corrected it, the notification. */
export const decisionView = (item: ItemRecord, d: Decision, names: ReadonlyMap<string, string>) => ({
  ...d,
  // What was decided, so a reader of one decision (a person's timeline) can say it in words.
  ...((p) => ({ proposalKind: p?.kind ?? null, subjectKind: p?.subject.kind ?? null }))(
    item.proposals.find((p) => p.id === d.proposalId),
  ),
  dissent: d.dissent.map((x) => ({ ...x, displayName: names.get(x.accountId) ?? null })),
  correctedBy: item.decisions.find((c) => c.correctsDecisionId === d.id && c.status === 'signed')?.id ?? null,
  notification: ((n) => (n ? { notifiedOn: n.notifiedOn, channel: n.channel } : null))(
    item.notifications.find((n) => n.decisionId === d.id),
  ) as { notifiedOn: string; channel: 'letter' | 'registered_letter' | 'email' | 'in_person' } | null,
  personId: item.personId,
});
