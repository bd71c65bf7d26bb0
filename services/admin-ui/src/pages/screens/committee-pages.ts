import { principalOf, type ServiceApp } from '@relais/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { listCommitteeMembers } from '../../app/list-committee-members.ts';
import { caseSummaryRows } from '../case-summary.ts';
import type { CommitteeSession, ItemDetail, ItemSummary } from '../committee-types.ts';
import { field, fields, formOf, optional, type FormBody } from '../forms.ts';
import { query, segment, ServiceRefusal } from '../page-api.ts';
import type { PageDeps } from '../page-deps.ts';
import { addDays, today } from '../today.ts';

const sessionParams = z.object({ sessionId: z.uuid() });
const itemParams = z.object({ itemId: z.uuid() });
const minutesQuery = z.object({ lang: z.enum(['fr', 'nl']).catch('fr') });
const OUTCOMES = ['approved', 'refused', 'amended'];

const refusedByService = (error: unknown): error is ServiceRefusal =>
  error instanceof ServiceRefusal && error.status < 500 && error.status !== 404;

/** The vote as the committee takes it: unanimous, or the counts for, against and abstaining. */
const voteOf = (form: FormBody) =>
  field(form, 'vote') === 'counts'
    ? {
        kind: 'counts' as const,
        for: Number(field(form, 'for') || '0'),
        against: Number(field(form, 'against') || '0'),
        abstain: Number(field(form, 'abstain') || '0'),
      }
    : { kind: 'unanimous' as const };

/** One decision on one proposal; a refusal or an amendment carries its reasons. */
const decisionBody = (form: FormBody) => {
  const outcome = field(form, 'outcome');
  const reasonCode = optional(form, 'reasonCode');
  const reasonText = optional(form, 'reasonText');
  return {
    proposalId: field(form, 'proposalId'),
    outcome,
    ...(reasonCode ? { reasonCode } : {}),
    ...(reasonText ? { reasonText } : {}),
    vote: voteOf(form),
  };
};

/**
 * The comité spécial: upcoming sessions and the items waiting for one, a session's agenda with
 * its deadlines, an item's case and proposals with the decision per proposal, the signature, and
 * the minutes (PDF, French or Dutch). The committee service enforces the order (prepared, held
 * session with quorum, a member who did not prepare signs); the screens say what it refused.
 */
export const registerCommitteePages = (scope: ServiceApp, deps: PageDeps): void => {
  const { renderer } = deps;

  const committeePage = async (request: FastifyRequest, reply: FastifyReply, error: string | null) => {
    const api = deps.api(request);
    const day = today(deps.accounts.clock.now());
    const secretary = principalOf(request).roles.includes('committee_secretary');
    const [sessions, pending, members] = await Promise.all([
      api.get<{ items: CommitteeSession[] }>('committee', `/sessions${query({ from: addDays(day, -31) })}`),
      api.get<{ items: ItemSummary[] }>('committee', '/agenda?status=pending'),
      secretary ? listCommitteeMembers(deps.accounts, principalOf(request)) : [],
    ]);
    return renderer.page(
      request,
      reply,
      'committee',
      {
        title: renderer.t(request)('committee.title'),
        day,
        secretary,
        sessions: sessions.items,
        planned: sessions.items.filter((s) => s.status === 'planned'),
        pending: pending.items,
        members,
        error,
      },
      error ? 422 : 200,
    );
  };

  scope.get('/committee', (request, reply) => committeePage(request, reply, null));

  scope.post('/committee/sessions', async (request, reply) => {
    const form = formOf(request);
    const chosen = new Set(fields(form, 'members'));
    const roster = (await listCommitteeMembers(deps.accounts, principalOf(request)))
      .filter((account) => chosen.has(account.id))
      .map((account) => ({
        accountId: account.id,
        displayName: account.displayName,
        role: account.roles.includes('committee_member') ? ('member' as const) : ('secretary' as const),
        present: true,
      }));
    try {
      const session = await deps.api(request).send<CommitteeSession>('committee', 'POST', '/sessions', {
        kind: field(form, 'kind') === 'social_service' ? 'social_service' : 'isp',
        date: field(form, 'date'),
        location: optional(form, 'location'),
        quorum: Number(field(form, 'quorum') || '1'),
        members: roster,
      });
      return await reply.redirect(`/committee/sessions/${segment(session.id)}?done=sessionPlanned`, 303);
    } catch (error) {
      if (!refusedByService(error)) throw error;
      return committeePage(request, reply, error.code);
    }
  });

  const sessionPage = async (request: FastifyRequest, reply: FastifyReply, error: string | null) => {
    const { sessionId } = sessionParams.parse(request.params);
    const api = deps.api(request);
    const [agenda, pending] = await Promise.all([
      api.get<{ session: CommitteeSession; items: ItemSummary[] }>(
        'committee',
        `/sessions/${segment(sessionId)}`,
      ),
      api.get<{ items: ItemSummary[] }>('committee', '/agenda?status=pending'),
    ]);
    return renderer.page(
      request,
      reply,
      'committee-session',
      {
        title: renderer.t(request)('committee.sessionOf', { day: agenda.session.date }),
        session: agenda.session,
        items: agenda.items,
        pending: pending.items,
        secretary: principalOf(request).roles.includes('committee_secretary'),
        error,
      },
      error ? 422 : 200,
    );
  };

  scope.get('/committee/sessions/:sessionId', (request, reply) => sessionPage(request, reply, null));

  scope.post('/committee/sessions/:sessionId/items', async (request, reply) => {
    const { sessionId } = sessionParams.parse(request.params);
    try {
      await deps.api(request).send('committee', 'POST', `/sessions/${segment(sessionId)}/items`, {
        itemId: field(formOf(request), 'itemId'),
      });
    } catch (error) {
      if (!refusedByService(error)) throw error;
      return sessionPage(request, reply, error.code);
    }
    return reply.redirect(`/committee/sessions/${segment(sessionId)}?done=itemAdded`, 303);
  });

  scope.post('/committee/sessions/:sessionId/closure', async (request, reply) => {
    const { sessionId } = sessionParams.parse(request.params);
    try {
      await deps.api(request).send('committee', 'POST', `/sessions/${segment(sessionId)}/closure`);
    } catch (error) {
      if (!refusedByService(error)) throw error;
      return sessionPage(request, reply, error.code);
    }
    return reply.redirect(`/committee/sessions/${segment(sessionId)}?done=sessionClosed`, 303);
  });

  scope.get('/committee/sessions/:sessionId/minutes', async (request, reply) => {
    const { sessionId } = sessionParams.parse(request.params);
    const { lang } = minutesQuery.parse(request.query);
    const pdf = await deps
      .api(request)
      .raw('committee', `/sessions/${segment(sessionId)}/minutes?lang=${lang}`, 'application/pdf');
    return reply
      .type('application/pdf')
      .header(
        'content-disposition',
        pdf.headers['content-disposition'] ?? `attachment; filename="pv-${lang}.pdf"`,
      )
      .send(pdf.raw);
  });

  const itemPage = async (request: FastifyRequest, reply: FastifyReply, error: string | null) => {
    const { itemId } = itemParams.parse(request.params);
    const item = await deps.api(request).get<ItemDetail>('committee', `/agenda/items/${segment(itemId)}`);
    const { roles, userId } = principalOf(request);
    return renderer.page(
      request,
      reply,
      'committee-item',
      {
        title: renderer.t(request)(`committee.itemKind.${item.kind}`),
        item,
        summary: caseSummaryRows(item.caseSummary),
        decided: new Map(
          item.decisions
            .filter((d) => d.status === 'recorded' || d.status === 'signed')
            .map((d) => [d.proposalId, d]),
        ),
        unsigned: item.decisions.some((d) => d.status === 'recorded'),
        outcomes: OUTCOMES,
        secretary: roles.includes('committee_secretary'),
        member: roles.includes('committee_member'),
        userId,
        error,
      },
      error ? 422 : 200,
    );
  };

  scope.get('/committee/items/:itemId', (request, reply) => itemPage(request, reply, null));

  const itemAction =
    (action: string, body: (form: FormBody, request: FastifyRequest) => unknown, done: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { itemId } = itemParams.parse(request.params);
      try {
        await deps
          .api(request)
          .send(
            'committee',
            'POST',
            `/agenda/items/${segment(itemId)}/${action}`,
            body(formOf(request), request),
          );
      } catch (error) {
        if (!refusedByService(error)) throw error;
        return itemPage(request, reply, error.code);
      }
      return reply.redirect(`/committee/items/${segment(itemId)}?done=${done}`, 303);
    };

  scope.post(
    '/committee/items/:itemId/preparation',
    itemAction('preparation', (form) => ({ assessment: field(form, 'assessment') }), 'itemPrepared'),
  );
  scope.post('/committee/items/:itemId/decisions', itemAction('decisions', decisionBody, 'decisionRecorded'));
  scope.post(
    '/committee/items/:itemId/signature',
    itemAction(
      'signature',
      (form) => ({ acknowledgeConflicts: field(form, 'acknowledgeConflicts') === 'on' }),
      'signed',
    ),
  );
  scope.post(
    '/committee/items/:itemId/conflicts-of-interest',
    itemAction(
      'conflicts-of-interest',
      (form, request) => ({
        accountId: principalOf(request).userId,
        ...(optional(form, 'reason') ? { reason: field(form, 'reason') } : {}),
      }),
      'conflictDeclared',
    ),
  );
};
