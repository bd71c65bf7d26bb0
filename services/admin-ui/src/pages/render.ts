import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fileURLToPath } from 'node:url';
import { sessionOf } from '../session/session-data.ts';
import { formatsFor } from './format.ts';
import { DEFAULT_LOCALE, localeOf, type Locale, type Translate } from './i18n.ts';
import { navigationFor } from './nav.ts';
import { unreadCountOf } from './unread.ts';

/** The cookie holding the chosen language (not personal: `fr-BE` or `nl-BE`). */
export const LANGUAGE_COOKIE = 'relais_lang';

/** The language of a request: the one chosen (cookie), else French. */
export const localeOfRequest = (request: FastifyRequest): Locale =>
  localeOf(request.cookies[LANGUAGE_COOKIE]) ?? DEFAULT_LOCALE;

/**
 * The confirmation a page shows after a form redirected to it (`?done=outcomeRecorded`): only a
 * key of the translations' `done` section, so a crafted link cannot make a page say anything else.
 */
const doneOf = (request: FastifyRequest, t: Translate): string | null => {
  const done = (request.query as { done?: unknown } | undefined)?.done;
  if (typeof done !== 'string' || !/^[a-zA-Z]{1,40}$/.test(done)) return null;
  return t(`done.${done}`, { defaultValue: '' }) === '' ? null : done;
};

/** Renders the pages' templates (`views/`), escaping every value printed with `<%= %>`. */
export interface PageRenderer {
  /** Renders a page in the request's language with the layout's data (user, navigation, CSRF token). */
  page(
    request: FastifyRequest,
    reply: FastifyReply,
    view: string,
    data: Record<string, unknown>,
    status?: number,
  ): FastifyReply;
  /** The translation function of a request's language. */
  t(request: FastifyRequest): Translate;
}

/** The renderer, with compiled templates cached (they do not change while the edge runs). */
export const createRenderer = (
  translations: (locale: Locale) => Translate,
  reaches: (service: string) => boolean,
): PageRenderer => {
  const eta = new Eta({
    views: fileURLToPath(new URL('../../views', import.meta.url)),
    cache: true,
    autoEscape: true,
  });
  return {
    t: (request) => translations(localeOfRequest(request)),
    page(request, reply, view, data, status = 200) {
      const locale = localeOfRequest(request);
      const user = sessionOf(request)?.user ?? null;
      const path = request.url.split('?')[0] ?? '/';
      const t = translations(locale);
      const html = eta.render(`./${view}`, {
        done: doneOf(request, t),
        ...data,
        t,
        f: formatsFor(locale),
        locale,
        user,
        path,
        here: request.url,
        nav: user ? navigationFor(user.roles, path, reaches) : [],
        csrfToken: user ? reply.generateCsrf() : '',
        unread: unreadCountOf(request),
      });
      return reply.status(status).type('text/html; charset=utf-8').send(html);
    },
  };
};
