import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../src/demo/demo-accounts.ts';

/** Where screenshots go (git-ignored): one PNG per screen and journey, to look at after a run. */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Debian's Chromium (apt), never a browser playwright would download. */
export const launchBrowser = (): Promise<Browser> => {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install Debian's (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
};

/** A tablet-sized page of its own (cookies apart), as a person of one role uses it. */
export const openPage = async (browser: Browser, baseURL: string): Promise<Page> => {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1024, height: 768 },
    locale: 'fr-BE',
  });
  return context.newPage();
};

/** Signs in through the sign-in page, as a person types it. */
export const signInAs = async (page: Page, email: string, password = DEMO_PASSWORD): Promise<void> => {
  await page.goto('/sign-in');
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
};

/** Saves a full-page screenshot under test/artifacts/<journey>/<name>.png. */
export const screenshot = async (page: Page, journey: string, name: string): Promise<void> => {
  await mkdir(`${ARTIFACTS}${journey}`, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}${journey}/${name}.png`, fullPage: true });
};

/** Runs axe-core on the page: no serious or critical violation (WCAG 2.1 A and AA rules). */
export const expectAccessible = async (page: Page): Promise<void> => {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const blocking = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${String(v.impact)}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(blocking, `accessibility of ${page.url()}`).toEqual([]);
};

/** Reloads a page until it shows something (events travel between services in the background). */
export const reloadUntil = async (page: Page, shows: () => Promise<boolean>, what: string): Promise<void> => {
  const deadline = Date.now() + 30_000;
  while (!(await shows())) {
    if (Date.now() > deadline) throw new Error(`the page never showed ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.reload();
  }
};

/**
 * A call to a service through the edge with the page's session (set-up a journey does not show:
 * the social worker's referral), as the pages' own scripts would make it.
 */
export const callAs = async <T>(
  page: Page,
  method: 'GET' | 'POST',
  path: string,
  data?: unknown,
): Promise<T> => {
  const session = await page.request.get('/auth/session');
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const answer = await page.request.fetch(path, {
    method,
    headers: { 'x-csrf-token': csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  if (!answer.ok())
    throw new Error(`${method} ${path} answered ${String(answer.status())}: ${await answer.text()}`);
  return (await answer.json()) as T;
};
