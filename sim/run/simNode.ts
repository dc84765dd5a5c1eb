/**
 * One node of a run: an instance in the simulated cloud, a node the scheduler sees once it is
 * Ready, and the Terway allocator that serves its pods. It also keeps the density figures the
 * forecast reports (the most pods bound, and the most holding a network, at once).
 */
import type { NodeAllocator } from '../allocator/index.js';
import type { NodeView } from '../placement/node.js';
import type { Rng } from '../engine/rng.js';
import type { NodeProfile } from './nodeProfile.js';

/** Where a node is in its life. */
export type NodeState = 'provisioning' | 'ready' | 'draining' | 'removed';

/** A node in a run. */
export class SimNode {
  readonly name: string;
  readonly poolName: string;
  readonly profile: NodeProfile;
  readonly instanceId: string;
  /** The vSwitch its primary ENI's address comes from. */
  readonly vSwitchId: string;
  readonly createdUs: number;
  /** Secondary ENIs attached before it joined (an existing node); never used by Terway here. */
  readonly existingEnis: number;
  /** Draws the kubelet's delays on this node. */
  readonly kubeletRng: Rng;
  /** The kubelet's delay samplers over `kubeletRng` (made by the lifecycle on first use). */
  kubeletDelays: { readonly sandbox: () => number; readonly start: () => number } | null = null;
  state: NodeState = 'provisioning';
  readyUs = -1;
  view: NodeView | null = null;
  allocator: NodeAllocator | null = null;
  /** Pods on the pod network bound here now, and the most at once. */
  boundPods = 0;
  boundPodsMax = 0;
  /** Pods holding a network (CNI ADD done, no DEL yet) here now, and the most at once. */
  networkPods = 0;
  networkPodsMax = 0;
  /** Pods bound here of any kind (host network too): what scale-down and draining look at. */
  podsBound = 0;
  /** Since when no pod has been bound here (for scale-down), or −1 while some is. */
  emptySinceUs = -1;
  /** Pods still to terminate before a draining node is released. */
  drainingPods = 0;

  constructor(init: {
    readonly name: string;
    readonly poolName: string;
    readonly profile: NodeProfile;
    readonly instanceId: string;
    readonly vSwitchId: string;
    readonly createdUs: number;
    readonly existingEnis: number;
    readonly kubeletRng: Rng;
  }) {
    this.name = init.name;
    this.poolName = init.poolName;
    this.profile = init.profile;
    this.instanceId = init.instanceId;
    this.vSwitchId = init.vSwitchId;
    this.createdUs = init.createdUs;
    this.existingEnis = init.existingEnis;
    this.kubeletRng = init.kubeletRng;
  }

  /** A pod on the pod network was bound here. */
  podBound(networked: boolean): void {
    this.podsBound++;
    this.emptySinceUs = -1;
    if (!networked) return;
    this.boundPods++;
    if (this.boundPods > this.boundPodsMax) this.boundPodsMax = this.boundPods;
  }

  /** A pod left the node (its sandbox torn down and the pod gone or finished). */
  podUnbound(networked: boolean, nowUs: number): void {
    this.podsBound--;
    if (this.podsBound < 0) throw new Error(`assertion: node ${this.name} unbound too many pods`);
    if (this.podsBound === 0) this.emptySinceUs = nowUs;
    if (networked) this.boundPods--;
  }

  /** A pod got its network here. */
  networkUp(): void {
    this.networkPods++;
    if (this.networkPods > this.networkPodsMax) this.networkPodsMax = this.networkPods;
  }

  /** A pod's network was released here. */
  networkDown(): void {
    this.networkPods--;
    if (this.networkPods < 0) throw new Error(`assertion: node ${this.name} released too many`);
  }
}
