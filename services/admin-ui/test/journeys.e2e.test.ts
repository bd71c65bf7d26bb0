import { belgianDay } from '@relais/service-kit';
import { candidateReferral, placementFlow, testKafka } from '@relais/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_VILLE, demoAccount } from '../src/demo/demo-accounts.ts';
import {
  callAs,
  expectAccessible,
  launchBrowser,
  openPage,
  reloadUntil,
  screenshot,
  signInAs,
} from './browser.ts';
import { startSystem, type RunningSystem } from './system.ts';

const today = belgianDay(new Date());
const email = (role: Parameters<typeof demoAccount>[1]) => demoAccount(DEMO_VILLE, role).email;
let system: RunningSystem;
let browser: Browser;
let flow: ReturnType<typeof placementFlow>;
let approvedHost: { hostId: string; siteId: string };

/** Waits for the page's main content to say something (the failure shows what it says instead). */
const shows = async (page: Page, text: string) => {
  await expect.poll(async () => page.locator('main').textContent(), { timeout: 10_000 }).toContain(text);
};

/** Looks at a screen as its user sees it: a screenshot kept as an artifact, and axe's verdict. */
const look = async (page: Page, journey: string, name: string) => {
  await screenshot(page, journey, name);
  await expectAccessible(page);
};

beforeAll(async () => {
  system = await startSystem('pages');
  browser = await launchBrowser();
  flow = placementFlow({
    placementUrl: system.stack.service('placement').url,
    tenantId: DEMO_VILLE.id,
    kafka: testKafka(inject('kafkaBrokers')),
    topicPrefix: system.stack.prefix,
  });
  await flow.ensureSkills(['cooking', 'cleaning']);
  approvedHost = await flow.approvedHost(today);
});

afterAll(async () => {
  await browser.close();
  await system.close();
});

// Each journey waits on pages and on events between services. Alone one takes 3–16 s; in the whole
// suite on two cores they took up to 41 s, and the safety officer's once passed the default 60 s
// (CI, 2026-12-06). Their own waits fail sooner and name the step; this bound is only the backstop.
describe('the pages, in a real browser against the running services', { timeout: 120_000 }, () => {
  it('sends a visitor without a session to the sign-in page, in French, and back where they were going after it', async () => {
    const page = await openPage(browser, system.url);
    await page.goto('/candidates');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getAttribute('html', 'lang')).toBe('fr-BE');
    await look(page, 'sign-in', '01-sign-in');
    await page.getByLabel('Adresse e-mail').fill(email('placement_officer'));
    await page.getByLabel('Mot de passe').fill('not-the-password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain("L'adresse e-mail ou le mot de passe n'est pas correct");
    await look(page, 'sign-in', '02-wrong-password');
    await page.getByLabel('Mot de passe').fill('relais-demo-2026');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL((url) => url.pathname === '/candidates');
  });

  it('switches to Dutch and back, the choice kept across pages, with Belgian date formats', async () => {
    const page = await openPage(browser, system.url);
    await signInAs(page, email('placement_officer'));
    await page.getByRole('button', { name: 'Nederlands' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.getAttribute('html', 'lang')).toBe('nl-BE');
    await expect.poll(() => page.locator('h1').textContent()).toContain('Goedendag');
    expect(await page.locator('.lead').textContent()).toMatch(
      /(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) \d{1,2} [a-z]+ \d{4}/,
    );
    await page.getByRole('link', { name: 'Gebruikers' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Gebruikers');
    await look(page, 'language', '01-hosts-in-dutch');
    await page.getByRole('button', { name: 'Français' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Utilisateurs');
  });

  it('placement officer: registers a host, opens a post, reads the matching and its exclusions, presents, records the host’s choice and proposes', async () => {
    const fits = await flow.availableCandidate({
      firstName: 'Nadia',
      lastName: 'Matchée',
      skills: ['cooking'],
    });
    await flow.availableCandidate({
      firstName: 'Jonas',
      lastName: 'Écarté',
      languages: [{ code: 'nl', level: 'A1' }],
    });
    const page = await openPage(browser, system.url);
    await signInAs(page, email('placement_officer'));
    await look(page, 'placement-officer', '01-dashboard');

    await page.getByRole('link', { name: 'Utilisateurs' }).click();
    await page.getByRole('link', { name: 'Enregistrer un utilisateur' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('ASBL Les Jardins de Forest');
    await page.getByLabel("Numéro d'entreprise (BCE)").fill('0000000000');
    await page.getByLabel('Secteur').fill('green_spaces');
    await page.getByLabel('Nom du tuteur').fill('Tuteur');
    await page.getByLabel('Nom du lieu').fill('Serres');
    await page.getByLabel('Adresse').fill('Rue du Parc 3');
    await page.getByLabel('Commune').fill('Forest');
    await page.getByLabel('Latitude').fill('50,81');
    await page.getByLabel('Longitude').fill('4,32');
    await page.getByRole('button', { name: "Enregistrer l'utilisateur" }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('BCE');
    await look(page, 'placement-officer', '02-host-refused');
    await page.getByLabel("Numéro d'entreprise (BCE)").fill('0202239951');
    await page.getByRole('button', { name: "Enregistrer l'utilisateur" }).click();
    await shows(page, 'attend sa visite de prévention');
    await expect.poll(() => page.locator('h1').textContent()).toContain('ASBL Les Jardins de Forest');
    await look(page, 'placement-officer', '03-host-registered');

    await page.goto(`/hosts/${approvedHost.hostId}`);
    await page.getByRole('link', { name: 'Ouvrir un poste' }).click();
    await page.getByLabel('Intitulé').fill('Commis de cuisine');
    await page.getByLabel('Tâches').fill('Préparation des légumes, plonge');
    await page.getByLabel('Français').selectOption('A2');
    await page.locator('input[name="desiredSkills"][value="cooking"]').check();
    await look(page, 'placement-officer', '04-position-form');
    await page.getByRole('button', { name: 'Ouvrir le poste' }).click();
    await shows(page, 'Le poste est ouvert');

    const ranked = page.getByRole('table', { name: 'Candidats classés' });
    await expect.poll(() => ranked.textContent()).toContain('Nadia Matchée');
    const excluded = page.getByRole('table', { name: 'Candidats écartés et leur motif' });
    await expect.poll(() => excluded.textContent()).toContain('Jonas Écarté');
    expect(await excluded.textContent()).toContain('Niveau de langue');
    await ranked.getByText('Pourquoi ce classement ?').first().click();
    expect(await ranked.getByRole('table', { name: 'Facteurs du score' }).first().textContent()).toContain(
      "Temps d'attente",
    );
    await look(page, 'placement-officer', '05-matching');

    await page.locator(`#pick-${fits.id}`).check();
    await page.getByRole('button', { name: "Présenter à l'utilisateur" }).click();
    await shows(page, 'La présentation');
    await look(page, 'placement-officer', '06-shortlist');
    await page.getByRole('button', { name: 'Enregistrer le choix' }).click();
    await shows(page, "Le choix de l'utilisateur");
    await page.getByLabel('Début du contrat').fill(today);
    await page.getByRole('button', { name: 'Envoyer au comité spécial' }).click();
    await page.waitForURL((url) => url.pathname === '/proposals');
    expect(await page.getByRole('table').textContent()).toContain('Nadia Matchée');
    expect(await page.getByRole('table').textContent()).toContain('Attend le comité spécial');
    await look(page, 'placement-officer', '07-proposals');

    await page.getByRole('link', { name: 'Candidats' }).click();
    await page.getByRole('link', { name: 'Matchée, Nadia' }).click();
    expect(await page.getByRole('table').last().textContent()).toContain('Présenté');
    await look(page, 'placement-officer', '08-candidate');
  });

  it('safety officer: sees the new host, plans its pre-approval visit, fills the checklist, and the host is cleared', async () => {
    const page = await openPage(browser, system.url);
    await signInAs(page, email('safety_officer'));
    await look(page, 'safety-officer', '01-dashboard');
    await page.getByRole('link', { name: 'Sécurité des utilisateurs' }).click();
    await reloadUntil(
      page,
      async () => (await page.locator('main').textContent())?.includes('ASBL Les Jardins de Forest') ?? false,
      'the host registered by the officer',
    );
    await look(page, 'safety-officer', '02-hosts');
    await page.getByRole('link', { name: 'ASBL Les Jardins de Forest' }).click();
    await page.getByRole('link', { name: 'Planifier une visite' }).click();
    expect(await page.getByLabel('Type de visite').inputValue()).toBe('pre_approval');
    await page.getByLabel('Date de la visite').fill(today);
    await page.getByRole('button', { name: 'Planifier une visite' }).click();
    await shows(page, 'planifiée');
    await look(page, 'safety-officer', '03-visit-form');
    await page.getByRole('button', { name: 'Enregistrer le rapport' }).click();
    await shows(page, 'Le rapport de visite est enregistré');
    expect(await page.locator('main').textContent()).toContain('Favorable');
    await look(page, 'safety-officer', '04-visit-report');
    await page.getByRole('navigation').getByRole('link', { name: 'Calendrier des visites' }).click();
    expect(await page.locator('main').textContent()).toContain('Visite préalable à l');
    await look(page, 'safety-officer', '05-calendar');
    await page.getByRole('link', { name: 'Sécurité des utilisateurs' }).click();
    await page.getByRole('link', { name: 'ASBL Les Jardins de Forest' }).click();
    await reloadUntil(
      page,
      async () => (await page.locator('h1').textContent())?.includes('Feu vert') ?? false,
      'the host cleared',
    );
    expect(await page.getByRole('table').textContent()).toContain('visite préalable favorable');
    await look(page, 'safety-officer', '06-host-safety');
  });

  it('social worker and placement officer: a trial that is not conclusive reopens the income from the next day, and the person’s timeline shows it with no gap', async () => {
    const worker = await openPage(browser, system.url);
    await signInAs(worker, email('social_worker'));
    const person = await callAs<{ id: string }>(
      worker,
      'POST',
      '/api/placement/candidates',
      candidateReferral({ firstName: 'Sarah', lastName: 'Parcours', skills: ['cooking'] }),
    );
    await callAs(worker, 'POST', `/api/income-continuity/persons/${person.id}/integration-income`, {
      startDate: '2026-01-01',
      category: 'single',
    });
    await worker.getByRole('link', { name: 'Mes personnes' }).click();
    await worker.getByRole('link', { name: 'Parcours, Sarah' }).click();
    await look(worker, 'social-worker', '01-person-before-placement');
    // The person's case as it stands today, for an appeal, is one link away.
    const caseLink = worker.getByRole('link', { name: 'Dossier à une date (recours)' });
    expect(await caseLink.getAttribute('href')).toBe(`/statistics/case?personId=${person.id}&date=${today}`);

    // A colleague's inbox stays open: its count and notice change as the case moves, without a reload.
    const inbox = await openPage(browser, system.url);
    await signInAs(inbox, email('social_worker'));
    await inbox.goto('/notifications');
    const countBefore = await inbox.locator('#unread-count').textContent();
    expect(await inbox.locator('#new-notifications').isHidden()).toBe(true);

    const officer = await openPage(browser, system.url);
    await signInAs(officer, email('placement_officer'));
    await officer.goto(`/candidates/${person.id}`);
    await officer.getByLabel('Étape suivante et motif').selectOption('in_preparation:intake_started');
    await officer.getByRole('button', { name: 'Enregistrer' }).click();
    await shows(officer, 'changement de statut');
    await officer.getByLabel('Étape suivante et motif').selectOption('available:ready_for_matching');
    await officer.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => officer.locator('h1').textContent()).toContain('Disponible');

    const position = await flow.openPosition(approvedHost);
    await flow.engage(position.id, person.id, today, today);
    await officer.getByRole('link', { name: "Périodes d'essai" }).click();
    await reloadUntil(
      officer,
      async () => (await officer.locator('main').textContent())?.includes('Sarah Parcours') ?? false,
      'the trial period',
    );
    await look(officer, 'placement-officer', '09-trials');
    // A work accident during the placement, recorded from the person's file: the visit follows.
    await officer.goto(`/persons/${person.id}`);
    await officer.getByRole('link', { name: 'Enregistrer un accident' }).click();
    await officer.getByLabel("Ce qui s'est passé").fill('Coupure à la main en épluchant des légumes.');
    await officer.getByLabel("Jours d'incapacité").fill('2');
    await look(officer, 'placement-officer', '11-accident-form');
    await officer.getByRole('button', { name: "Enregistrer l'accident" }).click();
    await shows(officer, "L'accident du travail est enregistré");
    await officer.getByRole('link', { name: "Périodes d'essai" }).click();
    await officer.getByRole('link', { name: 'Sarah Parcours' }).click();
    await officer.getByLabel('Non concluante').check();
    await officer.getByLabel('Dernier jour presté').fill(today);
    await officer.getByLabel('Motif').selectOption('tasks_not_matching_skills');
    await officer
      .getByLabel("Analyse de l'agent d'insertion")
      .fill('Les tâches demandaient une expérience en cuisine collective.');
    await look(officer, 'placement-officer', '10-trial-outcome-form');
    await officer.getByRole('button', { name: "Enregistrer l'issue" }).click();
    await shows(officer, "L'issue de la période d'essai");

    await expect.poll(() => inbox.locator('#new-notifications').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await inbox.locator('#unread-count').textContent()).not.toBe(countBefore);
    await look(inbox, 'social-worker', '03-inbox-live-update');
    await worker.reload();
    await reloadUntil(
      worker,
      async () =>
        (await worker.locator('main').textContent())?.includes("Revenu d'intégration rouvert") ?? false,
      'the reopened income',
    );
    expect(await worker.locator('#no-gap').textContent()).toContain('Aucun jour sans revenu');
    const story = await worker.locator('.timeline').textContent();
    expect(story).toContain("Période d'essai non concluante");
    expect(story).toContain('Début de la période d');
    expect(await worker.locator('main').textContent()).toContain(
      'Poursuivre le travail ISP avec la personne',
    );
    await look(worker, 'social-worker', '02-person-income-reopened');

    // The same chain as the statistics service rebuilt it from the events, for an appeal.
    await caseLink.click();
    await worker.waitForURL((url) => url.pathname === '/statistics/case');
    await reloadUntil(
      worker,
      async () =>
        ((await worker.locator('#case-coverage-table').textContent()) ?? '').includes(
          "Revenu d'intégration rouvert",
        ),
      'the reopening in the case on a date',
    );
    expect(await worker.locator('article.case-placement').textContent()).toContain('Non concluante');
    expect(await worker.locator('#case-coverage-table').textContent()).toContain(
      "Revenu d'intégration suspendu pendant le contrat article 60",
    );
    await look(worker, 'social-worker', '04-case-on-date');
    // Three signed-in users, nine pages and the whole chain across five services: 45–60 s when the
    // machine is loaded (the clean-clone CI run timed out at 60 s at load average 11–16).
  });

  it('signs out: the session ends and the pages ask to sign in again', async () => {
    const page = await openPage(browser, system.url);
    await signInAs(page, email('social_worker'));
    await look(page, 'social-worker', '00-dashboard');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await page.goto('/persons');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });
});
