import { defineAccess } from '@relais/service-kit';

/** The roles that have notifications: each sees its own and its team queue's, nothing else. */
const READERS = ['social_worker', 'placement_officer', 'safety_officer'] as const;
/** Staff who accompany a person: they follow persons and hand the worker their information sheet. */
const COMPANIONS = ['social_worker', 'placement_officer'] as const;

const notification = { record: 'notification' } as const;
const sheet = { record: 'information_sheet' } as const;

/**
 * Who may do what in notifications. Everyone reads only what is addressed to them or queued to
 * one of their roles (the service filters by the token's user and roles); reads that name persons
 * are audited. Committee members, administrators and the platform operator receive no
 * notifications here: none of these routes is theirs.
 */
export const access = defineAccess({
  'GET /notifications': { roles: READERS, audit: notification },
  'GET /notifications/unread-count': { roles: READERS },
  'GET /notifications/stream': { roles: READERS },
  'GET /notifications/:notificationId': { roles: READERS, audit: notification },
  'POST /notifications/:notificationId/read': { roles: READERS, audit: notification },
  'POST /notifications/:notificationId/acknowledgement': { roles: READERS, audit: notification },
  'GET /notification-preferences': { roles: READERS },
  'PUT /notification-preferences': { roles: READERS },
  'GET /persons/:personId/followers': {
    roles: COMPANIONS,
    audit: { record: 'follower', personParam: 'personId' },
  },
  'POST /persons/:personId/followers': {
    roles: COMPANIONS,
    audit: { record: 'follower', personParam: 'personId' },
  },
  'DELETE /persons/:personId/followers/me': {
    roles: COMPANIONS,
    audit: { record: 'follower', personParam: 'personId' },
  },
  'GET /persons/:personId/information-sheets': {
    roles: COMPANIONS,
    audit: { ...sheet, personParam: 'personId' },
  },
  'GET /information-sheets/:sheetId': { roles: COMPANIONS, audit: sheet },
  'POST /information-sheets/:sheetId/delivery': { roles: COMPANIONS, audit: sheet },
});
