/**
 * Diagnostics: what the models say about a plan besides its figures. A violation means ACK or
 * Terway refuses the node (or the feature) as asked; a warning means it works, but not as the
 * user may expect (a fallback, an unknown figure); a note explains how a figure was obtained.
 *
 * Codes are stable: tests, scenario validation and users' scripts match on them, so a code is
 * never renamed, only added. A message states the fact in the models' terms and names no way of
 * supplying the missing input: each caller words that for its own inputs (the CLI its flags, the
 * scenario loader its fields), keyed by the code.
 */

/** One finding: a stable machine-readable code and a sentence for people. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
}

/** Every diagnostic code the models emit, grouped by what the caller should do about it. */
export const DiagnosticCode = {
  // Violations: the node or feature is refused.
  exclusiveTooFewEnis: 'EXCLUSIVE_TOO_FEW_ENIS',
  sharedTooFewPods: 'SHARED_TOO_FEW_PODS',
  terwayVersionTooOld: 'TERWAY_VERSION_TOO_OLD',
  lingjunNoDualStack: 'LINGJUN_NO_DUAL_STACK',
  lingjunHighDensityNeedsExclusive: 'LINGJUN_HIGH_DENSITY_NEEDS_EXCLUSIVE',
  lingjunNoPodNetworking: 'LINGJUN_NO_PODNETWORKING',
  erdmaNoDualStack: 'ERDMA_NO_DUAL_STACK',
  noCustomCniChain: 'NO_CUSTOM_CNI_CHAIN',
  nodePoolModeImmutable: 'NODE_POOL_MODE_IMMUTABLE',
  // Warnings: accepted, but something is unknown, ignored or degraded.
  trunkQuotaUnknown: 'TRUNK_QUOTA_UNKNOWN',
  trunkNotSupported: 'TRUNK_NOT_SUPPORTED',
  trunkDisabledExclusive: 'TRUNK_DISABLED_EXCLUSIVE',
  ipv6QuotaUnknown: 'IPV6_QUOTA_UNKNOWN',
  dualStackFallback: 'DUAL_STACK_FALLBACK',
  erdmaQuotaUnknown: 'ERDMA_QUOTA_UNKNOWN',
  erdmaNotAvailable: 'ERDMA_NOT_AVAILABLE',
  ipPrefixExclusive: 'IP_PREFIX_EXCLUSIVE',
  lingjunNoIpPrefix: 'LINGJUN_NO_IP_PREFIX',
  lingjunNoTrunk: 'LINGJUN_NO_TRUNK',
  lingjunNoErdma: 'LINGJUN_NO_ERDMA',
  resourcesUnknown: 'RESOURCES_UNKNOWN',
  maxPodsAssumed: 'MAX_PODS_ASSUMED',
  maxPodsBelowNetworkPods: 'MAX_PODS_BELOW_NETWORK_PODS',
  eniCapIgnored: 'ENI_CAP_IGNORED',
  eniQuotaBelowEniCap: 'ENI_QUOTA_BELOW_ENI_CAP',
  terwayVersionNewer: 'TERWAY_VERSION_NEWER',
  exclusiveNoEbpf: 'EXCLUSIVE_NO_EBPF',
  exclusiveNoNetworkPolicy: 'EXCLUSIVE_NO_NETWORK_POLICY',
  existingNodeEnisUnused: 'EXISTING_NODE_ENIS_UNUSED',
  // Notes: how a figure was obtained.
  memoryEstimated: 'MEMORY_ESTIMATED',
  ephemeralEstimated: 'EPHEMERAL_ESTIMATED',
  ipPrefixAnnotation: 'IP_PREFIX_ANNOTATION',
} as const;
/** A diagnostic code (see {@link DiagnosticCode}). */
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** Builds a diagnostic. */
export function diagnostic(code: DiagnosticCode, message: string): Diagnostic {
  return { code, message };
}
