/**
 * The node-pool rules of the models, run on each pool as the scenario creates it: per instance
 * type, ACK's admission (the ENI-count and pod-quota rules, the Terway version each feature
 * needs, dual-stack parity, the Lingjun limits) and the capacity model's warnings; per pool, the
 * documented limitations of exclusive-ENI and Lingjun pools. Violations are errors; the models'
 * warnings are warnings. No formula is repeated here.
 */
import { checkAdmission, type AdmissionResult } from '../../models/admission.js';
import { podCapacity } from '../../models/capacity.js';
import type { Diagnostic } from '../../models/diagnostics.js';
import { decideStack } from '../../models/dualStack.js';
import type { InstanceType } from '../../models/instanceType.js';
import { checkNodePool, type NodePoolNetworkSpec } from '../../models/nodePool.js';
import type { TerwayVersion } from '../../models/terwayVersion.js';
import type { LoadContext } from './context.js';
import type { FindingInput } from './findings.js';
import type { RawNode } from './rawNode.js';
import type { NodePoolSpec } from './types.js';

/** Fix hints by diagnostic code: what a planner changes in the scenario. */
const HINTS: Readonly<Record<string, string>> = {
  EXCLUSIVE_TOO_FEW_ENIS:
    'choose a type with 8 or more ENIs (e.g. ecs.c7.4xlarge or ecs.g7.4xlarge), or make the pool shared-ENI',
  SHARED_TOO_FEW_PODS: 'choose a larger instance type (more ENIs or more IPs per ENI)',
  TERWAY_VERSION_TOO_OLD:
    'raise spec.cluster.terwayVersion, or add an UpgradeTerway event before the pool is created',
  LINGJUN_NO_DUAL_STACK: 'use ipStack: ipv4 for the cluster, or leave Lingjun out of it',
  LINGJUN_HIGH_DENSITY_NEEDS_EXCLUSIVE:
    'label the pool k8s.aliyun.com/exclusive-mode-eni-type: eniOnly',
  LINGJUN_NO_PODNETWORKING:
    'narrow the PodNetworking selector so it does not select these pods, and place them with taints and node affinity',
  ERDMA_NO_DUAL_STACK: 'turn enable_erdma off, or use ipStack: ipv4',
  NO_CUSTOM_CNI_CHAIN: 'remove customCniChain, or make the pool shared-ENI',
  DUAL_STACK_FALLBACK:
    'choose a type whose IPv6 per ENI equals its IPv4 per ENI (e.g. g7 or c7), or accept IPv4-only nodes',
  IPV6_QUOTA_UNKNOWN: 'give EniIpv6AddressQuantity for the type in spec.catalog',
  TRUNK_QUOTA_UNKNOWN: 'give EniTotalQuantity and EniTrunkSupported for the type in spec.catalog',
  ERDMA_QUOTA_UNKNOWN: 'give EriQuantity for the type in spec.catalog',
  RESOURCES_UNKNOWN:
    "give CpuCoreCount and MemorySize for the type in spec.catalog, or the pool's memTotalKi",
  MEMORY_ESTIMATED: "give the node's real MemTotal in the pool's memTotalKi",
  EPHEMERAL_ESTIMATED: "give the node's real root filesystem size in the pool's ephemeralStorageKi",
  MAX_PODS_ASSUMED: "set the pool's maxPods",
  MAX_PODS_BELOW_NETWORK_PODS: "raise the pool's maxPods",
  TRUNK_DISABLED_EXCLUSIVE: 'trunk pods need a shared-ENI pool with enable_eni_trunking',
  EXCLUSIVE_NO_EBPF:
    'expect the veth datapath for these pods; keep eBPF-dependent pods on shared pools',
  EXCLUSIVE_NO_NETWORK_POLICY:
    'enforce the policy elsewhere (security groups: PodNetworking securityGroupIDs), or keep these pods on a shared pool',
  EXISTING_NODE_ENIS_UNUSED:
    'detach the ENIs before adding the instances, or plan with their reduced pod count',
};

/** The fix hint for a diagnostic code, or null when there is none to give. */
export function hintFor(code: string): string | null {
  return HINTS[code] ?? null;
}

/**
 * Checks every instance type of `pool` (created under Terway `terway`) with the models; returns
 * whether every type is admitted.
 */
export function checkPoolAdmission(
  pool: NodePoolSpec,
  node: RawNode,
  terway: TerwayVersion,
  context: LoadContext,
): boolean {
  let admitted = true;
  const seen = new Set<string>();
  pool.instanceTypes.forEach((type, index) => {
    const result = admit(pool, type, terway);
    admitted &&= result.admitted;
    const at = node.get('instanceTypes').get(index).where();
    for (const diagnostic of result.violations) {
      report(context, seen, 'error', { ...at, ...translate(pool, diagnostic) });
    }
    for (const diagnostic of result.warnings) {
      report(context, seen, 'warning', { ...at, ...translate(pool, diagnostic) });
    }
  });
  return admitted;
}

/** Admission of one instance type in a pool: capacity, stack and ACK's rules together. */
export function admit(
  pool: NodePoolSpec,
  type: InstanceType,
  terway: TerwayVersion,
): AdmissionResult {
  const conf = pool.eniConf;
  const capacity = podCapacity(type, {
    mode: pool.mode,
    trunk: conf.enableEniTrunking,
    ipPrefix: conf.enableIpPrefix,
    erdma: conf.enableErdma,
    conf,
  });
  const stack = decideStack({ type, requested: conf.ipStack, terway });
  const admission = checkAdmission({ type, mode: pool.mode, capacity, stack, terway, conf });
  return {
    admitted: admission.admitted,
    violations: admission.violations,
    warnings: [...capacity.warnings, ...stack.warnings, ...admission.warnings],
  };
}

function translate(
  pool: NodePoolSpec,
  diagnostic: Diagnostic,
): Pick<FindingInput, 'code' | 'message' | 'hint'> {
  return {
    code: diagnostic.code,
    message: `node pool ${pool.name}: ${diagnostic.message}`,
    hint: hintFor(diagnostic.code),
  };
}

function report(
  context: LoadContext,
  seen: Set<string>,
  severity: 'error' | 'warning',
  input: FindingInput,
): void {
  // Several types of one pool often give the same diagnostic (trunk off in exclusive mode).
  const key = `${input.code}\u0000${input.message}`;
  if (seen.has(key)) return;
  seen.add(key);
  if (severity === 'error') context.findings.error(input);
  else context.findings.warning(input);
}

/** The flags of {@link NodePoolNetworkSpec} besides the pool's identity, all off. */
export const NO_LIMITATION_FLAGS = {
  createdMode: null,
  ebpfDatapath: false,
  networkPolicy: false,
  customCniChain: false,
  podNetworking: false,
  existingNodes: 0,
} as const;

/**
 * Runs the models' node-pool limitation check with the given flags and reports its findings at
 * `where` (each extra sentence of `context` appended to the model's message).
 */
export function reportLimitations(
  pool: NodePoolSpec,
  flags: Partial<Omit<NodePoolNetworkSpec, 'name' | 'platform' | 'mode'>>,
  where: Pick<FindingInput, 'location' | 'path'>,
  detail: string,
  context: LoadContext,
): void {
  const spec: NodePoolNetworkSpec = {
    name: pool.name,
    platform: pool.platform,
    mode: pool.mode,
    ...NO_LIMITATION_FLAGS,
    ...flags,
  };
  const { violations, warnings } = checkNodePool(spec);
  const suffix = detail === '' ? '' : ` (${detail})`;
  for (const diagnostic of violations) {
    context.findings.error({
      ...where,
      code: diagnostic.code,
      message: `${diagnostic.message}${suffix}`,
      hint: hintFor(diagnostic.code),
    });
  }
  for (const diagnostic of warnings) {
    context.findings.warning({
      ...where,
      code: diagnostic.code,
      message: `${diagnostic.message}${suffix}`,
      hint: hintFor(diagnostic.code),
    });
  }
}
