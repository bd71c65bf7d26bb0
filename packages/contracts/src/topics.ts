/** Retention for event topics: 90 days, long enough to replay after an outage of weeks. */
const NINETY_DAYS_MS = 90 * 24 * 60 * 60 * 1000;

/** How a topic is created: one source of truth for infra and tests. */
export interface TopicSpec {
  /** Name without the deployment prefix. */
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
}

const eventsTopic = (name: string): TopicSpec => ({ name, partitions: 3, retentionMs: NINETY_DAYS_MS });

/** Topics carrying each bounded context's integration events (`<context>.events.v<n>`). */
export const TOPICS = {
  placement: eventsTopic('placement.events.v1'),
  safetyVisits: eventsTopic('safety-visits.events.v1'),
  trialPeriod: eventsTopic('trial-period.events.v1'),
  incomeContinuity: eventsTopic('income-continuity.events.v1'),
  committee: eventsTopic('committee.events.v1'),
} as const;

/** Dead-letter topics, one per consuming service: messages that could not be processed, with the reason. */
export const DEAD_LETTER_TOPICS = {
  placement: eventsTopic('placement.dead-letter.v1'),
  trialPeriod: eventsTopic('trial-period.dead-letter.v1'),
  incomeContinuity: eventsTopic('income-continuity.dead-letter.v1'),
  safetyVisits: eventsTopic('safety-visits.dead-letter.v1'),
  committee: eventsTopic('committee.dead-letter.v1'),
  notifications: eventsTopic('notifications.dead-letter.v1'),
  statistics: eventsTopic('statistics.dead-letter.v1'),
} as const;

/** Every topic the platform needs, for infra to create. */
export const ALL_TOPICS: readonly TopicSpec[] = [
  ...Object.values(TOPICS),
  ...Object.values(DEAD_LETTER_TOPICS),
];

/**
 * The physical topic name. A prefix isolates deployments sharing a broker (and each test
 * suite, which gets its own prefix).
 */
export const topicName = (spec: TopicSpec, prefix = ''): string => `${prefix}${spec.name}`;
