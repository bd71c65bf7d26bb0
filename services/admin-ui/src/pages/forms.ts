import type { FastifyRequest } from 'fastify';

/** A parsed form: each field once (a string) or repeated (checkboxes: an array). */
export type FormBody = Readonly<Record<string, string | string[] | undefined>>;

/** The form of a request (empty for anything but a parsed form). */
export const formOf = (request: FastifyRequest): FormBody =>
  request.body !== null && typeof request.body === 'object' ? (request.body as FormBody) : {};

/** A field's value, trimmed; the first one if repeated; '' if absent. */
export const field = (form: FormBody, name: string): string => {
  const value = form[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
};

/** Every value of a repeated field (checked checkboxes), trimmed, empty ones left out. */
export const fields = (form: FormBody, name: string): string[] => {
  const value = form[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => v.trim()).filter((v) => v !== '');
};

/** A field left empty as null (optional text the services take as `string | null`). */
export const optional = (form: FormBody, name: string): string | null => field(form, name) || null;

/**
 * A path of this site to go to after a form, or `/`: never another origin (`//host`, `/\host`,
 * `https://…`), so a crafted link cannot send someone elsewhere after signing in.
 */
export const localPath = (value: string | undefined): string =>
  value && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';

/**
 * Whether a form post comes from one of this site's pages. Forms that need no session (sign-in,
 * language) have no CSRF token to check: the browser's own word is checked instead —
 * `Sec-Fetch-Site` where the browser sends it (every current one), else `Origin`, which must name
 * this site (`null`, sent by pages that hide their origin, is refused) — so another site cannot
 * sign someone in under an account of its choosing. A client sending neither is no browser.
 */
export const fromThisSite = (request: FastifyRequest): boolean => {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
};

/** Wants a page rather than problem details (a browser's navigation or form post). */
export const wantsPage = (request: FastifyRequest): boolean =>
  request.headers.accept?.includes('text/html') ?? false;
