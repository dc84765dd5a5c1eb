/**
 * JSON Merge Patch (RFC 7396): how Terway applies a node's `terway-config` ConfigMap over the
 * cluster's `eni-config` (`types/daemon/dynamicconfig.go`). Objects merge key by key, `null`
 * removes a key, and anything else (arrays included) replaces the target's value whole.
 *
 * Keys are data, never prototypes: a patch `{"__proto__": {"min_pool_size": 3}}` (JSON.parse
 * makes `__proto__` an own key) must add a key named `__proto__`, not make `min_pool_size` read
 * as 3 through the prototype chain. So results are built with `Object.defineProperty` on objects
 * without a prototype, and only own keys of the target are read.
 */
import { isRecord } from './rawNode.js';

/** The deepest patch we follow; eni_conf is two levels deep, so this only stops runaway input. */
const DEPTH_MAX = 64;

/** Applies `patch` to `target` as RFC 7396 specifies, returning a new value. */
export function applyMergePatch(target: unknown, patch: unknown, depth = 0): unknown {
  if (depth > DEPTH_MAX) throw new RangeError(`merge patch nested deeper than ${DEPTH_MAX}`);
  if (!isRecord(patch)) return patch;
  const base = isRecord(target) ? target : {};
  const result = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(base)) {
    if (!(Object.hasOwn(patch, key) && patch[key] === null)) defineKey(result, key, value);
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) continue;
    const current = Object.hasOwn(result, key) ? result[key] : undefined;
    defineKey(result, key, applyMergePatch(current, value, depth + 1));
  }
  return result;
}

/** Sets an own, enumerable key whatever its name (`__proto__` included). */
function defineKey(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
