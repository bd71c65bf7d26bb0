import { checkRole, conflict, invalid, type Actor, type Role } from './model.ts';

/** How serious a finding is: a critical one blocks new placements until it is closed. */
export const FINDING_SEVERITIES = ['minor', 'major', 'critical'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Something a visit found wrong, possibly tied to a checklist item. */
export interface Finding {
  readonly id: string;
  readonly tenantId: string;
  readonly visitId: string;
  readonly hostEmployerId: string;
  readonly itemCode: string | null;
  readonly severity: FindingSeverity;
  readonly description: string;
  readonly status: 'open' | 'closed';
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly closeNote: string | null;
}

/** A corrective action: who does what by when; closed only with evidence. */
export interface CorrectiveAction {
  readonly id: string;
  readonly tenantId: string;
  readonly findingId: string;
  readonly hostEmployerId: string;
  readonly description: string;
  /** Who must act (e.g. "utilisateur — responsable technique"): a function, not a person's name. */
  readonly owner: string;
  readonly deadline: string;
  readonly status: 'open' | 'closed';
  readonly openedOn: string;
  readonly overdueSince: string | null;
  readonly closedOn: string | null;
  readonly evidence: string | null;
}

const SAFETY: readonly Role[] = ['safety_officer'];

/** Every change of findings and actions and who may make it. */
export const FOLLOW_UP_TRANSITIONS = {
  openAction: { roles: SAFETY },
  closeAction: { roles: SAFETY },
  closeFinding: { roles: SAFETY },
} as const satisfies Record<string, { roles: readonly Role[] }>;

/** Opens a corrective action on an open finding, due on a day not already past. */
export const openCorrectiveAction = (
  finding: Finding,
  command: { readonly description: string; readonly owner: string; readonly deadline: string },
  by: Actor,
  today: string,
  id: string,
): CorrectiveAction => {
  checkRole(FOLLOW_UP_TRANSITIONS.openAction.roles, by, 'open a corrective action');
  if (finding.status !== 'open') throw conflict('FINDING_CLOSED', `finding ${finding.id} is closed`);
  if (command.deadline < today)
    throw invalid(
      'ACTION_DEADLINE_IN_PAST',
      `the deadline ${command.deadline} is before today ${today}`,
      'deadline',
    );
  return {
    ...command,
    id,
    tenantId: finding.tenantId,
    findingId: finding.id,
    hostEmployerId: finding.hostEmployerId,
    status: 'open',
    openedOn: today,
    overdueSince: null,
    closedOn: null,
    evidence: null,
  };
};

/**
 * Closes an action with the evidence noted; when it was the finding's last open action, the
 * finding closes with it (a finding is closed only when all its actions are).
 */
export const closeCorrectiveAction = (
  action: CorrectiveAction,
  finding: Finding,
  siblings: readonly CorrectiveAction[],
  evidence: string,
  by: Actor,
  today: string,
): { readonly action: CorrectiveAction; readonly finding: Finding } => {
  checkRole(FOLLOW_UP_TRANSITIONS.closeAction.roles, by, 'close a corrective action');
  if (action.status !== 'open') throw conflict('ACTION_ALREADY_CLOSED', `action ${action.id} is closed`);
  if (evidence.trim() === '')
    throw invalid('EVIDENCE_REQUIRED', 'an action is closed only with the evidence noted', 'evidence');
  const closed: CorrectiveAction = {
    ...action,
    status: 'closed',
    closedOn: today,
    evidence: evidence.trim(),
  };
  const othersOpen = siblings.some((a) => a.id !== action.id && a.status === 'open');
  return {
    action: closed,
    finding:
      othersOpen || finding.status === 'closed'
        ? finding
        : { ...finding, status: 'closed', closedOn: today, closeNote: 'all corrective actions closed' },
  };
};

/**
 * Closes a finding by hand: never while one of its actions is open, and a major or critical
 * finding only after at least one corrective action was closed with evidence.
 */
export const closeFinding = (
  finding: Finding,
  actions: readonly CorrectiveAction[],
  note: string,
  by: Actor,
  today: string,
): Finding => {
  checkRole(FOLLOW_UP_TRANSITIONS.closeFinding.roles, by, 'close a finding');
  if (finding.status !== 'open') throw conflict('FINDING_CLOSED', `finding ${finding.id} is closed`);
  if (actions.some((a) => a.status === 'open'))
    throw conflict('FINDING_HAS_OPEN_ACTIONS', `finding ${finding.id} still has open corrective actions`);
  if (finding.severity !== 'minor' && !actions.some((a) => a.status === 'closed'))
    throw conflict(
      'FINDING_NEEDS_CORRECTIVE_ACTION',
      `a ${finding.severity} finding closes only through a corrective action closed with evidence`,
    );
  return { ...finding, status: 'closed', closedOn: today, closeNote: note };
};

/** Flags an open action whose deadline has passed; undefined when it is not (or already) overdue. */
export const markActionOverdue = (action: CorrectiveAction, today: string): CorrectiveAction | undefined =>
  action.status === 'open' && action.overdueSince === null && action.deadline < today
    ? { ...action, overdueSince: today }
    : undefined;
