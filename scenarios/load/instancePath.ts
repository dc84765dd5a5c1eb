/**
 * Instance paths: where a value sits inside a YAML document, as segments (`['spec', 'cluster',
 * 'nodePools', 1, 'count']`) and as text (`spec.cluster.nodePools[1].count`).
 */
import { quoteInput } from '../../models/displayText.js';

/** One step into a document: a mapping key or a sequence index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/u;

/** Formats a path as `a.b[2].c`, quoting keys that are not plain identifiers (`labels["a/b"]`). */
export function formatPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${quoteInput(segment)}]`;
  }
  return text === '' ? '(document root)' : text;
}

/**
 * Splits an ajv instance path (a JSON Pointer such as `/spec/nodePools/1/count`) into segments.
 * Array indices come back as numbers when `data` says the parent is an array.
 */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node) && /^\d+$/u.test(key)) {
      segments.push(Number(key));
      node = node[Number(key)];
    } else {
      segments.push(key);
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return segments;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
