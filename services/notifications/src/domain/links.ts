import type { NoticeContent } from './notices.ts';

/**
 * The page of the admin UI a notification leads to (documented in the README for the UI): the
 * record the reader must act on, which their own access rules then show or refuse.
 */
export const linkOf = (content: NoticeContent): string => {
  switch (content.kind) {
    case 'income_suspended':
    case 'income_reopened':
    case 'aid_at_risk':
    case 'outcome_check_due':
      return `/personnes/${content.subject.personId}`;
    case 'committee_decision': {
      const { personId, subjectKind, subjectId, decisionId } = content.subject;
      if (subjectKind === 'host_partner_approval') return `/utilisateurs/${subjectId}`;
      return personId ? `/personnes/${personId}` : `/comite/decisions/${decisionId}`;
    }
    case 'placement_started':
      return `/personnes/${content.subject.personId}/fiches-information/${content.subject.sheetId}`;
    case 'check_in_overdue':
      return `/periodes-essai/${content.subject.trialPeriodId}`;
    case 'host_blocked_placements':
    case 'host_safety_status_changed':
      return `/utilisateurs/${content.subject.hostEmployerId}`;
    case 'work_accident':
      return `/visites/${content.subject.postAccidentVisitId}`;
    default:
      return unreachable(content);
  }
};

const unreachable = (value: never): never => {
  throw new Error(`unknown notification ${JSON.stringify(value)}`);
};
