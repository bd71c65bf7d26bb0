import { addDays } from './days.ts';
import type { FindingSeverity } from './findings.ts';
import type { SafetyStatus } from './model.ts';
import type { VisitKind, VisitStatus } from './visit.ts';

/** What the status of one host is derived from: its visits, findings, actions and accidents. */
export interface SafetyFacts {
  readonly visits: readonly {
    readonly id: string;
    readonly kind: VisitKind;
    readonly status: VisitStatus;
    readonly completedOn: string | null;
    readonly dueBy: string;
  }[];
  readonly findings: readonly {
    readonly id: string;
    readonly visitId: string;
    readonly severity: FindingSeverity;
    readonly status: 'open' | 'closed';
  }[];
  readonly actions: readonly {
    readonly findingId: string;
    readonly status: 'open' | 'closed';
    readonly deadline: string;
  }[];
  readonly accidents: readonly { readonly severity: string; readonly postAccidentVisitId: string }[];
}

/** The derived status, its reason code and the visit it rests on. */
export interface DerivedStatus {
  readonly status: SafetyStatus;
  readonly reasonCode: string;
  readonly visitId: string | null;
  /** When the next periodic visit is due (null before the host is first cleared). */
  readonly nextPeriodicDue: string | null;
}

const serious = (severity: FindingSeverity) => severity !== 'minor';

/**
 * The host's safety status, a pure function of the facts (issue 4):
 * - `blocked`: an open critical finding, an overdue action on a critical finding, or a severe
 *   accident whose post-accident visit is not done;
 * - `not_assessed`: no pre-approval visit yet whose major and critical findings are all closed;
 * - `visit_overdue`: the periodic visit (interval per CPAS and risk level) or a post-accident
 *   visit is late;
 * - `cleared_with_conditions`: open findings or corrective actions, none critical;
 * - `cleared` otherwise.
 * `previous` only chooses the reason code (the first clearance is the favourable pre-approval).
 */
export const deriveSafetyStatus = (
  facts: SafetyFacts,
  context: { readonly today: string; readonly periodicIntervalDays: number; readonly previous: SafetyStatus },
): DerivedStatus => {
  const { today } = context;
  const findingById = new Map(facts.findings.map((f) => [f.id, f]));
  const visitById = new Map(facts.visits.map((v) => [v.id, v]));
  const open = facts.findings.filter((f) => f.status === 'open');
  const completed = facts.visits.filter((v) => v.completedOn !== null);
  const lastVisit = completed
    .map((v) => v.completedOn ?? '')
    .sort()
    .at(-1);
  const clearedBy = completed.find(
    (v) => v.kind === 'pre_approval' && !open.some((f) => f.visitId === v.id && serious(f.severity)),
  );
  const nextPeriodicDue = clearedBy && lastVisit ? addDays(lastVisit, context.periodicIntervalDays) : null;
  const result = (
    status: SafetyStatus,
    reasonCode: string,
    visitId: string | null = null,
  ): DerivedStatus => ({
    status,
    reasonCode,
    visitId,
    nextPeriodicDue,
  });

  const lateCritical = facts.actions.find(
    (a) => a.status === 'open' && a.deadline < today && findingById.get(a.findingId)?.severity === 'critical',
  );
  if (lateCritical)
    return result('blocked', 'critical_action_overdue', findingById.get(lateCritical.findingId)?.visitId);
  const critical = open.find((f) => f.severity === 'critical');
  if (critical) return result('blocked', 'critical_finding', critical.visitId);
  const pendingSevere = facts.accidents.find(
    (a) => a.severity === 'severe' && visitById.get(a.postAccidentVisitId)?.status !== 'completed',
  );
  if (pendingSevere)
    return result('blocked', 'severe_accident_pending_visit', pendingSevere.postAccidentVisitId);

  if (!clearedBy) {
    const reported = completed.find((v) => v.kind === 'pre_approval');
    return reported
      ? result('not_assessed', 'pre_approval_findings_open', reported.id)
      : result('not_assessed', 'pre_approval_visit_pending');
  }
  const latePostAccident = facts.visits.find(
    (v) => v.kind === 'post_accident' && v.status === 'scheduled' && v.dueBy < today,
  );
  if (latePostAccident) return result('visit_overdue', 'post_accident_visit_overdue', latePostAccident.id);
  if (nextPeriodicDue !== null && nextPeriodicDue < today)
    return result('visit_overdue', 'periodic_visit_overdue');

  const first = context.previous === 'not_assessed';
  if (open.length > 0 || facts.actions.some((a) => a.status === 'open'))
    return result(
      'cleared_with_conditions',
      first ? 'pre_approval_visit_favourable_with_conditions' : 'open_findings_or_actions',
      first ? clearedBy.id : null,
    );
  return result(
    'cleared',
    first ? 'pre_approval_visit_favourable' : 'safety_conditions_met',
    first ? clearedBy.id : null,
  );
};
