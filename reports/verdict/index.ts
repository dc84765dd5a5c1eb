/** Renderings of the verdict document (`models/results/verdict.ts`). */
export { renderVerdictText } from './text.js';
export { renderVerdictJunit } from './junit.js';
export { renderVerdictGithub } from './github.js';
export { renderVerdictMarkdown } from './markdown.js';
