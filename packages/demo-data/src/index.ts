export * from './config.ts';
export * from './cpas.ts';
export * from './http.ts';
export * from './identifiers.ts';
export * from './load.ts';
export * from './plan.ts';
export * from './vocabulary.ts';
