import type { Actor, SafetyHost, Site } from './model.ts';
import type { ChecklistTemplate } from './report.ts';
import { REQUIRED_ITEM_CODES } from './report.ts';

/** Shared givens of the domain's unit tests. */
export const TODAY = '2026-03-02';
export const tenantId = '0190a000-0000-7000-8000-000000000001';
export const officer: Actor = { id: '0190a000-0000-7000-8000-000000000009', role: 'safety_officer' };
export const host: SafetyHost = {
  id: '0190a000-0000-7000-8000-000000000005',
  tenantId,
  enterpriseNumber: '0123.456.749',
  name: 'Les Tilleuls',
  legalType: 'asbl',
  sector: 'care',
  riskLevel: 'standard',
  assignedSafetyOfficerId: null,
  safetyStatus: 'not_assessed',
  statusReason: 'host_registered',
  statusSince: null,
  nextPeriodicDue: null,
};
export const site: Site = {
  id: 's1',
  hostEmployerId: host.id,
  name: 'Main',
  address: 'Rue Haute 1',
  commune: 'Bruxelles',
};
export const template: ChecklistTemplate = {
  id: 't1',
  tenantId: null,
  version: 1,
  effectiveFrom: '2000-01-01',
  items: REQUIRED_ITEM_CODES.map((code) => ({ code, labelFr: code, labelNl: code })),
};
/** Every item compliant, except those given. */
export const answers = (notCompliant: readonly string[] = []) =>
  template.items.map((i) =>
    notCompliant.includes(i.code)
      ? { code: i.code, result: 'not_compliant' as const, note: 'missing' }
      : { code: i.code, result: 'compliant' as const, note: null },
  );
