import { defineAccess, type UserRole } from '@relais/service-kit';

/** The prevention officers (conseillers en prévention): visits, checklists, findings, actions, accidents. */
const SAFETY: readonly UserRole[] = ['safety_officer'];
/** Who decides placements at a host and follows them: sees the host's safety, visits and accidents. */
const PLACING: readonly UserRole[] = ['safety_officer', 'placement_officer'];
/** The committee approves a host as a partner on its safety status and pre-approval visit report. */
const DECIDING: readonly UserRole[] = [...PLACING, 'committee_member', 'committee_secretary'];
/** An accident happened to a worker: reads and changes are audited against them. */
const accident = { record: 'work_accident', personField: 'personId' } as const;

/**
 * Who may do what in safety-visits. The service holds hosts (companies), their sites, visits,
 * findings, corrective actions and work accidents; the only person it names is the worker of an
 * accident, by pseudonymous id. The CPAS administrator manages the CPAS's safety settings (the
 * checklist, a host's risk level that sets its visit interval, the officer assigned to it) and
 * sees the hosts to do so; social workers and the platform operator have nothing to do here.
 */
export const access = defineAccess({
  'POST /prevention-visits': { roles: SAFETY },
  'GET /prevention-visits': { roles: PLACING },
  // The committee reads the pre-approval visit report it decides on (its id comes with the host's
  // safety history and HostSafetyStatusChanged).
  'GET /prevention-visits/:visitId': { roles: DECIDING },
  'POST /prevention-visits/:visitId/reschedule': { roles: SAFETY },
  'POST /prevention-visits/:visitId/cancel': { roles: SAFETY },
  'POST /prevention-visits/:visitId/report': { roles: SAFETY },
  'POST /prevention-visits/:visitId/acknowledgement': { roles: SAFETY },

  'POST /findings/:findingId/actions': { roles: SAFETY },
  'POST /findings/:findingId/close': { roles: SAFETY },
  'POST /corrective-actions/:actionId/close': { roles: SAFETY },
  // Open actions are the conditions of a "cleared with conditions" host.
  'GET /corrective-actions': { roles: PLACING },

  'GET /hosts': { roles: [...DECIDING, 'cpas_admin'] },
  // The safety file lists the host's accidents, each naming its worker.
  'GET /hosts/:hostId/safety': { roles: DECIDING, audit: accident },
  'GET /hosts/:hostId/safety-history': { roles: DECIDING },
  'PUT /hosts/:hostId/safety-profile': { roles: ['safety_officer', 'cpas_admin'] },

  // The placement officer often hears of an accident first; the description may hold health data.
  'POST /work-accidents': { roles: PLACING, audit: accident },
  // Counts per host or sector, no person.
  'GET /accident-rates': { roles: PLACING },

  'GET /checklist-templates/current': { roles: ['safety_officer', 'cpas_admin'] },
  'POST /checklist-templates': { roles: ['cpas_admin'] },
});
