import type { Finding, FindingSeverity } from './findings.ts';
import { checkRole, invalid, type Actor, type Role } from './model.ts';
import {
  checkVisitTransition,
  type ChecklistAnswer,
  type CompletedVisit,
  type PreventionVisit,
} from './visit.ts';

/** One item of a checklist template, with its labels in both languages of Brussels. */
export interface ChecklistItem {
  readonly code: string;
  readonly labelFr: string;
  readonly labelNl: string;
}

/** A version of a CPAS's checklist (or the platform default). */
export interface ChecklistTemplate {
  readonly id: string;
  readonly tenantId: string | null;
  readonly version: number;
  readonly effectiveFrom: string;
  readonly items: readonly ChecklistItem[];
}

/** The officer's report of a visit. */
export interface RecordReport {
  readonly completedOn: string;
  readonly checklist: readonly ChecklistAnswer[];
  readonly findings: readonly {
    readonly itemCode: string | null;
    readonly severity: FindingSeverity;
    readonly description: string;
  }[];
  readonly summary: string | null;
}

const checkChecklist = (template: ChecklistTemplate, command: RecordReport): void => {
  const known = new Set(template.items.map((i) => i.code));
  const answered = new Set<string>();
  command.checklist.forEach((answer, i) => {
    if (!known.has(answer.code))
      throw invalid(
        'CHECKLIST_ITEM_UNKNOWN',
        `${answer.code} is not an item of checklist v${String(template.version)}`,
        `checklist.${String(i)}.code`,
      );
    if (answered.has(answer.code))
      throw invalid(
        'CHECKLIST_ITEM_REPEATED',
        `${answer.code} is answered twice`,
        `checklist.${String(i)}.code`,
      );
    if (answer.result === 'not_compliant' && !answer.note?.trim())
      throw invalid(
        'CHECKLIST_NOTE_REQUIRED',
        `say what is not compliant in ${answer.code}`,
        `checklist.${String(i)}.note`,
      );
    answered.add(answer.code);
  });
  const missing = template.items.find((item) => !answered.has(item.code));
  if (missing) throw invalid('CHECKLIST_INCOMPLETE', `item ${missing.code} is not answered`, 'checklist');
  command.findings.forEach((finding, i) => {
    if (finding.itemCode !== null && !known.has(finding.itemCode))
      throw invalid(
        'CHECKLIST_ITEM_UNKNOWN',
        `${finding.itemCode} is not a checklist item`,
        `findings.${String(i)}.itemCode`,
      );
  });
  const unexplained = command.checklist.find(
    (a) => a.result === 'not_compliant' && !command.findings.some((f) => f.itemCode === a.code),
  );
  if (unexplained)
    throw invalid(
      'FINDING_MISSING',
      `item ${unexplained.code} is not compliant: record a finding for it`,
      'findings',
    );
};

/**
 * Completes a visit with its report: every item of the template answered once (not compliant
 * with a note and a finding), findings opened. The visit is favourable when no finding is major
 * or critical; the host's status follows from the findings still open (safety-status.ts).
 */
export const recordReport = (
  visit: PreventionVisit,
  command: RecordReport,
  template: ChecklistTemplate,
  by: Actor,
  today: string,
  newId: () => string,
): { readonly visit: CompletedVisit; readonly findings: readonly Finding[] } => {
  checkVisitTransition(visit, 'report', by);
  if (visit.status !== 'scheduled') throw new Error('unreachable: checked above');
  if (command.completedOn > today)
    throw invalid(
      'VISIT_DATE_IN_FUTURE',
      `the visit cannot have taken place after today ${today}`,
      'completedOn',
    );
  checkChecklist(template, command);
  const findings = command.findings.map((f): Finding => ({
    ...f,
    id: newId(),
    tenantId: visit.tenantId,
    visitId: visit.id,
    hostEmployerId: visit.hostEmployerId,
    status: 'open',
    openedOn: command.completedOn,
    closedOn: null,
    closeNote: null,
  }));
  const favourable = findings.every((f) => f.severity === 'minor');
  return {
    visit: {
      ...visit,
      status: 'completed',
      safetyOfficerId: visit.safetyOfficerId ?? by.id,
      overdueSince: null,
      version: visit.version + 1,
      report: {
        completedOn: command.completedOn,
        outcome: favourable ? 'favourable' : 'unfavourable',
        templateId: template.id,
        checklist: command.checklist,
        summary: command.summary,
      },
      acknowledgement: null,
    },
    findings,
  };
};

/**
 * The items every CPAS checklist keeps (issue 4's list). A CPAS may add items, never drop these:
 * "same rules as own staff" is why the visits exist (seed 004 §4.4).
 */
export const REQUIRED_ITEM_CODES = [
  'risk_analysis_available',
  'workstation_sheet',
  'ppe_free_and_fit',
  'safety_induction_given',
  'tutor_designated',
  'first_aid_and_emergency',
  'hazardous_substances',
  'health_surveillance',
  'working_hours',
  'same_rules_as_own_staff',
  'work_accident_procedure_known',
] as const;

/** Who may publish a CPAS's checklist. */
export const TEMPLATE_ROLES: readonly Role[] = ['cpas_admin'];

/** Refuses a checklist with repeated codes or without a required item. */
export const checkTemplate = (items: readonly ChecklistItem[], by: Actor): void => {
  checkRole(TEMPLATE_ROLES, by, 'publish a checklist template');
  const codes = new Set<string>();
  items.forEach((item, i) => {
    if (codes.has(item.code))
      throw invalid('CHECKLIST_ITEM_REPEATED', `${item.code} appears twice`, `items.${String(i)}.code`);
    codes.add(item.code);
  });
  const missing = REQUIRED_ITEM_CODES.find((code) => !codes.has(code));
  if (missing)
    throw invalid('CHECKLIST_REQUIRED_ITEM_MISSING', `a checklist must keep item ${missing}`, 'items');
};
