import type { PageApi } from './page-api.ts';
import type { CandidateSummary, Host, Page, SafetyHost } from './service-types.ts';

/** The largest page the services give; a CPAS follows a few hundred people and hosts at most. */
const MANY = 200;

/** Names of the candidates a list of ids refers to (matches, shortlists and proposals name ids only). */
export const candidateNames = async (api: PageApi): Promise<ReadonlyMap<string, string>> => {
  const list = await api.get<Page<CandidateSummary>>('placement', `/candidates?limit=${String(MANY)}`);
  return new Map(list.items.map((c) => [c.id, `${c.firstName} ${c.lastName}`]));
};

/** Names of the host employers, as placement knows them. */
export const hostNames = async (api: PageApi): Promise<ReadonlyMap<string, string>> => {
  const list = await api.get<Page<Host>>('placement', `/hosts?limit=${String(MANY)}`);
  return new Map(list.items.map((h) => [h.id, h.name]));
};

/** The host employers as safety-visits knows them (with their safety status). */
export const safetyHosts = async (api: PageApi): Promise<readonly SafetyHost[]> =>
  (await api.get<Page<SafetyHost>>('safety-visits', `/hosts?limit=${String(MANY)}`)).items;
