export * from './transaction.ts';
export * from './combined-read.ts';
export * from './unit-of-work.ts';
export * from './outbox.ts';
export { watchOutboxCommits } from './outbox-wake.ts';
export * from './kafka.ts';
export * from './relay.ts';
export * from './decode.ts';
export * from './handler.ts';
export * from './consumer.ts';
export * from './consumer-lag.ts';
export * from './dead-letter-metrics.ts';
export * from './apply.ts';
export * from './dead-letters.ts';
export { isMessageTooLarge } from './dead-letter-topic.ts';
export {
  AWAITING_PRECEDING_EVENT,
  HELD_BEHIND_PARKED,
  lockAndFirstOpenStatements,
  type DeadLetterStatus,
  type EventFacts,
  type Failure,
  type SourceMessage,
} from './dead-letter-store.ts';
export * from './topics.ts';
export * from './migrations.ts';
export * from './tracing.ts';
