import type { Caller } from './http.ts';
import { waitUntil } from './http.ts';
import type { DemoActors } from './plan.ts';

/** An agenda item as the committee service shows it (the fields the loader reads). */
export interface AgendaItem {
  readonly id: string;
  readonly kind: string;
  readonly status: 'pending' | 'scheduled' | 'decided';
  readonly sessionId: string | null;
  readonly personId: string | null;
  readonly proposals: readonly {
    readonly id: string;
    readonly kind: string;
    readonly subject: { readonly id: string };
  }[];
}

/** A decision on one proposal: approved, or amended with what changes and why. */
export type Verdict =
  | { readonly outcome: 'approved' }
  | {
      readonly outcome: 'amended';
      readonly amendments: Readonly<Record<string, string | number>>;
      readonly reasonCode: string;
      readonly reasonText: string;
    };

/** The comité spécial, worked by its secretary and members through the committee API. */
export const committeeDesk = (
  actors: DemoActors,
  as: { secretary: Caller; officer: Caller; chair: Caller },
  location: string,
  timeoutMs: number,
) => {
  const sessions = new Map<string, Promise<string>>();

  /** The item an event put on the agenda, once the committee has taken the event in. */
  const itemFor = (kind: string, subjectId: string, proposals = 1): Promise<AgendaItem> =>
    waitUntil(
      `the committee's ${kind} item for ${subjectId}`,
      async () => {
        const { body } = await as.secretary<{ items: AgendaItem[] }>(
          'committee',
          'GET',
          `/agenda?kind=${kind}`,
        );
        return body.items.find(
          (i) => i.proposals.some((p) => p.subject.id === subjectId) && i.proposals.length >= proposals,
        );
      },
      timeoutMs,
    );

  /** The ISP session on a day: found if it exists (a second load), else planned with the demo members. */
  const sessionOn = (date: string): Promise<string> => {
    const known = sessions.get(date);
    if (known) return known;
    const made = (async () => {
      const { body } = await as.secretary<{ items: { id: string; kind: string }[] }>(
        'committee',
        'GET',
        `/sessions?from=${date}&to=${date}`,
      );
      const existing = body.items.find((s) => s.kind === 'isp');
      if (existing) return existing.id;
      const created = await as.secretary<{ id: string }>('committee', 'POST', '/sessions', {
        kind: 'isp',
        date,
        startsAt: '14:00',
        location,
        quorum: 2,
        members: [
          ...actors.members.map((m, i) => ({
            accountId: m.id,
            displayName: m.displayName,
            role: i === 0 ? 'chair' : 'member',
          })),
          { accountId: actors.secretary.id, displayName: actors.secretary.displayName, role: 'secretary' },
        ],
      });
      return created.body.id;
    })();
    sessions.set(date, made);
    return made;
  };

  /** Puts an item on the session of `date`. */
  const schedule = async (item: AgendaItem, date: string): Promise<string> => {
    const sessionId = await sessionOn(date);
    await as.secretary('committee', 'POST', `/sessions/${sessionId}/items`, { itemId: item.id });
    return sessionId;
  };

  /** The two steps and the signature: prepared by the officer, recorded by the secretary, signed by the chair. */
  const decide = async (
    item: AgendaItem,
    date: string,
    assessment: string,
    verdict: (kind: string) => Verdict,
  ) => {
    await schedule(item, date);
    await as.officer('committee', 'POST', `/agenda/items/${item.id}/preparation`, { assessment });
    for (const proposal of item.proposals)
      await as.secretary('committee', 'POST', `/agenda/items/${item.id}/decisions`, {
        proposalId: proposal.id,
        vote: { kind: 'unanimous' },
        ...verdict(proposal.kind),
      });
    await as.chair('committee', 'POST', `/agenda/items/${item.id}/signature`, {});
  };

  /** Closes the sessions of the past and today, once every item on them is signed. */
  const closeHeld = async (today: string) => {
    for (const [date, id] of sessions)
      if (date <= today)
        await as.secretary('committee', 'POST', `/sessions/${await id}/closure`, undefined, [200, 201, 409]);
  };

  return { itemFor, schedule, decide, closeHeld };
};
