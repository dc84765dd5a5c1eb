/**
 * What `enisim capacity` tells a user to pass, by diagnostic code. The models state the fact
 * ("EriQuantity unknown"); the command names its own flags for the input that settles it, as the
 * scenario loader names its fields.
 */
import type { Diagnostic } from '../../models/diagnostics.js';

const FLAG_HINTS: Readonly<Partial<Record<Diagnostic['code'], string>>> = {
  TRUNK_QUOTA_UNKNOWN: 'supply them with --catalog (DescribeInstanceTypes has both)',
  ERDMA_QUOTA_UNKNOWN: 'supply it with --catalog',
  IPV6_QUOTA_UNKNOWN: 'supply it with --catalog',
  RESOURCES_UNKNOWN: 'supply them with --catalog (or --memory-ki)',
  MEMORY_ESTIMATED: "pass --memory-ki with the node's real MemTotal",
  EPHEMERAL_ESTIMATED: "pass --ephemeral-ki with the node's real figure",
  MAX_PODS_ASSUMED: 'set it with --max-pods',
  MAX_PODS_BELOW_NETWORK_PODS: "raise the node pool's max pods (--max-pods)",
};

/** The flag that settles a diagnostic, or null when no flag does. */
export function flagHintFor(code: Diagnostic['code']): string | null {
  return FLAG_HINTS[code] ?? null;
}

/** A diagnostic's sentence with the command's hint after it. */
export function withFlagHint(diagnostic: Diagnostic): string {
  const hint = flagHintFor(diagnostic.code);
  return hint === null ? diagnostic.message : `${diagnostic.message}; ${hint}`;
}

/** A diagnostic as the `--json` document carries it: code, message and the command's hint. */
export function diagnosticJson(diagnostic: Diagnostic): {
  readonly code: Diagnostic['code'];
  readonly message: string;
  readonly hint: string | null;
} {
  return { code: diagnostic.code, message: diagnostic.message, hint: flagHintFor(diagnostic.code) };
}
