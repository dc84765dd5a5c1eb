/**
 * Problems found in a user's JSON document, each at a JSONPath. The models return them as values
 * (a planner may want every problem at once); the CLI turns the first into one line of output.
 */
import { quoteInput } from './displayText.js';

/** One problem in an input document: where it is and what is wrong. */
export interface InputIssue {
  /** JSONPath of the bad field, e.g. `$.InstanceTypes.InstanceType[3].EniQuantity`. */
  readonly path: string;
  readonly message: string;
}

/** A JSON object as parsed, before validation. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Whether a parsed JSON value is an object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The path of `key` under `parent`: `$.a.b` for identifier keys, `$["odd key"]` otherwise. */
export function childPath(parent: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}[${quoteInput(key)}]`;
}

/** How much of a bad value a message shows. */
const PREVIEW_CHARS = 40;
/** Containers deeper than this show as `[...]`/`{...}`: 40 characters never reach further. */
const PREVIEW_DEPTH = 4;
/** Items shown per container: 40 characters never hold more. */
const PREVIEW_ITEMS = 20;

/**
 * JSON text for a preview of `value`. Bounded in depth and width, so a document nested 100,000
 * deep (which `JSON.parse` accepts) cannot overflow the stack the way `JSON.stringify` would.
 */
function previewJson(value: unknown, depth: number): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON.parse reads 1e400 as Infinity, which JSON.stringify would print as `null`.
    return String(value);
  }
  if (Array.isArray(value)) {
    if (depth >= PREVIEW_DEPTH) return '[...]';
    const items = value.slice(0, PREVIEW_ITEMS).map((item) => previewJson(item, depth + 1));
    if (value.length > PREVIEW_ITEMS) items.push('...');
    return `[${items.join(',')}]`;
  }
  if (isJsonObject(value)) {
    if (depth >= PREVIEW_DEPTH) return '{...}';
    const entries = Object.entries(value);
    const members = entries
      .slice(0, PREVIEW_ITEMS)
      .map(([key, item]) => `${quoteInput(key)}:${previewJson(item, depth + 1)}`);
    if (entries.length > PREVIEW_ITEMS) members.push('...');
    return `{${members.join(',')}}`;
  }
  if (typeof value === 'string') return quoteInput(value, PREVIEW_CHARS);
  return JSON.stringify(value);
}

/** A short rendering of a bad value for a message: `-2`, `"8"`, `Infinity`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = previewJson(value, 0);
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 3)}...` : text;
}
