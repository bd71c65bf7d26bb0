// Development infrastructure: brokers and databases run from their own binaries, no Docker.
export * from './kafka.ts';
export * from './provision.ts';
export * from './net.ts';
export * from './node-args.ts';
export * from './stripped-sources.ts';
