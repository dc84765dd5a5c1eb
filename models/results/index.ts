/** The results document: its type, its schema, and the SLO vocabulary and verdict rule. */
export * from './document.js';
export * from './schema.js';
export * from './slos.js';
export * from './verdict.js';
