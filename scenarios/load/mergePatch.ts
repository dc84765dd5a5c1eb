/**
 * JSON Merge Patch (RFC 7396): how Terway applies a node's `terway-config` ConfigMap over the
 * cluster's `eni-config` (`types/daemon/dynamicconfig.go`). Objects merge key by key, `null`
 * removes a key, and anything else (arrays included) replaces the target's value whole.
 */
import { isRecord } from './rawNode.js';

/** The deepest patch we follow; eni_conf is two levels deep, so this only stops runaway input. */
const DEPTH_MAX = 64;

/** Applies `patch` to `target` as RFC 7396 specifies, returning a new value. */
export function applyMergePatch(target: unknown, patch: unknown, depth = 0): unknown {
  if (depth > DEPTH_MAX) throw new RangeError(`merge patch nested deeper than ${DEPTH_MAX}`);
  if (!isRecord(patch)) return patch;
  const base = isRecord(target) ? target : {};
  const removed = new Set(
    Object.entries(patch).flatMap(([key, value]) => (value === null ? [key] : [])),
  );
  const result: Record<string, unknown> = Object.fromEntries(
    Object.entries(base).filter(([key]) => !removed.has(key)),
  );
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null) result[key] = applyMergePatch(result[key], value, depth + 1);
  }
  return result;
}
