/**
 * The limitations of exclusive-ENI and Lingjun node pools that ACK documents (the seed, "Configure
 * exclusive ENI mode for a node pool", and `terway.md` §5.3), as data and one check, so scenario
 * validation can report them beside the per-instance-type admission rules of `admission.ts`.
 *
 * Severity follows what the platform does: a refused configuration is a violation (a custom CNI
 * chain, switching a pool's mode, PodNetworking on Lingjun); a configuration that is accepted but
 * does not do what it says is a warning (NetworkPolicy and eBPF acceleration are silently absent
 * for exclusive-ENI pods; an existing node's ENIs stay unused).
 */
import type { EniMode } from './capacity.js';
import { diagnostic, DiagnosticCode, type Diagnostic } from './diagnostics.js';
import type { Platform } from './instanceType.js';

/** One documented limitation. */
export interface NodePoolLimitation {
  readonly code: Diagnostic['code'];
  readonly severity: 'violation' | 'warning';
  /** The pools it concerns. */
  readonly appliesTo: 'exclusive' | 'lingjun';
  readonly message: string;
}

/** The documented limitations, one per code. */
export const NODE_POOL_LIMITATIONS = {
  noEbpf: {
    code: DiagnosticCode.exclusiveNoEbpf,
    severity: 'warning',
    appliesTo: 'exclusive',
    message: 'pods on exclusive ENIs get no eBPF network acceleration (DataPath V2)',
  },
  noNetworkPolicy: {
    code: DiagnosticCode.exclusiveNoNetworkPolicy,
    severity: 'warning',
    appliesTo: 'exclusive',
    message: 'Kubernetes NetworkPolicy is not enforced for pods on exclusive ENIs',
  },
  noCustomCniChain: {
    code: DiagnosticCode.noCustomCniChain,
    severity: 'violation',
    appliesTo: 'exclusive',
    message: 'an exclusive-ENI node pool cannot use a custom CNI chain',
  },
  modeImmutable: {
    code: DiagnosticCode.nodePoolModeImmutable,
    severity: 'violation',
    appliesTo: 'exclusive',
    message:
      'the ENI mode is fixed when the node pool is created; delete and recreate the pool to change it',
  },
  existingNodeEnisUnused: {
    code: DiagnosticCode.existingNodeEnisUnused,
    severity: 'warning',
    appliesTo: 'exclusive',
    message:
      'existing nodes added to an exclusive-ENI pool keep their attached ENIs unused; only new nodes are planned in full',
  },
  lingjunNoPodNetworking: {
    code: DiagnosticCode.lingjunNoPodNetworking,
    severity: 'violation',
    appliesTo: 'lingjun',
    message:
      'PodNetworking (fixed IP, own vSwitch or security group) is not supported on Lingjun node pools; place pods with taints and node affinity',
  },
} as const satisfies Record<string, NodePoolLimitation>;

/** The parts of a node pool's network set-up the limitations concern. */
export interface NodePoolNetworkSpec {
  readonly name: string;
  readonly platform: Platform;
  readonly mode: EniMode;
  /** The mode the pool was created with, when this spec changes an existing pool. */
  readonly createdMode: EniMode | null;
  /** eBPF acceleration asked for (`eniip_virtual_type: datapathv2`). */
  readonly ebpfDatapath: boolean;
  /** NetworkPolicy is expected to apply to the pool's pods. */
  readonly networkPolicy: boolean;
  /** A custom CNI chain is configured. */
  readonly customCniChain: boolean;
  /** A PodNetworking selects pods that can land on this pool. */
  readonly podNetworking: boolean;
  /** Existing instances added to the pool (not created by it). */
  readonly existingNodes: number;
}

/** The violations and warnings of a node pool's network set-up. */
export function checkNodePool(spec: NodePoolNetworkSpec): {
  readonly violations: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
} {
  const found: NodePoolLimitation[] = [];
  const L = NODE_POOL_LIMITATIONS;
  if (spec.mode === 'exclusive') {
    if (spec.ebpfDatapath) found.push(L.noEbpf);
    if (spec.networkPolicy) found.push(L.noNetworkPolicy);
    if (spec.customCniChain) found.push(L.noCustomCniChain);
    if (spec.existingNodes > 0) found.push(L.existingNodeEnisUnused);
  }
  if (spec.createdMode !== null && spec.createdMode !== spec.mode) found.push(L.modeImmutable);
  if (spec.platform === 'lingjun' && spec.podNetworking) found.push(L.lingjunNoPodNetworking);
  const render = (limit: NodePoolLimitation): Diagnostic =>
    diagnostic(limit.code, `node pool ${spec.name}: ${limit.message}`);
  return {
    violations: found.filter((limit) => limit.severity === 'violation').map(render),
    warnings: found.filter((limit) => limit.severity === 'warning').map(render),
  };
}
