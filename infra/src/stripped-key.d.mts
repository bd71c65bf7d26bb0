/** The stripped-sources cache's name for a TypeScript source (stripped-key.mjs). */
export declare const strippedKey: (source: Uint8Array) => string;
