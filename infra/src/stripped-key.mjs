// The stripped-sources cache's name for a source, shared by the launchers that fill the cache
// (stripped-sources.ts) and the service processes that read it (stripped-loader.mjs).
// JavaScript so that a service can load it before any TypeScript.
import { createHash } from 'node:crypto';
import process from 'node:process';

/**
 * Stripping depends on the Node that strips (its amaro), and the launchers run the same Node
 * binary as the services they start: its version is part of the name.
 * @param {Uint8Array} source
 * @returns {string}
 */
export const strippedKey = (source) =>
  createHash('sha256').update(process.version).update('\0').update(source).digest('hex');
