import { defineAccess } from '@relais/service-kit';

const secretary = ['committee_secretary'] as const;
/** Who reads the agenda and its items: the committee, and the staff whose proposals it decides. */
const readers = ['committee_secretary', 'committee_member', 'placement_officer', 'social_worker'] as const;
const item = { record: 'committee_item', personField: 'personId' } as const;

/**
 * Who may do what in the committee service. The secretary runs sessions and the agenda and may
 * record what the committee decided; members decide and sign; the placement officer (for the
 * ISP matters) and the social worker (for the RI and the social service's proposals) prepare the
 * items of their kind — the use case checks the kind — and read the decisions on the people
 * they follow; the CPAS administrator keeps the deadlines and costs. Safety officers and the
 * platform operator see nothing here: the items are about people.
 */
export const access = defineAccess({
  'POST /sessions': { roles: secretary },
  'GET /sessions': { roles: readers },
  'GET /sessions/:sessionId': { roles: readers, audit: { ...item, record: 'committee_session' } },
  'PATCH /sessions/:sessionId': { roles: secretary },
  'PUT /sessions/:sessionId/members': { roles: secretary },
  'POST /sessions/:sessionId/items': { roles: secretary },
  'PUT /sessions/:sessionId/order': { roles: secretary },
  'POST /sessions/:sessionId/closure': { roles: secretary },
  'GET /sessions/:sessionId/minutes': {
    roles: ['committee_secretary', 'committee_member'],
    audit: { ...item, record: 'committee_minutes' },
  },
  'GET /agenda': { roles: readers, audit: item },
  'POST /agenda/items': { roles: secretary },
  'GET /agenda/items/:itemId': { roles: readers, audit: item },
  'POST /agenda/items/:itemId/postponement': { roles: secretary },
  'POST /agenda/items/:itemId/preparation': {
    roles: ['placement_officer', 'social_worker', 'committee_secretary'],
  },
  'POST /agenda/items/:itemId/conflicts-of-interest': { roles: ['committee_member', 'committee_secretary'] },
  'POST /agenda/items/:itemId/decisions': { roles: ['committee_member', 'committee_secretary'] },
  'POST /agenda/items/:itemId/signature': { roles: ['committee_member'] },
  'GET /decisions': {
    roles: readers,
    audit: { record: 'committee_decision', personParam: 'personId', personField: 'personId' },
  },
  'POST /decisions/:decisionId/corrections': { roles: ['committee_member', 'committee_secretary'] },
  'POST /decisions/:decisionId/notification': { roles: secretary },
  'GET /settings': { roles: ['cpas_admin', 'committee_secretary'] },
  'POST /settings/deadlines': { roles: ['cpas_admin'] },
  'POST /settings/costs': { roles: ['cpas_admin'] },
});
