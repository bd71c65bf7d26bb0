export * from './envelope.ts';
export * from './topics.ts';
export * from './define-event.ts';
export * from './registry.ts';
export * from './events/placement.ts';
export * from './events/trial-period.ts';
export * from './events/income-continuity.ts';
export * from './build-event.ts';
