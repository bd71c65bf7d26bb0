import { PlacementEndedV1, PlacementStartedV1 } from '@relais/contracts';
import { belgianDay } from '@relais/service-kit';
import { candidateReferral, placementFlow, testKafka } from '@relais/testing';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_VILLE, demoAccount } from '../src/demo/demo-accounts.ts';
import { addDays } from '../src/pages/today.ts';
import { expectAccessible, launchBrowser, openPage, reloadUntil, screenshot, signInAs } from './browser.ts';
import { startSystem, type RunningSystem } from './system.ts';

const today = belgianDay(new Date());
const email = (role: Parameters<typeof demoAccount>[1]) => demoAccount(DEMO_VILLE, role).email;
let system: RunningSystem;
let browser: Browser;
let followed: string;
let seenEarly: string;

const look = async (page: Page, name: string) => {
  await screenshot(page, 'outcomes', name);
  await expectAccessible(page);
};

/**
 * A placement that ended `daysAgo` days ago, as placement announces it: income-continuity plans
 * its checks at 3, 6 and 12 months (100 days ago: the 3-month check is due, not yet overdue).
 */
const endedPlacement = async (flow: ReturnType<typeof placementFlow>, personId: string, daysAgo: number) => {
  const placementId = uuidv7();
  await flow.publish(PlacementStartedV1, placementId, {
    placementId,
    personId,
    hostEmployerId: uuidv7(),
    startDate: addDays(today, -daysAgo - 300),
  });
  await flow.publish(PlacementEndedV1, placementId, {
    placementId,
    personId,
    lastWorkedDay: addDays(today, -daysAgo),
    reason: 'completed',
  });
};

/** The card of one check on the person page. */
const checkCard = (page: Page, months: number) =>
  page.locator('article.outcome-check').filter({ hasText: `Situation ${String(months)} mois après la fin` });

beforeAll(async () => {
  system = await startSystem('outcome-pages');
  browser = await launchBrowser();
  const flow = placementFlow({
    placementUrl: system.stack.service('placement').url,
    tenantId: DEMO_VILLE.id,
    kafka: testKafka(inject('kafkaBrokers')),
    topicPrefix: system.stack.prefix,
  });
  await flow.ensureSkills(['cooking']);
  const candidate = await flow.call<{ id: string }>(
    'POST',
    '/candidates',
    candidateReferral({ firstName: 'Fatima', lastName: 'Suivie' }),
  );
  followed = candidate.id;
  await endedPlacement(flow, followed, 100);
  // Someone whose checks were all left unrecorded: overdue.
  await endedPlacement(flow, uuidv7(), 400);
  // Someone whose 3-month check is due in 4 to 7 days: income-continuity takes it already.
  const early = await flow.call<{ id: string }>(
    'POST',
    '/candidates',
    candidateReferral({ firstName: 'Karim', lastName: 'Enavance' }),
  );
  seenEarly = early.id;
  await endedPlacement(flow, seenEarly, 85);
});

afterAll(async () => {
  await browser.close();
  await system.close();
});

describe('follow-up after the placement, in a real browser against the running services', () => {
  it('placement officer: lists the due and overdue checks, records a situation (a mismatch refused next to its field), then corrects it', async () => {
    const page = await openPage(browser, system.url);
    await signInAs(page, email('placement_officer'));
    await page.getByRole('link', { name: 'Suivi après placement' }).click();
    await page.waitForURL((url) => url.pathname === '/outcome-checks');
    const rows = page.locator('#outcome-checks tbody tr');
    await reloadUntil(
      page,
      async () =>
        (await rows.count()) >= 4 &&
        (await page.locator('main').textContent())?.includes('Fatima Suivie') === true,
      'the checks planned from the ended placements',
    );
    const fatima = rows.filter({ hasText: 'Fatima Suivie' });
    expect(await fatima.count()).toBe(1);
    expect(await fatima.locator('.badge').textContent()).toBe('À faire');
    expect(await rows.filter({ hasText: 'En retard' }).count()).toBe(3);
    await look(page, '01-checks-due');

    await page.getByLabel('Suivis').selectOption({ label: 'En retard' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL((url) => url.searchParams.get('standing') === 'overdue');
    expect(await rows.count()).toBe(3);
    expect(await page.locator('main').textContent()).not.toContain('Fatima Suivie');

    await page.goto('/outcome-checks');
    await page.getByRole('link', { name: 'Fatima Suivie' }).click();
    await page.waitForURL((url) => url.pathname === `/persons/${followed}`);
    const due = checkCard(page, 3);
    expect(await due.locator('.current-situation').textContent()).toContain('Pas encore enregistrée');
    expect(await checkCard(page, 6).locator('form').count()).toBe(0);

    // A detail of another situation: income-continuity refuses it, the page says so at the field.
    await due.getByLabel('Situation de la personne').selectOption({ label: 'En emploi' });
    await due.getByLabel('Précision').selectOption({ label: 'Allocations complètes' });
    await due.getByRole('button', { name: 'Enregistrer la situation' }).click();
    const refused = checkCard(page, 3);
    await expect
      .poll(() => refused.locator('.field-error').textContent())
      .toContain('ne correspond pas à la situation choisie');
    expect(await refused.getByLabel('Précision').getAttribute('aria-invalid')).toBe('true');
    expect(await refused.getByLabel('Situation de la personne').inputValue()).toBe('employed');
    await look(page, '02-detail-refused');

    await refused.getByLabel('Précision').selectOption({ label: 'Contrat à durée déterminée' });
    await refused.getByRole('button', { name: 'Enregistrer la situation' }).click();
    await page.waitForURL((url) => url.searchParams.get('done') === 'situationRecorded');
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('La situation de la personne est enregistrée.');
    const recorded = checkCard(page, 3);
    expect(await recorded.locator('.current-situation').textContent()).toContain(
      'En emploi — Contrat à durée déterminée',
    );
    expect(await recorded.locator('.badge').textContent()).toBe('Enregistré');
    await look(page, '03-situation-recorded');

    await recorded.getByText('Corriger la situation enregistrée').click();
    await recorded.getByLabel('Situation de la personne').selectOption({ label: 'En formation' });
    await recorded.getByLabel('Précision').selectOption({ label: 'Formation qualifiante' });
    await recorded
      .getByLabel('Motif de la correction')
      .selectOption({ label: 'Information reçue plus tard' });
    await recorded.getByRole('button', { name: 'Enregistrer la correction' }).click();
    await page.waitForURL((url) => url.searchParams.get('done') === 'situationCorrected');
    const corrected = checkCard(page, 3);
    expect(await corrected.locator('.current-situation').textContent()).toContain(
      'En formation — Formation qualifiante',
    );
    const history = corrected.locator('tbody tr');
    expect(await history.count()).toBe(2);
    expect(await history.nth(0).textContent()).toContain('(remplacée)');
    expect(await history.nth(1).textContent()).toContain('Information reçue plus tard');
    await look(page, '04-situation-corrected');

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.goto(`/persons/${followed}`);
    await expect.poll(() => page.locator('main').textContent()).toContain('Opvolging na de tewerkstelling');
    expect(await page.locator('main').textContent()).toContain('In opleiding — Kwalificerende opleiding');
    await look(page, '05-opvolging');
  }, 120_000);

  it('placement officer: records a situation early, up to 14 days before the check is due, the page saying it is early', async () => {
    const page = await openPage(browser, system.url);
    await signInAs(page, email('placement_officer'));
    await page.goto(`/persons/${seenEarly}`);
    await reloadUntil(
      page,
      async () => (await page.locator('article.outcome-check').count()) === 3,
      'the checks planned from the ended placement',
    );
    const early = checkCard(page, 3);
    expect(await early.locator('.badge').allTextContents()).toEqual(['À venir', 'Possible en avance']);
    expect(await early.getByRole('heading', { level: 4 }).textContent()).toBe(
      'Enregistrer la situation en avance',
    );
    const notice = (await early.locator('.early-notice').textContent()) ?? '';
    expect(notice).toContain("En avance : ce suivi n'est dû que le ");
    expect(notice).toContain("jusqu'à 14 jours avant l'échéance");
    expect(await early.getByLabel('Date du constat').inputValue()).toBe(today);
    // The 6-month check is months away: no form, the day it can be recorded instead.
    const later = checkCard(page, 6);
    expect(await later.locator('form').count()).toBe(0);
    expect(await later.locator('.recordable-from').textContent()).toContain(
      'La situation pourra être enregistrée à partir du',
    );
    await look(page, '06-early-record-form');
    // The follow-up list carries it too, among those that may be recorded early.
    await page.goto('/outcome-checks?standing=scheduled');
    const row = page.locator('#outcome-checks tbody tr', {
      has: page.locator(`a[href^="/persons/${seenEarly}"]`),
    });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('.badge').allTextContents()).toEqual(['À venir', 'Possible en avance']);
    await page.goto(`/persons/${seenEarly}`);

    await early.getByLabel('Situation de la personne').selectOption({ label: 'En formation' });
    await early.getByLabel('Précision').selectOption({ label: 'Cours de langue' });
    await early.getByRole('button', { name: 'Enregistrer la situation' }).click();
    await page.waitForURL((url) => url.searchParams.get('done') === 'situationRecorded');
    const recorded = checkCard(page, 3);
    expect(await recorded.locator('.current-situation').textContent()).toContain(
      'En formation — Cours de langue',
    );
    expect(await recorded.locator('.badge').allTextContents()).toEqual(['Enregistré']);
    expect(await recorded.locator('.early-notice').count()).toBe(0);

    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.goto(`/persons/${seenEarly}`);
    await expect
      .poll(() => page.locator('.recordable-from').first().textContent())
      .toContain('De situatie kan geregistreerd worden vanaf');
    await look(page, '07-vervroegd');
  }, 120_000);

  it('social worker: sees the follow-up list; a safety officer sees neither the list nor its entry', async () => {
    const social = await openPage(browser, system.url);
    await signInAs(social, email('social_worker'));
    await social.getByRole('link', { name: 'Suivi après placement' }).click();
    await social.waitForURL((url) => url.pathname === '/outcome-checks');
    await expect.poll(() => social.locator('#outcome-checks tbody tr').count()).toBeGreaterThanOrEqual(3);

    const safety = await openPage(browser, system.url);
    await signInAs(safety, email('safety_officer'));
    expect(await safety.getByRole('link', { name: 'Suivi après placement' }).count()).toBe(0);
    expect((await safety.goto('/outcome-checks'))?.status()).toBe(403);
  });
});
