/**
 * What the allocator asks of the node's datapath, through the CNI set-up sequences
 * (`sim/allocator/cni/`): bring a new ENI up on the host, wire a pod's interface to its addresses,
 * move an exclusive ENI into a pod, and undo each. The allocator decides *which* address or ENI;
 * these sequences decide *how* the kernel is configured for it (terway.md §3.3–3.4).
 */
import type { Coroutine } from '../contracts/operation.js';
import type { EniRecord } from './eniRecord.js';

/** A pod's network as the allocator hands it to the CNI sequences. */
export interface PodNetwork {
  /** `namespace/name`. */
  readonly podKey: string;
  readonly kind: 'shared' | 'exclusive' | 'member';
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly eni: EniRecord;
}

/** The outcome of a sequence: done, or the step that failed (an expected kernel error). */
export type CniOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** The datapath sequences the allocator drives. */
export interface CniSequences {
  /** Brings a new shared-mode ENI up on the host (link up, its policy-routing table). */
  setUpEni(eni: EniRecord): Coroutine<CniOutcome>;
  /** Undoes {@link CniSequences.setUpEni} before the ENI is detached. */
  tearDownEni(eni: EniRecord): Coroutine<CniOutcome>;
  /** CNI ADD's datapath part for a pod that has its addresses (or its ENI). */
  setUpPod(network: PodNetwork): Coroutine<CniOutcome>;
  /** CNI DEL's datapath part. */
  tearDownPod(network: PodNetwork): Coroutine<CniOutcome>;
}

// One shared outcome (it is read-only), so a no-op sequence allocates only its generator.
const OK: CniOutcome = Object.freeze({ ok: true });

// eslint-disable-next-line require-yield -- completes without waiting on anything
function* ok(): Coroutine<CniOutcome> {
  return OK;
}

/** Sequences that configure nothing: for allocator-only runs (benchmarks, IPAM tests). */
export const NO_DATAPATH: CniSequences = {
  setUpEni: () => ok(),
  tearDownEni: () => ok(),
  setUpPod: () => ok(),
  tearDownPod: () => ok(),
};
