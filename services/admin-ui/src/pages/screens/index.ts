import type { ServiceApp } from '@relais/service-kit';
import type { PageDeps } from '../page-deps.ts';
import { registerCandidatePages } from './candidate-pages.ts';
import { registerCommitteePages } from './committee-pages.ts';
import { registerDashboardPage } from './dashboard-page.ts';
import { registerHostPages } from './host-pages.ts';
import { registerNotificationPages } from './notification-pages.ts';
import { registerOutcomePages } from './outcome-pages.ts';
import { registerPersonPages } from './person-pages.ts';
import { registerPositionPages } from './position-pages.ts';
import { registerSafetyPages } from './safety-pages.ts';
import { registerSessionPages } from './session-pages.ts';
import { registerStatisticsPages } from './statistics-pages.ts';
import { registerShortlistPages } from './shortlist-pages.ts';
import { registerTrialPages } from './trial-pages.ts';
import { registerVisitPages } from './visit-pages.ts';

/** Every screen; each registers its routes (each listed in `page-access.ts`). */
export const registerPageScreens = (scope: ServiceApp, deps: PageDeps): void => {
  registerSessionPages(scope, deps);
  registerDashboardPage(scope, deps);
  registerPersonPages(scope, deps);
  registerCandidatePages(scope, deps);
  registerHostPages(scope, deps);
  registerPositionPages(scope, deps);
  registerShortlistPages(scope, deps);
  registerTrialPages(scope, deps);
  registerOutcomePages(scope, deps);
  registerVisitPages(scope, deps);
  registerSafetyPages(scope, deps);
  registerCommitteePages(scope, deps);
  registerNotificationPages(scope, deps);
  registerStatisticsPages(scope, deps);
};
