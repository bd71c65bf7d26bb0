export * from './config.ts';
export * from './setup.ts';
export * from './http.ts';
export * from './client.ts';
