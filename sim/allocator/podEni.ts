/**
 * The PodENI custom resource (`network.alibabacloud.com/v1beta1`, terway.md §4): the record of the
 * ENI the controlplane set up for one exclusive or trunk-member pod, named after the pod, with
 * its phase. The daemon waits for the phase `Bind` before it hands the ENI to the pod.
 *
 * The store is cluster-wide (PodENIs are namespaced objects, not node state): a Fixed-IP pod's
 * record outlives the pod and follows it to whichever node it lands on next.
 */
import type { AllocationFailureReason, FixedIpPolicy } from './podRequest.js';
import type { EniRecord } from './eniRecord.js';

/**
 * `status.phase`: Binding (the ENI is being created or attached), Bind (attached and InUse on
 * `nodeName`), Unbind (a Fixed pod's ENI detached and kept), Detaching, Deleting; `Failed` is
 * enisim's name for a PodENI whose set-up failed (Terway records the error as a pod event).
 */
export type PodEniPhase = 'Binding' | 'Bind' | 'Unbind' | 'Detaching' | 'Deleting' | 'Failed';

/** One PodENI. */
export interface PodEniRecord {
  readonly key: string;
  uid: string;
  phase: PodEniPhase;
  /** `exclusive` (aliyun/eni) or `member` (aliyun/member-eni). */
  readonly kind: 'exclusive' | 'member';
  /** The ENI, once created. */
  eni: EniRecord | null;
  /** The node it is (being) bound to; null while Unbind. */
  nodeName: string | null;
  /** The attach call succeeded on `nodeName` (so unbinding starts with a detach). */
  attached: boolean;
  readonly fixed: FixedIpPolicy | null;
  /** `status.podLastSeen`: when the pod was last seen (for the TTL). */
  lastSeenUs: number;
  /** The pod was deleted while its ENI was being set up: tear it down once the set-up ends. */
  released: boolean;
  /** The current pod took over an ENI an earlier pod of its name held (a Fixed IP kept). */
  reused: boolean;
  /** Why the set-up failed, for a `Failed` record. */
  failure: { readonly reason: AllocationFailureReason; readonly message: string } | null;
}

/** The cluster's PodENIs by `namespace/name`. */
export class PodEniStore {
  readonly #records = new Map<string, PodEniRecord>();

  /** The PodENI of a pod, if any. */
  get(key: string): PodEniRecord | undefined {
    return this.#records.get(key);
  }

  /** Creates or replaces a pod's PodENI. */
  set(record: PodEniRecord): void {
    this.#records.set(record.key, record);
  }

  /** Deletes a pod's PodENI. */
  delete(key: string): void {
    this.#records.delete(key);
  }

  /** Every PodENI, in creation order. */
  values(): IterableIterator<PodEniRecord> {
    return this.#records.values();
  }

  /** PodENIs bound (or binding, or detaching) on `nodeName`. */
  onNode(nodeName: string): PodEniRecord[] {
    const result: PodEniRecord[] = [];
    for (const record of this.#records.values()) {
      if (record.nodeName === nodeName && record.phase !== 'Failed' && record.phase !== 'Unbind') {
        result.push(record);
      }
    }
    return result;
  }
}
