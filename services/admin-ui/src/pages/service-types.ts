/**
 * The fields of the services' answers that the pages show (their OpenAPI documents have the whole
 * shapes). The pages read; the services own the data and its rules.
 */

export interface CandidateSummary {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly status: string;
  readonly workReadiness: string;
  readonly referredOn: string;
  readonly homeCommune: string;
}

export interface Candidate extends CandidateSummary {
  readonly incomeCategory: string;
  readonly languages: readonly { code: string; level: string }[];
  readonly skills: readonly string[];
  readonly drivingLicence: boolean;
  readonly maxTravelKm: number;
  readonly wishedSectors: readonly string[];
  readonly wishedJobs: readonly string[];
  readonly wishesInOwnWords: string | null;
  readonly daysNeededForRights: number;
}

export interface StatusChange {
  readonly from: string | null;
  readonly to: string;
  readonly reason: string;
  readonly actorRole: string;
  readonly at: string;
}

export interface Site {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly commune: string;
}

export interface Host {
  readonly id: string;
  readonly enterpriseNumber: string;
  readonly name: string;
  readonly legalType: string;
  readonly sector: string;
  readonly partnerStatus: string;
  readonly safetyStatus: string;
  readonly safetyAssessedOn: string | null;
  readonly tutor: { name: string; email: string | null; phone: string | null };
  readonly sites?: readonly Site[];
  readonly partnerHistory?: readonly {
    from: string | null;
    to: string;
    reason: string;
    actorRole: string | null;
    at: string;
  }[];
}

export interface Position {
  readonly id: string;
  readonly hostEmployerId: string;
  readonly siteId: string;
  readonly title: string;
  readonly tasks: string;
  readonly requiredSkills: readonly string[];
  readonly desiredSkills: readonly string[];
  readonly minLanguages: readonly { code: string; level: string }[];
  readonly schedule: { days: readonly string[]; from: string; to: string };
  readonly physicalDemands: readonly string[];
  readonly drivingLicenceRequired: boolean;
  readonly criminalRecordAcceptable: boolean;
  readonly openings: number;
  readonly filled: number;
  readonly status: string;
  readonly openedOn: string;
  readonly expiresOn: string;
  readonly fillDeadline: string | null;
}

export interface Explanation {
  readonly candidateId: string;
  readonly positionId: string;
  readonly eligible: boolean;
  readonly score: number;
  readonly filters: readonly { filter: string; passed: boolean; detail: string }[];
  readonly factors: readonly {
    factor: string;
    value: number;
    weight: number;
    contribution: number;
    detail: string;
  }[];
}

export interface Matches {
  readonly ranked: readonly Explanation[];
  readonly excluded: readonly Explanation[];
  readonly excludedCountByFilter: Readonly<Record<string, number>>;
}

export interface Shortlist {
  readonly id: string;
  readonly positionId: string;
  readonly mode: string;
  readonly status: string;
  readonly entries: readonly {
    candidateId: string;
    rank: number;
    score: number;
    outcome: string;
    rejectionReason: string | null;
    explanation: Explanation;
  }[];
}

export interface Proposal {
  readonly id: string;
  readonly shortlistId: string;
  readonly positionId: string;
  readonly candidateId: string;
  readonly hostEmployerId: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly weeklyHours: number;
  readonly payScale: string;
  readonly hostDeadline: string | null;
  readonly status: string;
  readonly decidedOn: string | null;
  readonly deadline: {
    hostDeadline: string | null;
    daysLeft: number | null;
    atRisk: boolean;
    reason: string | null;
  };
}

export interface Placement {
  readonly id: string;
  readonly personId: string;
  readonly hostEmployerId: string;
  readonly positionId: string;
  readonly startDate: string;
  readonly plannedEndDate: string;
  readonly status: string;
  readonly endDate?: string;
  readonly endReason?: string;
}

export interface Trial {
  readonly id: string;
  readonly placementId: string;
  readonly personId: string;
  readonly startDate: string;
  readonly plannedEndDate: string;
  readonly lengthDays: number;
  readonly status: string;
  readonly outcome?: string;
  readonly lastWorkedDay?: string;
  readonly reasonCode?: string;
  readonly initiatedBy?: string;
  readonly officerAnalysis?: string | null;
  readonly decidedOn?: string;
}

export interface CheckIn {
  readonly id: string;
  readonly trialPeriodId: string;
  readonly personId: string;
  readonly sequence: number;
  readonly dueOn: string;
  readonly status: string;
  readonly flagged: boolean;
  readonly disagreements: readonly { item: string; spread: number }[];
}

export interface CoveragePeriod {
  readonly id: string;
  readonly kind: string;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly status: string;
  readonly category: string | null;
  readonly amount: { through: string; totalCents: number | null } | null;
}

export interface Coverage {
  readonly personId: string;
  readonly periods: readonly CoveragePeriod[];
  readonly gaps: readonly { from: string; to: string | null; justifiedBy: string | null }[];
  readonly reopenings: readonly {
    id: string;
    effectiveFrom: string;
    lastWorkedDay: string;
    cause: string;
    reasonCode: string | null;
    officerAnalysis: string | null;
    proposals: readonly { kind: string; status: string }[];
    decision: { outcome: string; decidedOn: string; reasonCode: string | null } | null;
  }[];
}

export interface TimelineEntry {
  readonly id: string;
  readonly kind: string;
  readonly effectiveOn: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
}

export interface FollowUp {
  readonly id: string;
  readonly openedOn: string;
  readonly status: string;
  readonly reason: string;
}

export interface Visit {
  readonly id: string;
  readonly hostEmployerId: string;
  readonly siteId: string;
  readonly kind: string;
  readonly status: string;
  readonly scheduledFor: string;
  readonly dueBy: string;
  readonly safetyOfficerId: string | null;
  readonly overdueSince: string | null;
  readonly accidentId: string | null;
  readonly report: {
    completedOn: string;
    outcome: string;
    checklist: readonly { code: string; result: string; note: string | null }[];
    summary: string | null;
  } | null;
}

export interface CorrectiveAction {
  readonly id: string;
  readonly findingId: string;
  readonly hostEmployerId: string;
  readonly description: string;
  readonly owner: string;
  readonly deadline: string;
  readonly status: string;
  readonly overdueSince: string | null;
  readonly closedOn: string | null;
  readonly evidence: string | null;
}

export interface Finding {
  readonly id: string;
  readonly itemCode: string | null;
  readonly severity: string;
  readonly description: string;
  readonly status: string;
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly actions: readonly CorrectiveAction[];
}

export interface VisitDetail extends Visit {
  readonly findings: readonly Finding[];
  readonly history: readonly { change: string; actorRole: string; at: string }[];
}

export interface SafetyHost {
  readonly id: string;
  readonly name: string;
  readonly sector: string;
  readonly riskLevel: string;
  readonly safetyStatus: string;
  readonly statusReason: string;
  readonly statusSince: string | null;
  readonly nextPeriodicDue: string | null;
}

export interface SafetyFile extends SafetyHost {
  readonly sites: readonly Site[];
  readonly accidents: readonly {
    id: string;
    occurredOn: string;
    severity: string;
    daysLost: number;
    declaredToInsurer: boolean;
    postAccidentVisitId: string;
  }[];
}

export interface Checklist {
  readonly id: string;
  readonly version: number;
  readonly items: readonly { code: string; labelFr: string; labelNl: string }[];
}

/** A list as most services page it. */
export interface Page<T> {
  readonly items: readonly T[];
}
