import type { ServiceContext } from '@relais/service-kit';
import type { ItemKind, ItemStatus } from '../domain/model.ts';
import { listItems } from '../db/items.ts';
import { readInTenant, todayOf } from './common.ts';
import { itemSummary, loadViewContext } from './views.ts';

export interface AgendaFilter {
  readonly status?: ItemStatus | undefined;
  readonly kind?: ItemKind | undefined;
  readonly sessionId?: string | undefined;
  readonly personId?: string | undefined;
  readonly flagged?: 'true' | 'false' | undefined;
}

/** `GET /agenda`: the items, with their deadlines, flags and conflicts. */
export const listAgenda = (context: ServiceContext, tenantId: string, filter: AgendaFilter) =>
  readInTenant(context, tenantId, async (tx) => {
    const items = await listItems(tx, tenantId, filter);
    const ctx = await loadViewContext(
      tx,
      tenantId,
      todayOf(context),
      items.map((i) => i.id),
    );
    const views = items.map((item) => itemSummary(item, ctx));
    return {
      items:
        filter.flagged === undefined ? views : views.filter((v) => v.flagged === (filter.flagged === 'true')),
    };
  });
