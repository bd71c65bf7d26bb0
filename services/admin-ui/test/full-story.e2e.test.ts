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
const STORY = 'full-story';
const email = (role: Parameters<typeof demoAccount>[1]) => demoAccount(DEMO_VILLE, role).email;
let system: RunningSystem;
let browser: Browser;
const pages = {} as Record<'officer' | 'safety' | 'worker' | 'secretary' | 'member', Page>;
let sessionPath = '';

const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';
const shows = async (page: Page, text: string) => {
  await expect.poll(() => mainText(page), { timeout: 15_000 }).toContain(text);
};
const look = async (page: Page, name: string) => {
  await screenshot(page, STORY, name);
  await expectAccessible(page);
};

/**
 * The committee's two steps on one agenda item: the secretary schedules it on today's session
 * and prepares it, a member approves every proposal unanimously and signs.
 */
const decideOnItem = async (itemTitle: string, assessment: string, shot: string) => {
  const { secretary, member } = pages;
  await secretary.goto(sessionPath);
  await reloadUntil(
    secretary,
    async () =>
      (
        await secretary
          .getByLabel('Ajouter un point en attente')
          .textContent()
          .catch(() => '')
      )?.includes(itemTitle) ?? false,
    `the pending item “${itemTitle}”`,
  );
  const option = secretary
    .getByLabel('Ajouter un point en attente')
    .locator('option', { hasText: itemTitle })
    .first();
  await secretary
    .getByLabel('Ajouter un point en attente')
    .selectOption((await option.getAttribute('value')) ?? '');
  await secretary.getByRole('button', { name: "Ajouter à l'ordre du jour" }).click();
  await shows(secretary, "Le point est ajouté à l'ordre du jour");
  await secretary.getByRole('link', { name: itemTitle }).last().click();
  await secretary.getByLabel('Avis', { exact: true }).fill(assessment);
  await secretary.getByRole('button', { name: 'Enregistrer la préparation' }).click();
  await shows(secretary, 'Le point est préparé');
  const itemUrl = secretary.url().split('?')[0] ?? '';

  await member.goto(itemUrl);
  await look(member, `${shot}-item`);
  const undecided = () =>
    member.locator('article.card').filter({ hasNot: member.locator('.decision-recorded') });
  while ((await undecided().count()) > 0) {
    await undecided().first().getByRole('button', { name: 'Enregistrer la décision' }).click();
    await shows(member, 'La décision est enregistrée');
  }
  await member.getByRole('button', { name: 'Signer les décisions' }).click();
  await shows(member, 'La décision est signée');
  await look(member, `${shot}-signed`);
};

beforeAll(async () => {
  system = await startSystem('story');
  browser = await launchBrowser();
  const flow = placementFlow({
    placementUrl: system.stack.service('placement').url,
    tenantId: DEMO_VILLE.id,
    kafka: testKafka(inject('kafkaBrokers')),
    topicPrefix: system.stack.prefix,
  });
  await flow.ensureSkills(['cooking']);
  for (const [key, role] of [
    ['officer', 'placement_officer'],
    ['safety', 'safety_officer'],
    ['worker', 'social_worker'],
    ['secretary', 'committee_secretary'],
    ['member', 'committee_member'],
  ] as const) {
    pages[key] = await openPage(browser, system.url);
    await signInAs(pages[key], email(role));
  }
});

afterAll(async () => {
  await browser.close();
  await system.close();
});

describe('the full story, in a real browser, every step by the person whose job it is', () => {
  it('host approved after its visit → placement → trial not conclusive → the committee ratifies the three proposals → the social worker sees the reopened income with no gap', async () => {
    const { officer, safety, worker, secretary, member } = pages;

    // The placement officer registers the host; the safety officer visits it before approval.
    await officer.goto('/hosts/new');
    await officer.getByLabel('Nom', { exact: true }).fill('Restaurant social Le Pont');
    await officer.getByLabel("Numéro d'entreprise (BCE)").fill('0202239951');
    await officer.getByLabel('Secteur').fill('care');
    await officer.getByLabel('Nom du tuteur').fill('Tuteur du Pont');
    await officer.getByLabel('Nom du lieu').fill('Cuisine');
    await officer.getByLabel('Adresse').fill('Rue Haute 1');
    await officer.getByLabel('Commune').fill('Bruxelles');
    await officer.getByLabel('Latitude').fill('50,8466');
    await officer.getByLabel('Longitude').fill('4,3528');
    await officer.getByRole('button', { name: "Enregistrer l'utilisateur" }).click();
    await shows(officer, 'attend sa visite de prévention');
    const hostUrl = officer.url().split('?')[0] ?? '';

    await safety.goto('/visits/new');
    await reloadUntil(
      safety,
      async () =>
        (await safety.getByLabel('Utilisateur').textContent())?.includes('Restaurant social Le Pont') ??
        false,
      'the host at safety-visits',
    );
    const hostOption = safety
      .getByLabel('Utilisateur')
      .locator('option', { hasText: 'Restaurant social Le Pont' });
    await safety.getByLabel('Utilisateur').selectOption((await hostOption.getAttribute('value')) ?? '');
    await safety.getByRole('button', { name: 'Continuer' }).click();
    await safety.getByRole('button', { name: 'Planifier une visite' }).click();
    await shows(safety, 'planifiée');
    await safety.getByRole('button', { name: 'Enregistrer le rapport' }).click();
    await shows(safety, 'Favorable');
    await look(safety, '01-pre-approval-visit');

    // The secretary plans today's session; the committee approves the host as a partner.
    await member.goto('/');
    await look(member, '00-member-dashboard');
    await secretary.goto('/committee');
    await look(secretary, '00-committee');
    await secretary.getByLabel('Lieu').fill('Salle du conseil');
    await secretary.getByRole('button', { name: 'Planifier la séance' }).click();
    await shows(secretary, 'La séance est planifiée');
    sessionPath = new URL(secretary.url()).pathname;
    await decideOnItem(
      "Agrément d'un utilisateur comme partenaire",
      'Visite préalable favorable, tuteur désigné.',
      '02-host-approval',
    );
    await officer.goto(hostUrl);
    await reloadUntil(
      officer,
      async () => (await mainText(officer)).includes('Partenaire agréé'),
      'the host approved',
    );
    await look(officer, '03-host-approved');

    // The social worker's person; the placement officer prepares her, opens a post and proposes.
    const person = await callAs<{ id: string }>(
      worker,
      'POST',
      '/api/placement/candidates',
      candidateReferral({ firstName: 'Inès', lastName: 'Histoire', skills: ['cooking'] }),
    );
    await callAs(worker, 'POST', `/api/income-continuity/persons/${person.id}/integration-income`, {
      startDate: '2026-01-01',
      category: 'single',
    });
    await officer.goto(`/candidates/${person.id}`);
    await officer.getByLabel('Étape suivante et motif').selectOption('in_preparation:intake_started');
    await officer.getByRole('button', { name: 'Enregistrer' }).click();
    await shows(officer, 'changement de statut');
    await officer.getByLabel('Étape suivante et motif').selectOption('available:ready_for_matching');
    await officer.getByRole('button', { name: 'Enregistrer' }).click();
    await shows(officer, 'changement de statut');
    await officer.goto(hostUrl);
    await officer.getByRole('link', { name: 'Ouvrir un poste' }).click();
    await officer.getByLabel('Intitulé').fill('Aide-cuisinière');
    await officer.getByLabel('Tâches').fill('Préparation des repas');
    await officer.locator('input[name="desiredSkills"][value="cooking"]').check();
    await officer.getByRole('button', { name: 'Ouvrir le poste' }).click();
    await shows(officer, 'Inès Histoire');
    await officer.locator(`#pick-${person.id}`).check();
    await officer.getByRole('button', { name: "Présenter à l'utilisateur" }).click();
    await officer.getByRole('button', { name: 'Enregistrer le choix' }).click();
    await officer.getByLabel('Début du contrat').fill(today);
    await officer.getByRole('button', { name: 'Envoyer au comité spécial' }).click();
    await shows(officer, 'Inès Histoire');

    // The committee approves the engagement; the contract starts today and its trial opens.
    await decideOnItem(
      "Proposition d'engagement article 60",
      'Candidate motivée ; poste adapté.',
      '04-engagement',
    );
    await officer.goto('/trials');
    await reloadUntil(
      officer,
      async () => (await mainText(officer)).includes('Inès Histoire'),
      'the trial period',
    );

    // The trial is not conclusive: the officer records it with her analysis.
    await officer.getByRole('link', { name: 'Inès Histoire' }).click();
    await officer.getByLabel('Non concluante').check();
    await officer.getByLabel('Dernier jour presté').fill(today);
    await officer.getByLabel('Motif').selectOption('tasks_not_matching_skills');
    await officer
      .getByLabel("Analyse de l'agent d'insertion")
      .fill('Rythme de cuisine collective trop soutenu pour commencer ; une formation d’abord.');
    await officer.getByRole('button', { name: "Enregistrer l'issue" }).click();
    await shows(officer, "L'issue de la période d'essai est enregistrée");
    await look(officer, '05-trial-not-conclusive');

    // The committee ratifies the three proposals: end of the trial, the RI reopened, the ISP work going on.
    await decideOnItem(
      "Fin de période d'essai et réouverture du revenu d'intégration",
      'Les trois propositions sont conformes.',
      '06-three-proposals',
    );
    expect(await mainText(member)).toContain('formation');
    const session = await member.request.get(`${sessionPath}/minutes?lang=fr`);
    expect(session.headers()['content-type']).toContain('application/pdf');
    expect((await session.body()).subarray(0, 4).toString()).toBe('%PDF');
    await member.goto(sessionPath);
    await look(member, '07-session');

    // The social worker sees the income reopened the day after the last worked day, with no gap.
    await worker.goto(`/persons/${person.id}`);
    await reloadUntil(
      worker,
      async () => (await mainText(worker)).includes('Le comité spécial confirme la réouverture'),
      'the ratified reopening',
    );
    expect(await worker.locator('#no-gap').textContent()).toContain('Aucun jour sans revenu');
    const story = await worker.locator('.timeline').textContent();
    expect(story).toContain("Période d'essai non concluante");
    expect(story).toContain("Revenu d'intégration rouvert");
    expect(story).toContain("Décision du comité spécial : réouverture du revenu d'intégration — approuvé");
    expect(story).toContain('Décision du comité spécial : suivi ISP — approuvé');
    expect(await mainText(worker)).not.toContain('Jours sans revenu détectés');
    await look(worker, '08-social-worker-timeline');

    // And the social worker was told: the inbox has the reopening and the committee's outcome.
    await worker.goto('/notifications');
    await reloadUntil(worker, async () => (await worker.locator('.inbox').count()) > 0, 'notifications');
    await look(worker, '09-social-worker-inbox');
    await expect.poll(() => worker.locator('#unread-count').textContent()).toMatch(/\d/);
  }, 300_000);
});
