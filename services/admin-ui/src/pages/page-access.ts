import { ANY_ROLE, type AccessRule, type UserRole } from '@relais/service-kit';

const OFFICER: readonly UserRole[] = ['placement_officer'];
const SOCIAL: readonly UserRole[] = ['social_worker'];
const SAFETY: readonly UserRole[] = ['safety_officer'];
const COMMITTEE: readonly UserRole[] = ['committee_member', 'committee_secretary'];
const SECRETARY: readonly UserRole[] = ['committee_secretary'];
/** The roles the notifications service writes to. */
const NOTIFIED: readonly UserRole[] = ['social_worker', 'placement_officer', 'safety_officer'];
/** CPAS staff who read their CPAS's figures (never per user; small counts suppressed by the service). */
const STAFF: readonly UserRole[] = [...OFFICER, ...SOCIAL, ...SAFETY, ...COMMITTEE, 'cpas_admin'];

/** A page that reads the services: they authorise and audit each read themselves. */
const read = (roles: readonly UserRole[]): AccessRule => ({ roles });
/** A form that changes something in a service, which audits the change (not twice here). */
const change = (roles: readonly UserRole[]): AccessRule => ({ roles, audit: false });

/**
 * Who sees which page. Each role sees its own screens only (the navigation is drawn from this
 * table); the services still decide on every call the page makes in the user's name, so a page
 * opened here cannot show more than the role may read there.
 */
export const PAGE_ACCESS = {
  'GET /static/*': { public: true, reason: 'style sheet and scripts of the pages (no data)' },
  'GET /sign-in': { public: true, reason: 'the sign-in page' },
  'POST /sign-in': {
    public: true,
    reason: 'signing in from the page (same origin only; rate-limited, locked after failures)',
  },
  'POST /language': { public: true, reason: 'choosing French or Dutch (a cookie; same origin only)' },
  'GET /': read(ANY_ROLE),
  'POST /sign-out': { roles: ANY_ROLE },
  'GET /password': read(ANY_ROLE),
  'POST /password': { roles: ANY_ROLE },
  'GET /persons': read(SOCIAL),
  'GET /persons/:personId': read([...SOCIAL, ...OFFICER]),

  'GET /candidates': read(OFFICER),
  'GET /candidates/:candidateId': read(OFFICER),
  'POST /candidates/:candidateId/transitions': change(OFFICER),
  'GET /hosts': read(OFFICER),
  'GET /hosts/new': read(OFFICER),
  'POST /hosts': change(OFFICER),
  'GET /hosts/:hostId': read(OFFICER),
  'GET /positions': read(OFFICER),
  'GET /positions/new': read(OFFICER),
  'POST /positions': change(OFFICER),
  'GET /positions/:positionId': read(OFFICER),
  'POST /positions/:positionId/shortlists': change(OFFICER),
  'GET /shortlists/:shortlistId': read(OFFICER),
  'POST /shortlists/:shortlistId/choice': change(OFFICER),
  'POST /shortlists/:shortlistId/proposal': change(OFFICER),
  'GET /proposals': read(OFFICER),
  'GET /trials': read(OFFICER),
  'GET /trials/:trialId': read(OFFICER),
  'POST /trials/:trialId/outcome': change(OFFICER),
  // Issue 11: the situation after the placement, followed by ISP and the social service alike.
  'GET /outcome-checks': read([...OFFICER, ...SOCIAL]),
  'POST /persons/:personId/outcome-checks/:checkId/outcome': change([...OFFICER, ...SOCIAL]),
  'POST /persons/:personId/outcome-checks/:checkId/outcome-corrections': change([...OFFICER, ...SOCIAL]),

  'GET /visits': read(SAFETY),
  'GET /visits/new': read(SAFETY),
  'POST /visits': change(SAFETY),
  'GET /visits/:visitId': read(SAFETY),
  'POST /visits/:visitId/report': change(SAFETY),
  'POST /findings/:findingId/actions': change(SAFETY),
  'POST /corrective-actions/:actionId/close': change(SAFETY),
  'GET /safety/hosts': read(SAFETY),
  'GET /safety/hosts/:hostId': read(SAFETY),
  'GET /accidents/new': read([...SAFETY, ...OFFICER]),
  'POST /accidents': change([...SAFETY, ...OFFICER]),

  'GET /committee': read(COMMITTEE),
  'POST /committee/sessions': change(SECRETARY),
  'GET /committee/sessions/:sessionId': read(COMMITTEE),
  'POST /committee/sessions/:sessionId/items': change(SECRETARY),
  'POST /committee/sessions/:sessionId/closure': change(SECRETARY),
  'GET /committee/sessions/:sessionId/minutes': read(COMMITTEE),
  'GET /committee/items/:itemId': read(COMMITTEE),
  'POST /committee/items/:itemId/preparation': change(SECRETARY),
  'POST /committee/items/:itemId/decisions': change(COMMITTEE),
  'POST /committee/items/:itemId/signature': change(['committee_member']),
  'POST /committee/items/:itemId/conflicts-of-interest': change(COMMITTEE),

  'GET /notifications': read(NOTIFIED),
  'GET /notifications/stream': read(NOTIFIED),
  'POST /notifications/:notificationId/read': change(NOTIFIED),
  'POST /notifications/:notificationId/acknowledgement': change(NOTIFIED),

  'GET /statistics': read(STAFF),
  'GET /statistics/case': read([...SOCIAL, ...OFFICER, ...COMMITTEE]),
} as const satisfies Record<string, AccessRule>;

/** A page route of the table. */
export type PageRoute = keyof typeof PAGE_ACCESS;

/** Whether roles open a page (the navigation shows only those). */
export const opens = (roles: readonly UserRole[], route: PageRoute): boolean => {
  const rule = PAGE_ACCESS[route] as AccessRule | undefined;
  if (!rule) return false;
  return 'public' in rule || rule.roles.some((role) => roles.includes(role));
};
