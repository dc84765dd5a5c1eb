/** The results document: its type, its schema, and the SLO vocabulary and verdict rule. */
export * from './document.js';
export * from './histogram.js';
export * from './podPhases.js';
export * from './podRecord.js';
export * from './read.js';
export * from './schema.js';
export * from './slos.js';
export * from './verdict.js';
