import { belgianDay } from '@relais/service-kit';
import { produceEvents, testKafka } from '@relais/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// The statistics service's own event stories: the same facts its integration tests count.
import { hostOf, placementStory } from '../../statistics/test/events.ts';
import { DEMO_VILLE, demoAccount } from '../src/demo/demo-accounts.ts';
import { expectAccessible, launchBrowser, openPage, reloadUntil, screenshot, signInAs } from './browser.ts';
import { startSystem, type RunningSystem } from './system.ts';

const email = (role: Parameters<typeof demoAccount>[1]) => demoAccount(DEMO_VILLE, role).email;
let system: RunningSystem;
let browser: Browser;

const host = hostOf(DEMO_VILLE.id, 'Asbl Les Jardins de Démo-Ville', 'espaces verts');
// The ended trials' reopenings come from the running income-continuity, as in production.
const stories = [
  ...Array.from({ length: 6 }, () =>
    placementStory(DEMO_VILLE.id, host.hostEmployerId, 'not_conclusive', {
      accident: true,
      reopening: false,
    }),
  ),
  ...Array.from({ length: 2 }, () =>
    placementStory(DEMO_VILLE.id, host.hostEmployerId, 'ended_early', { reopening: false }),
  ),
  ...Array.from({ length: 5 }, () => placementStory(DEMO_VILLE.id, host.hostEmployerId, 'conclusive')),
];
const PERIOD = '/statistics?from=2026-01&to=2026-06';

const look = async (page: Page, name: string) => {
  await screenshot(page, 'statistics', name);
  await expectAccessible(page);
};
const rowOf = (page: Page, table: string, month: string) =>
  page.locator(`#table-${table} tbody tr`).filter({ has: page.getByRole('rowheader', { name: month }) });

beforeAll(async () => {
  system = await startSystem('stats-pages');
  browser = await launchBrowser();
  const kafka = testKafka(inject('kafkaBrokers'));
  await produceEvents(kafka, system.stack.prefix, [host.registered]);
  for (const story of stories) await produceEvents(kafka, system.stack.prefix, story.events, story.personId);
});

afterAll(async () => {
  await browser.close();
  await system.close();
});

describe('the statistics pages, in a real browser against the running services', () => {
  it('shows the CPAS administrator charts with the table of their numbers, small counts suppressed, and a CSV download', async () => {
    const page = await openPage(browser, system.url);
    await signInAs(page, email('cpas_admin'));
    await page.getByRole('link', { name: 'Statistiques' }).click();
    await page.waitForURL((url) => url.pathname === '/statistics');
    await page.goto(PERIOD);
    await reloadUntil(
      page,
      async () => ((await rowOf(page, 'trials', '2026-04').textContent()) ?? '').includes('6'),
      'the trial outcomes of April',
    );
    await expect.poll(() => page.locator('h1').textContent()).toContain('Statistiques des mises à l');
    // Each chart is an image with a name, followed by the table of its numbers.
    const chart = page.getByRole('img', { name: "Fins des périodes d'essai" });
    await expect.poll(() => chart.count()).toBe(1);
    const april = await rowOf(page, 'trials', '2026-04').locator('td').allTextContents();
    expect(april).toEqual(['5', '6', '< 5']);
    const headers = await page.locator('#table-trials thead th').allTextContents();
    expect(headers).toEqual(['Mois', 'Concluante', 'Non concluante', 'Arrêtée avant terme']);
    expect(headers.join(' ')).not.toMatch(/échec|réussite/i);
    expect(await rowOf(page, 'placements', '2026-03').locator('td').allTextContents()).toEqual(['13']);
    expect(await rowOf(page, 'income', '2026-04').locator('td').allTextContents()).toEqual(['8', '0']);
    await expect.poll(() => page.locator('main').textContent()).toContain('Asbl Les Jardins de Démo-Ville');
    await look(page, '01-statistics');

    const href = await page.getByRole('link', { name: 'Télécharger en CSV' }).getAttribute('href');
    expect(href).toBe('/api/statistics/statistics/export.csv?from=2026-01&to=2026-06');
    const csv = await page.request.get(href ?? '');
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe('period,group_kind,group,indicator,breakdown,kind,value');
    expect(text).toContain('2026-04,cpas,,trials_ended,outcome=ended_early,count,suppressed');
    expect(text).toContain('2026-04,cpas,,trials_ended,outcome=not_conclusive,count,6');

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.goto(PERIOD);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Statistieken');
    await look(page, '02-statistieken');
  });

  it('lets a social worker see a person’s case as it stood on a date, for an appeal', async () => {
    const story = stories[0];
    if (!story) throw new Error('no story');
    const page = await openPage(browser, system.url);
    await signInAs(page, email('social_worker'));
    await page.goto('/statistics/case');
    await page.getByLabel('Identifiant de la personne').fill(story.personId);
    await page.getByLabel('Date').fill('2026-03-15');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('En cours');
    expect(await page.locator('main').textContent()).not.toContain('rouvert à partir du');
    await look(page, '03-case-during-trial');
    // The reopening was made by income-continuity today (the events above are back-dated): only a
    // case read as of today knows it.
    await page.getByLabel('Date').fill(belgianDay(new Date()));
    await page.getByRole('button', { name: 'Afficher' }).click();
    await expect.poll(() => page.locator('dl.facts').textContent()).toContain('Non concluante');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('rouvert à partir du 11/04/2026');
    // The reopening is income-continuity's own, from the day after the last worked day.
    expect(main).toContain('engagement : approuvée');
    await look(page, '04-case-after-committee');
  });

  it('shows a safety officer the figures but never a person’s case', async () => {
    const page = await openPage(browser, system.url);
    await signInAs(page, email('safety_officer'));
    await page.goto(PERIOD);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Statistiques');
    const answer = await page.goto('/statistics/case');
    expect(answer?.status()).toBe(403);
  });
});
