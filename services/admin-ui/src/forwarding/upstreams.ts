import type { AdminUiConfig } from '../config.ts';

/** The services the UI reaches through the edge, by the name in `/api/:service/…`. */
export const upstreamsOf = (config: AdminUiConfig): ReadonlyMap<string, URL> => {
  const urls: Record<string, string | undefined> = {
    placement: config.PLACEMENT_URL,
    'safety-visits': config.SAFETY_VISITS_URL,
    'trial-period': config.TRIAL_PERIOD_URL,
    'income-continuity': config.INCOME_CONTINUITY_URL,
    // Issue 8's committee and notifications services: reachable only once their URL is configured.
    committee: config.COMMITTEE_URL,
    notifications: config.NOTIFICATIONS_URL,
    statistics: config.STATISTICS_URL,
  };
  return new Map(
    Object.entries(urls).flatMap(([name, url]) => (url === undefined ? [] : [[name, new URL(url)] as const])),
  );
};
