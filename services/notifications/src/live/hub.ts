import type { Announcement } from './announce.ts';

/** One open event stream: whose it is and how to write to it. */
export interface LiveStream {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly string[];
  /** Writes one server-sent event. */
  send(event: string, data: unknown, id?: string): void;
  /** Asks for the user's counts to be sent again (coalesced: once however many changes came). */
  refreshCounts(): void;
  /** Ends the stream (the client reconnects). */
  end(): void;
}

/** The open streams of this instance, by CPAS. */
export interface StreamHub {
  add(stream: LiveStream): () => void;
  count(tenantId: string, userId: string): number;
  dispatch(announcement: Announcement): void;
  /** Every stream refreshes its counts (after the listener missed announcements). */
  refreshAll(): void;
  endAll(): void;
}

const concerns = (stream: LiveStream, users: readonly string[] | 'all', role: string | null): boolean =>
  users === 'all' || users.includes(stream.userId) || (role !== null && stream.roles.includes(role));

/** Creates the registry of open streams and the rules of who hears what. */
export const createStreamHub = (): StreamHub => {
  const byTenant = new Map<string, Set<LiveStream>>();
  const all = () => [...byTenant.values()].flatMap((set) => [...set]);
  return {
    add(stream) {
      const set = byTenant.get(stream.tenantId) ?? new Set<LiveStream>();
      set.add(stream);
      byTenant.set(stream.tenantId, set);
      return () => {
        set.delete(stream);
        if (set.size === 0) byTenant.delete(stream.tenantId);
      };
    },
    count: (tenantId, userId) =>
      [...(byTenant.get(tenantId) ?? [])].filter((s) => s.userId === userId).length,
    dispatch(announcement) {
      for (const stream of byTenant.get(announcement.tenantId) ?? []) {
        if (!concerns(stream, announcement.users, announcement.role)) continue;
        if (announcement.type === 'created')
          stream.send(
            'notification',
            { id: announcement.id, kind: announcement.kind, createdAt: announcement.createdAt },
            announcement.id,
          );
        stream.refreshCounts();
      }
    },
    refreshAll: () => {
      for (const stream of all()) stream.refreshCounts();
    },
    endAll: () => {
      for (const stream of all()) stream.end();
    },
  };
};
