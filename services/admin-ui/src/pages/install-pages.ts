import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { ServiceApp } from '@relais/service-kit';
import { fileURLToPath } from 'node:url';
import { sessionOf } from '../session/session-data.ts';
import type { PageDeps } from './page-deps.ts';
import { pageErrorHandler } from './page-errors.ts';
import { registerPageScreens } from './screens/index.ts';
import { isNotified, loadUnreadCount } from './unread.ts';

/** Forms that need no session: they check the request's origin instead of a CSRF token. */
const WITHOUT_SESSION = new Set(['/sign-in', '/language']);
/** What a person with an administrator-set password may still open: its replacement, or the way out. */
const BEFORE_PASSWORD_CHANGE = new Set(['/password', '/sign-out', '/sign-in', '/language', '/static/*']);
/** A form is a few fields; the largest (a visit report with its checklist) stays far below this. */
const FORM_LIMIT = 64 * 1024;

/**
 * The pages, in a scope of their own: HTML forms (urlencoded, no JSON) whose CSRF token is a
 * hidden field checked once the form is parsed, the style sheet and scripts as static files
 * (the Content-Security-Policy allows this site's files only: no inline script or style),
 * errors as pages, nothing cached by the browser, and a temporary password replaced first.
 */
export const registerPages = (app: ServiceApp, deps: PageDeps): void => {
  void app.register(async (scope: ServiceApp) => {
    // Pages are not the API: they stay out of the OpenAPI document (forms, not JSON contracts).
    scope.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, hide: true };
    });
    scope.removeAllContentTypeParsers();
    await scope.register(formbody, { bodyLimit: FORM_LIMIT });
    await scope.register(fastifyStatic, {
      root: fileURLToPath(new URL('../../browser/static', import.meta.url)),
      prefix: '/static/',
      index: false,
      list: false,
      maxAge: '1h',
    });
    scope.setErrorHandler(pageErrorHandler(deps.renderer));
    scope.addHook('preValidation', (request, reply, done) => {
      const route = request.routeOptions.url ?? '';
      if (request.method !== 'POST' || WITHOUT_SESSION.has(route)) {
        done();
        return;
      }
      scope.csrfProtection(request, reply, done);
    });
    scope.addHook('preHandler', async (request, reply) => {
      const route = request.routeOptions.url ?? '';
      if (sessionOf(request)?.user?.mustChangePassword && !BEFORE_PASSWORD_CHANGE.has(route)) {
        return reply.redirect('/password', 303);
      }
      return undefined;
    });
    scope.addHook('preHandler', async (request) => {
      // The header's unread badge, on pages only (not on the stream, downloads or static files).
      const user = sessionOf(request)?.user;
      const route = request.routeOptions.url ?? '';
      if (request.method !== 'GET' || !user || !deps.reaches('notifications') || !isNotified(user.roles))
        return;
      if (route === '/static/*' || route.endsWith('/stream') || route.endsWith('/minutes')) return;
      await loadUnreadCount(request, deps.api(request));
    });
    scope.addHook('onSend', async (request, reply) => {
      // Pages carry personal data: no browser or proxy keeps a copy (the back button refetches).
      if (request.routeOptions.url !== '/static/*') reply.header('cache-control', 'no-store');
      // Links name people's records: never sent to another site, but our own forms send their
      // Origin (under `no-referrer` a browser sends `Origin: null` even to its own site).
      reply.header('referrer-policy', 'same-origin');
    });
    registerPageScreens(scope, deps);
  });
};
