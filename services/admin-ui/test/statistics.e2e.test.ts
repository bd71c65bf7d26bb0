import { CoverageGapDetectedV1, HostChoiceRecordedV1 } from '@relais/contracts';
import { belgianDay } from '@relais/service-kit';
import { produceEvents, testKafka } from '@relais/testing';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// The statistics service's own event stories: the same facts its integration tests count.
import { event, hostOf, placementStory } from '../../statistics/test/events.ts';
import { DEMO_VILLE, demoAccount } from '../src/demo/demo-accounts.ts';
import { expectAccessible, launchBrowser, openPage, reloadUntil, screenshot, signInAs } from './browser.ts';
import { startSystem, type RunningSystem } from './system.ts';

const email = (role: Parameters<typeof demoAccount>[1]) => demoAccount(DEMO_VILLE, role).email;
let system: RunningSystem;
let browser: Browser;

const host = hostOf(DEMO_VILLE.id, 'Asbl Les Jardins de Démo-Ville', 'espaces verts');
// The ended trials' reopenings come from the running income-continuity, as in production. The
// first person's story also tells of their income and a rental guarantee at risk (the appeal below).
const stories = [
  ...Array.from({ length: 6 }, (_, index) =>
    placementStory(DEMO_VILLE.id, host.hostEmployerId, 'not_conclusive', {
      accident: true,
      reopening: false,
      coverage: index === 0,
    }),
  ),
  ...Array.from({ length: 2 }, () =>
    placementStory(DEMO_VILLE.id, host.hostEmployerId, 'ended_early', { reopening: false }),
  ),
  ...Array.from({ length: 5 }, () => placementStory(DEMO_VILLE.id, host.hostEmployerId, 'conclusive')),
];
const PERIOD = '/statistics?from=2026-01&to=2026-06';
const today = belgianDay(new Date());
const appellant = stories[0]?.personId ?? '';
/**
 * Before that story, another host chose the same person in January and the choice never reached
 * the committee before the host's deadline (a job lost to delays); and days without income were
 * found before the contract started.
 */
const before = [
  event(HostChoiceRecordedV1, DEMO_VILLE.id, '2026-01-12T10:00:00Z', {
    shortlistId: uuidv7(),
    positionId: uuidv7(),
    hostEmployerId: uuidv7(),
    personId: appellant,
    chosenOn: '2026-01-12',
    hostDeadline: '2026-02-01',
    presentedCount: 2,
  }),
  event(CoverageGapDetectedV1, DEMO_VILLE.id, '2026-03-09T06:00:00Z', {
    gapId: uuidv7(),
    personId: appellant,
    from: '2026-02-27',
    to: '2026-03-01',
  }),
];

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
  await produceEvents(kafka, system.stack.prefix, before, appellant);
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

    // From the host's choice to the contract: the choices and their delay come before the proposals.
    expect(await page.locator('#table-delays thead th').allTextContents()).toEqual([
      'Mois',
      'Choix des utilisateurs',
      "Jours du choix de l'utilisateur au début du contrat (médiane)",
      "Propositions d'engagement",
      'Jours de la proposition au début du contrat (médiane)',
      'Postes perdus à cause des délais',
      'Jours du dernier jour presté à la réouverture (médiane ; 1 = aucun jour sans couverture)',
    ]);
    // February: 13 choices and 13 proposals; the January choice never proposed lapsed on 1 February.
    expect(await rowOf(page, 'delays', '2026-02').locator('td').allTextContents()).toEqual([
      '13',
      '—',
      '13',
      '—',
      '< 5',
      '—',
    ]);
    // The contracts started on 2 March: 14 days after the choice, 10 after the proposal.
    expect(await rowOf(page, 'delays', '2026-03').locator('td').allTextContents()).toEqual([
      '0',
      '14',
      '0',
      '10',
      '0',
      '—',
    ]);
    expect(await page.locator('#note-delays').textContent()).toContain(
      'ne lui a jamais été proposé avant ce délai',
    );

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.goto(PERIOD);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Statistieken');
    await look(page, '02-statistieken');
  });

  it('lets a social worker open a person’s case on a date from the person page, for an appeal: every placement, the steps to the contract, the income coverage and the aid at risk', async () => {
    const page = await openPage(browser, system.url);
    await signInAs(page, email('social_worker'));
    await page.goto(`/persons/${appellant}`);
    const link = page.getByRole('link', { name: 'Dossier à une date (recours)' });
    expect(await link.getAttribute('href')).toBe(`/statistics/case?personId=${appellant}&date=${today}`);
    await link.click();
    await page.waitForURL((url) => url.pathname === '/statistics/case');
    expect(await page.getByLabel('Date').inputValue()).toBe(today);
    const placements = page.locator('article.case-placement');
    // The reopening was made by income-continuity today (the events above are back-dated): only a
    // case read as of today knows it.
    await reloadUntil(
      page,
      async () =>
        ((await page.locator('main').textContent()) ?? '').includes('rouvert à partir du 11/04/2026'),
      'the reopening by income-continuity',
    );
    expect(await placements.count()).toBe(1);
    const ended = (await placements.first().textContent()) ?? '';
    expect(ended).toContain('Non concluante — dernier jour presté le 10/04/2026 — transport');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('engagement : approuvée');
    expect(await page.locator('#case-coverage-table tbody').textContent()).toContain(
      "Revenu d'intégration rouvert",
    );
    await look(page, '04-case-after-committee');

    await page.getByLabel('Date').fill('2026-03-15');
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.waitForURL((url) => url.searchParams.get('date') === '2026-03-15');
    expect(await placements.count()).toBe(1);
    const running = (await placements.first().textContent()) ?? '';
    expect(running).toContain('commencée le 02/03/2026');
    expect(running).toContain('En cours');
    expect(running).toContain('pas de réouverture');
    expect(await page.locator('main').textContent()).not.toContain('rouvert à partir du');

    // The host's choice in January lapsed without a proposal; February's was proposed in time.
    const steps = page.locator('#case-hiring-table tbody tr');
    expect(await steps.count()).toBe(3);
    expect(await steps.nth(0).textContent()).toContain('12/01/2026');
    expect(await steps.nth(0).getAttribute('class')).toBe('risk');
    expect(await steps.nth(0).textContent()).toContain(
      "délai de l'utilisateur dépassé sans proposition au comité spécial",
    );
    expect(await steps.nth(1).textContent()).toContain('proposé au comité spécial le 20/02/2026');
    expect(await steps.nth(2).textContent()).toContain("Proposition d'engagement au comité spécial");
    expect(await steps.nth(2).textContent()).toContain('15/03/2026');

    // The days without income stand out (a notice and a highlighted row), dated among the changes.
    expect(await page.locator('#case-gaps').textContent()).toContain('1 période sans revenu');
    const coverage = page.locator('#case-coverage-table tbody tr');
    expect(await coverage.count()).toBe(2);
    expect(await coverage.nth(0).getAttribute('class')).toBe('gap');
    expect(await coverage.nth(0).locator('td').allTextContents()).toEqual([
      '27/02/2026',
      '01/03/2026',
      'Jours sans revenu',
      '—',
    ]);
    expect(await coverage.nth(1).textContent()).toContain(
      "Revenu d'intégration suspendu pendant le contrat article 60",
    );

    const aid = page.locator('#case-aid-table tbody tr');
    expect(await aid.count()).toBe(1);
    expect(await aid.first().locator('td').allTextContents()).toEqual([
      'Garantie locative',
      '10/02/2026',
      '02/03/2026',
      '05/03/2026',
      'Clôturée',
    ]);
    const events = (await page.locator('#case-events + ol').textContent()) ?? '';
    expect(events).toContain("Choix de l'utilisateur");
    expect(events).toContain("Demande d'aide menacée");
    expect(events).toContain('Jours sans revenu détectés');
    await look(page, '03-case-during-trial');

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.goto(`/statistics/case?personId=${appellant}&date=2026-03-15`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('De stand van een dossier');
    expect(await page.locator('#case-gaps').textContent()).toContain('1 periode zonder inkomen');
    expect(await aid.first().textContent()).toContain('Huurwaarborg');
    expect(await steps.nth(0).textContent()).toContain('termijn van de gebruiker overschreden');
    await look(page, '05-dossier-op-datum');
  }, 120_000);

  it('offers the link to the case on a date on the person page to the roles that read the case; the roles that may not never reach the person page', async () => {
    const officer = await openPage(browser, system.url);
    await signInAs(officer, email('placement_officer'));
    await officer.goto(`/persons/${appellant}`);
    expect(
      await officer.getByRole('link', { name: 'Dossier à une date (recours)' }).getAttribute('href'),
    ).toBe(`/statistics/case?personId=${appellant}&date=${today}`);

    for (const role of ['safety_officer', 'cpas_admin'] as const) {
      const page = await openPage(browser, system.url);
      await signInAs(page, email(role));
      const answer = await page.goto(`/persons/${appellant}`);
      expect(answer?.status(), role).toBe(403);
      expect(await page.getByRole('link', { name: 'Dossier à une date (recours)' }).count(), role).toBe(0);
    }
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
