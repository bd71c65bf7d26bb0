export * from './transaction.ts';
export * from './outbox.ts';
export * from './kafka.ts';
export * from './relay.ts';
export * from './decode.ts';
export * from './consumer.ts';
export * from './topics.ts';
export * from './migrations.ts';
