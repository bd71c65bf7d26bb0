import type { Group, RawCell } from './cells.ts';
import { daysBetween, lastDayOf, median, monthOf, monthsBetween } from './days.ts';
import type { Fact } from './facts.ts';
import { buildModel, type Model } from './model.ts';

/** The months asked (`YYYY-MM`, both included) and the day the figures are computed on. */
export interface Range {
  readonly from: string;
  readonly to: string;
  /** Today: a proposal still undecided after the host's deadline counts as a job lost to delays. */
  readonly asOf: string;
}

/*
 * Trial outcomes are three situations side by side (seed 004 §4.4: "l'essai non concluant n'est
 * pas forcément un échec"): nothing here adds a not-conclusive trial to a failure count or divides
 * it into a success rate.
 */

class Counter {
  private readonly counts = new Map<string, RawCell>();
  private readonly samples = new Map<string, { cell: Omit<RawCell, 'value' | 'n'>; values: number[] }>();

  count(
    period: string,
    indicator: string,
    breakdown: string | null = null,
    group: Group | null = null,
    by = 1,
  ) {
    const key = JSON.stringify([period, group?.kind, group?.key, indicator, breakdown]);
    const current = this.counts.get(key);
    const n = (current?.n ?? 0) + by;
    this.counts.set(key, { period, group, indicator, breakdown, kind: 'count', value: n, n });
  }

  sample(period: string, indicator: string, breakdown: string | null, value: number) {
    const key = JSON.stringify([period, indicator, breakdown]);
    const entry = this.samples.get(key) ?? {
      cell: { period, group: null, indicator, breakdown, kind: 'median_days' as const },
      values: [],
    };
    entry.values.push(value);
    this.samples.set(key, entry);
  }

  cells(extra: readonly RawCell[]): RawCell[] {
    const medians = [...this.samples.values()].map(({ cell, values }) => ({
      ...cell,
      value: median(values),
      n: values.length,
    }));
    return [...this.counts.values(), ...medians, ...extra];
  }
}

const hostGroup = (model: Model, hostId: string): Group => ({
  kind: 'host',
  key: hostId,
  label: model.hosts.get(hostId)?.name ?? hostId,
  sector: model.hosts.get(hostId)?.sector ?? 'unknown',
});
const sectorGroup = (model: Model, hostId: string): Group => {
  const sector = model.hosts.get(hostId)?.sector ?? 'unknown';
  return { kind: 'sector', key: sector, label: sector };
};

/** The latest of some days, or null. */
const latest = (days: readonly string[]): string | null =>
  days.reduce<string | null>((a, b) => (a === null || b > a ? b : a), null);

/** Monthly figures of one CPAS: placements, trials, delays, income reopenings, safety, committee. */
const monthly = (model: Model, range: Range, c: Counter, inRange: (day: string) => boolean) => {
  for (const month of monthsBetween(range.from, range.to))
    for (const indicator of [
      'host_choices',
      'placements_started',
      'engagement_proposals',
      'income_reopenings',
      'work_accidents',
    ])
      c.count(month, indicator, null, null, 0);
  for (const p of model.placements.values()) {
    if (inRange(p.startDate)) c.count(monthOf(p.startDate), 'placements_started');
    if (p.end && inRange(p.end.lastWorkedDay))
      c.count(monthOf(p.end.lastWorkedDay), 'placements_ended', `reason=${p.end.reason}`);
    if (!inRange(p.startDate)) continue;
    const same = (q: { personId: string; hostEmployerId: string }) =>
      q.personId === p.personId && q.hostEmployerId === p.hostEmployerId;
    const proposal = latest(
      model.proposals.filter((q) => same(q) && q.proposedOn <= p.startDate).map((q) => q.proposedOn),
    );
    if (proposal)
      c.sample(
        monthOf(p.startDate),
        'days_proposal_to_contract_start',
        null,
        daysBetween(proposal, p.startDate),
      );
    const choice = latest(
      model.hostChoices.filter((q) => same(q) && q.chosenOn <= p.startDate).map((q) => q.chosenOn),
    );
    if (choice)
      c.sample(
        monthOf(p.startDate),
        'days_host_choice_to_contract_start',
        null,
        daysBetween(choice, p.startDate),
      );
  }
  // A host's choice never put to the committee before the host's deadline is a job lost too.
  for (const h of model.hostChoices) {
    if (inRange(h.chosenOn)) c.count(monthOf(h.chosenOn), 'host_choices');
    if (!h.hostDeadline || !inRange(h.hostDeadline) || range.asOf <= h.hostDeadline) continue;
    const proposed = model.proposals.some(
      (q) => q.personId === h.personId && q.hostEmployerId === h.hostEmployerId && q.proposedOn >= h.chosenOn,
    );
    if (!proposed) c.count(monthOf(h.hostDeadline), 'jobs_lost_to_delays');
  }
  for (const t of model.trials.values()) {
    if (!inRange(t.day)) continue;
    const month = monthOf(t.day);
    c.count(month, 'trials_ended', `outcome=${t.outcome}`);
    if (t.reasonCode) c.count(month, 'trial_end_reasons', `reason=${t.reasonCode}`);
    if (t.initiatedBy) c.count(month, 'trial_end_initiators', `initiated_by=${t.initiatedBy}`);
  }
  for (const q of model.proposals) {
    if (inRange(q.proposedOn)) c.count(monthOf(q.proposedOn), 'engagement_proposals');
    if (!q.hostDeadline || !inRange(q.hostDeadline)) continue;
    const decision = model.decisions.get(q.proposalId);
    const decidedOn = decision?.decidedOn ?? (range.asOf > q.hostDeadline ? range.asOf : null);
    if (decidedOn && decidedOn > q.hostDeadline) c.count(monthOf(q.hostDeadline), 'jobs_lost_to_delays');
  }
  for (const r of model.reopenings.values()) {
    if (!inRange(r.effectiveFrom)) continue;
    const month = monthOf(r.effectiveFrom);
    c.count(month, 'income_reopenings');
    const lastWorkedDay =
      r.lastWorkedDay ??
      (r.trialPeriodId ? model.trials.get(r.trialPeriodId)?.firstLastWorkedDay : null) ??
      model.placements.get(r.placementId)?.end?.lastWorkedDay ??
      null;
    if (lastWorkedDay === null) continue;
    const uncovered = Math.max(0, daysBetween(lastWorkedDay, r.effectiveFrom) - 1);
    c.sample(
      month,
      'days_last_worked_day_to_income_reopening',
      null,
      daysBetween(lastWorkedDay, r.effectiveFrom),
    );
    if (uncovered > 0) {
      c.count(month, 'income_reopenings_with_uncovered_days');
      c.count(month, 'uncovered_days', null, null, uncovered);
    } else c.count(month, 'income_reopenings_with_uncovered_days', null, null, 0);
  }
  for (const a of model.accidents)
    if (inRange(a.occurredOn)) c.count(monthOf(a.occurredOn), 'work_accidents');
  for (const h of model.hostsOverdue) if (inRange(h.day)) c.count(monthOf(h.day), 'host_visits_overdue');
  for (const k of model.checkInsOverdue)
    if (inRange(k.dueOn)) c.count(monthOf(k.dueOn), 'trial_check_ins_overdue');
  for (const [subjectId, d] of model.decisions) {
    if (!inRange(d.decidedOn)) continue;
    const month = monthOf(d.decidedOn);
    c.count(month, 'committee_decisions', `subject=${d.kind}`);
    const submitted = model.submittedOn.get(subjectId);
    if (submitted)
      c.sample(month, 'days_to_committee_decision', `subject=${d.kind}`, daysBetween(submitted, d.decidedOn));
  }
  // By the month the placement ended (a cohort): "of the placements ended in March, at 6 months…".
  // `unknown` (not reached) is its own situation: never read as unemployed.
  for (const o of model.outcomesAfter.values())
    if (inRange(o.lastWorkedDay))
      c.count(
        monthOf(o.lastWorkedDay),
        'placement_outcomes_after',
        `months=${String(o.monthsAfterEnd)};situation=${o.situation}`,
      );
};

/**
 * Figures per host employer and per sector over the whole period: placements, trial outcomes,
 * ends, and work accidents per 100 placements that ran during the period.
 */
const byHostAndSector = (
  model: Model,
  range: Range,
  c: Counter,
  inRange: (day: string) => boolean,
): RawCell[] => {
  const period = `${range.from}..${range.to}`;
  const first = `${range.from}-01`;
  const last = lastDayOf(range.to);
  const groupsOf = (hostId: string) => [hostGroup(model, hostId), sectorGroup(model, hostId)];
  const active = new Map<string, { group: Group; placements: number; accidents: number }>();
  const tally = (group: Group) => {
    const key = `${group.kind}:${group.key}`;
    const entry = active.get(key) ?? { group, placements: 0, accidents: 0 };
    active.set(key, entry);
    return entry;
  };
  for (const p of model.placements.values()) {
    const ran = p.startDate <= last && (!p.end || p.end.lastWorkedDay >= first);
    for (const group of groupsOf(p.hostEmployerId)) {
      if (ran) tally(group).placements += 1;
      if (inRange(p.startDate)) c.count(period, 'placements_started', null, group);
      if (p.end && inRange(p.end.lastWorkedDay))
        c.count(period, 'placements_ended', `reason=${p.end.reason}`, group);
    }
  }
  for (const t of model.trials.values()) {
    const p = model.placements.get(t.placementId);
    if (!p || !inRange(t.day)) continue;
    for (const group of groupsOf(p.hostEmployerId))
      c.count(period, 'trials_ended', `outcome=${t.outcome}`, group);
  }
  for (const a of model.accidents) {
    if (!inRange(a.occurredOn)) continue;
    for (const group of groupsOf(a.hostEmployerId)) {
      tally(group).accidents += 1;
      c.count(period, 'work_accidents', null, group);
    }
  }
  return [...active.values()].map(({ group, placements, accidents }) => ({
    period,
    group,
    indicator: 'work_accidents_per_100_placements',
    breakdown: null,
    kind: 'rate_per_100' as const,
    value: placements === 0 ? null : Math.round((accidents / placements) * 1000) / 10,
    n: accidents,
    denominator: placements,
  }));
};

/** Every figure of one CPAS for the months asked, before suppression. Never grouped by a user. */
export const aggregate = (facts: readonly Fact[], range: Range): RawCell[] => {
  const model = buildModel(facts);
  const first = `${range.from}-01`;
  const last = lastDayOf(range.to);
  const inRange = (day: string) => day >= first && day <= last;
  const c = new Counter();
  monthly(model, range, c, inRange);
  const rates = byHostAndSector(model, range, c, inRange);
  return c
    .cells(rates)
    .sort(
      (a, b) =>
        (a.group ? 1 : 0) - (b.group ? 1 : 0) ||
        a.period.localeCompare(b.period) ||
        a.indicator.localeCompare(b.indicator) ||
        (a.breakdown ?? '').localeCompare(b.breakdown ?? ''),
    );
};
