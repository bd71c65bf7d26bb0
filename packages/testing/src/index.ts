export * from './wait-for.ts';
export * from './servers.ts';
export * from './database.ts';
export * from './kafka.ts';
export * from './process.ts';
export * from './log-capture.ts';
export * from './service.ts';
export * from './placement-flow.ts';
