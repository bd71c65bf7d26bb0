import type {
  CandidateSummary,
  Coverage,
  FollowUp,
  Placement,
  StatusChange,
  TimelineEntry,
  Trial,
} from './service-types.ts';

/** Where a moment of a person's story was recorded (each service sees only its part). */
export type StorySource = 'placement' | 'trial' | 'income' | 'follow_up' | 'committee';

/** One moment of a person's single timeline, worded by the page (`story.<source>.<kind>`). */
export interface StoryMoment {
  /** The day it took effect (`YYYY-MM-DD`). */
  readonly day: string;
  /** When it was recorded, to order moments of one day. */
  readonly at: string;
  readonly source: StorySource;
  readonly kind: string;
  /** Values the wording names (days, codes), already safe to print (the template escapes). */
  readonly params: Readonly<Record<string, string>>;
  /** Something the social worker must not miss (an uncovered day, aid at risk, a refusal). */
  readonly alert: boolean;
}

/** A committee decision about the person, as the committee lists it. */
export interface PersonDecision {
  readonly id: string;
  readonly subjectKind: string;
  readonly outcome: string;
  readonly decidedOn: string;
  readonly signedAt: string | null;
}

const ALERTS = new Set(['aid_at_risk', 'coverage_gap_detected', 'reopening_refused']);

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** What each service knows of one person, as the page could read it (absent: not readable by this role). */
export interface PersonRecords {
  readonly candidate: CandidateSummary | null;
  readonly history: readonly StatusChange[];
  readonly placements: readonly Placement[];
  readonly trials: readonly Trial[];
  readonly timeline: readonly TimelineEntry[];
  readonly followUps: readonly FollowUp[];
  readonly coverage: Coverage | null;
  readonly decisions: readonly PersonDecision[];
}

/**
 * The person's one story across services, newest first: the referral and each status change,
 * placements, trial periods and their outcome, what happened to the income (suspension,
 * reopening, decisions, gaps), the continued follow-up and the committee's decisions — so nobody
 * asks the person to tell it again (DOMAIN.md, story 5).
 */
export const personStory = (records: PersonRecords): StoryMoment[] => {
  const moments: StoryMoment[] = [];
  const add = (m: Omit<StoryMoment, 'alert'> & { alert?: boolean }) => moments.push({ alert: false, ...m });
  for (const change of records.history) {
    add({
      day: change.at.slice(0, 10),
      at: change.at,
      source: 'placement',
      kind: change.from === null ? 'referred' : 'status_changed',
      params: { status: change.to, reason: change.reason },
    });
  }
  for (const p of records.placements) {
    add({ day: p.startDate, at: p.startDate, source: 'placement', kind: 'placement_started', params: {} });
    if (p.endDate) {
      add({
        day: p.endDate,
        at: p.endDate,
        source: 'placement',
        kind: 'placement_ended',
        params: { reason: p.endReason ?? '' },
      });
    }
  }
  for (const t of records.trials) {
    add({
      day: t.startDate,
      at: t.startDate,
      source: 'trial',
      kind: 'trial_started',
      params: { end: t.plannedEndDate },
    });
    if (t.outcome && t.decidedOn) {
      add({
        day: t.decidedOn,
        at: t.decidedOn,
        source: 'trial',
        kind: `trial_${t.outcome}`,
        params: { lastWorkedDay: t.lastWorkedDay ?? '', reason: t.reasonCode ?? '' },
        alert: false,
      });
    } else if (t.status === 'passed') {
      add({ day: t.plannedEndDate, at: t.plannedEndDate, source: 'trial', kind: 'trial_passed', params: {} });
    }
  }
  for (const e of records.timeline) {
    add({
      day: e.effectiveOn,
      at: e.recordedAt,
      source: 'income',
      kind: e.kind,
      params: {
        from: text(e.details.from ?? e.details.suspendedFrom ?? e.details.effectiveFrom ?? e.effectiveOn),
        to: text(e.details.to),
        lastWorkedDay: text(e.details.lastWorkedDay),
        category: text(e.details.category),
      },
      alert: ALERTS.has(e.kind),
    });
  }
  for (const f of records.followUps) {
    add({
      day: f.openedOn,
      at: f.openedOn,
      source: 'follow_up',
      kind: 'follow_up_continued',
      params: { reason: f.reason },
    });
  }
  for (const d of records.decisions) {
    add({
      day: d.decidedOn,
      at: d.signedAt ?? d.decidedOn,
      source: 'committee',
      kind: 'decision',
      params: { subject: d.subjectKind, outcome: d.outcome },
      alert: d.outcome === 'refused',
    });
  }
  return moments.sort((a, b) => b.day.localeCompare(a.day) || b.at.localeCompare(a.at));
};
