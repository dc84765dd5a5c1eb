/**
 * Problems found in a user's JSON document, each at a JSONPath. The models return them as values
 * (a planner may want every problem at once); the CLI turns the first into one line of output.
 */

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
    : `${parent}[${JSON.stringify(key)}]`;
}

/** A short rendering of a bad value for a message: `-2`, `"8"`, `Infinity`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify would print as `null`.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
