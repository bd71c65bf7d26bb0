import type { UserRole } from '@relais/service-kit';
import { opens, type PageRoute } from './page-access.ts';

/** One entry of the navigation: a translation key, its path, and the route whose rule decides who sees it. */
interface NavEntry {
  readonly key: string;
  readonly path: string;
  readonly route: PageRoute;
  /** The optional service the screen needs; the entry shows only where the edge reaches it. */
  readonly service?: string;
}

/** The screens, in the order of a working day; each role sees those its page rules open. */
const ENTRIES: readonly NavEntry[] = [
  { key: 'nav.dashboard', path: '/', route: 'GET /' },
  { key: 'nav.persons', path: '/persons', route: 'GET /persons' },
  { key: 'nav.candidates', path: '/candidates', route: 'GET /candidates' },
  { key: 'nav.hosts', path: '/hosts', route: 'GET /hosts' },
  { key: 'nav.positions', path: '/positions', route: 'GET /positions' },
  { key: 'nav.proposals', path: '/proposals', route: 'GET /proposals' },
  { key: 'nav.trials', path: '/trials', route: 'GET /trials' },
  { key: 'nav.outcomes', path: '/outcome-checks', route: 'GET /outcome-checks' },
  { key: 'nav.visits', path: '/visits', route: 'GET /visits' },
  { key: 'nav.safetyHosts', path: '/safety/hosts', route: 'GET /safety/hosts' },
  { key: 'nav.accident', path: '/accidents/new', route: 'GET /accidents/new' },
  { key: 'nav.committee', path: '/committee', route: 'GET /committee', service: 'committee' },
  { key: 'nav.notifications', path: '/notifications', route: 'GET /notifications', service: 'notifications' },
  { key: 'nav.statistics', path: '/statistics', route: 'GET /statistics', service: 'statistics' },
];

/** The navigation of a signed-in user, the current screen marked. */
export const navigationFor = (
  roles: readonly UserRole[],
  currentPath: string,
  reaches: (service: string) => boolean,
) =>
  ENTRIES.filter(
    (entry) => opens(roles, entry.route) && (entry.service === undefined || reaches(entry.service)),
  ).map((entry) => ({
    key: entry.key,
    path: entry.path,
    current:
      entry.path === '/'
        ? currentPath === '/'
        : currentPath === entry.path || currentPath.startsWith(`${entry.path}/`),
  }));
