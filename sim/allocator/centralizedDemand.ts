/**
 * The arithmetic of centralized IPAM's `addIP` (controlplane `multi-ip-node` controller,
 * `pkg/controller/multi-ip/node/pool.go`, terway.md §3.2): how many addresses a reconcile asks
 * for, how it spreads them over the node's ENIs (`assignEniWithOptions`), and which of those
 * OpenAPI operations it actually starts (`allocateFromOptions`). Pure functions, pinned in tests.
 */

/** Inputs of the demand formula. */
export interface DemandInput {
  /** Pods on the node without an address (stale pods excluded). */
  readonly podDemand: number;
  /** Idle (Valid, unassigned) addresses on the node's InUse ENIs. */
  readonly totalIdle: number;
  /** The node's `min_pool_size`. */
  readonly minPoolSize: number;
  /** `status.warmUpTarget` (0 when warm-up is off). */
  readonly warmUpTarget: number;
  /** `status.warmUpAllocatedCount`. */
  readonly warmUpAllocated: number;
  /** False once `status.warmUpCompleted` (warm-up is one-shot). */
  readonly warmUpActive: boolean;
}

/** The demand of one reconcile, term by term. */
export interface Demand {
  readonly podDemand: number;
  /** `max(0, MinPoolSize + podDemand − totalIdleIPs)`. */
  readonly minPoolDemand: number;
  /** `max(0, WarmUpTarget − WarmUpAllocatedCount)` while warm-up runs, else 0. */
  readonly warmUpDemand: number;
  /** `podDemand + max(minPoolDemand, warmUpDemand)`. */
  readonly allocationDemand: number;
}

/** The reconcile's demand, exactly as `addIP` computes it. */
export function centralizedDemand(input: DemandInput): Demand {
  const podDemand = input.podDemand;
  const minPoolDemand = Math.max(0, input.minPoolSize + podDemand - input.totalIdle);
  const warmUpDemand =
    input.warmUpActive && input.warmUpTarget > 0
      ? Math.max(0, input.warmUpTarget - input.warmUpAllocated)
      : 0;
  return {
    podDemand,
    minPoolDemand,
    warmUpDemand,
    allocationDemand: podDemand + Math.max(minPoolDemand, warmUpDemand),
  };
}

/** One slot of {@link eniOptionSlots}: an ENI the node has, or a new one to create. */
export type EniSlot<E> =
  | { readonly kind: 'existing'; readonly eni: E }
  | { readonly kind: 'new'; readonly trunk: boolean };

/**
 * `getEniOptions`: the node's ENI slots in the order `addIP` fills them. Terway's flavor here is
 * `total` ENIs, one of them a trunk when `wantTrunk`: a new trunk first (if the node has none and
 * room is left), then the ENIs the node has (`enis`, already sorted), then empty secondary slots
 * for the secondary ENIs the flavor still lacks.
 */
export function eniOptionSlots<E>(input: {
  readonly total: number;
  readonly wantTrunk: boolean;
  readonly enis: readonly E[];
  readonly isTrunk: (eni: E) => boolean;
}): EniSlot<E>[] {
  const { total, enis } = input;
  let trunks = 0;
  for (const eni of enis) if (input.isTrunk(eni)) trunks++;
  const wantTrunk = input.wantTrunk && total > 0;
  const secondaryLeft = total - (wantTrunk ? 1 : 0) - (enis.length - trunks);
  const newLimit = Math.max(total - enis.length, 0);
  const slots: EniSlot<E>[] = [];
  if (wantTrunk && trunks === 0 && newLimit > 0) slots.push({ kind: 'new', trunk: true });
  for (const eni of enis) slots.push({ kind: 'existing', eni });
  const newSecondary = Math.min(Math.max(0, secondaryLeft), total - slots.length);
  for (let i = 0; i < newSecondary; i++) slots.push({ kind: 'new', trunk: false });
  return slots;
}

/** One slot of `getEniOptions` as `assignEniWithOptions` reads it. */
export type EniOptionInput =
  | {
      readonly kind: 'existing';
      readonly status: 'InUse' | 'Attaching';
      /** Addresses on the ENI per family, its primary included. */
      readonly ipv4Count: number;
      readonly ipv6Count: number;
      /** For an Attaching ENI: the counts its attach task asked for (null if the task is lost). */
      readonly requestedIpv4: number | null;
      readonly requestedIpv6: number | null;
      /** The ENI's vSwitch is blocked or empty: `validateENI` skips it. */
      readonly skip: boolean;
    }
  | { readonly kind: 'new'; readonly trunk: boolean };

/** What `assignEniWithOptions` decided for one slot. */
export interface EniOptionPlan {
  readonly addIpv4: number;
  readonly addIpv6: number;
  /** The ENI has no quota left for a family that still needs addresses. */
  readonly isFull: boolean;
}

/**
 * `assignEniWithOptions`: walks the slots in order and gives each `min(quota left, demand left,
 * batch)` per family. An Attaching ENI counts what its task requested and gets nothing more; a
 * new trunk ENI is created with at least one address per enabled family even with no demand.
 */
export function planEniOptions(input: {
  readonly toAdd: number;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly ipv4PerEni: number;
  readonly ipv6PerEni: number;
  /** 10 on ECS, 1 on EFLO. */
  readonly batchSize: number;
  readonly options: readonly EniOptionInput[];
}): EniOptionPlan[] {
  let toAddV4 = input.ipv4 ? input.toAdd : 0;
  let toAddV6 = input.ipv6 ? input.toAdd : 0;
  const plans: EniOptionPlan[] = [];
  for (const option of input.options) {
    let addIpv4 = 0;
    let addIpv6 = 0;
    let isFull = false;
    if (option.kind === 'existing') {
      if (option.skip) {
        plans.push({ addIpv4, addIpv6, isFull });
        continue;
      }
      if (option.status === 'Attaching') {
        if (option.requestedIpv4 !== null && toAddV4 > 0) {
          toAddV4 = option.requestedIpv4 >= toAddV4 ? 0 : toAddV4 - option.requestedIpv4;
        }
        if (option.requestedIpv6 !== null && toAddV6 > 0) {
          toAddV6 = option.requestedIpv6 >= toAddV6 ? 0 : toAddV6 - option.requestedIpv6;
        }
        plans.push({ addIpv4, addIpv6, isFull });
        continue;
      }
      if (toAddV4 > 0) {
        const left = input.ipv4PerEni - option.ipv4Count;
        if (left > 0) {
          addIpv4 = Math.min(left, toAddV4, input.batchSize);
          toAddV4 -= addIpv4;
        } else isFull = true;
      }
      if (toAddV6 > 0) {
        const left = input.ipv6PerEni - option.ipv6Count;
        if (left > 0) {
          addIpv6 = Math.min(left, toAddV6, input.batchSize);
          toAddV6 -= addIpv6;
        } else isFull = true;
      }
    } else {
      if (option.trunk) {
        if (toAddV4 <= 0) toAddV4 = 1;
        if (input.ipv6 && toAddV6 <= 0) toAddV6 = 1;
      }
      if (toAddV4 > 0) {
        addIpv4 = Math.min(input.ipv4PerEni, toAddV4, input.batchSize);
        toAddV4 -= addIpv4;
      }
      if (toAddV6 > 0) {
        addIpv6 = Math.min(input.ipv6PerEni, toAddV6, input.batchSize);
        toAddV6 -= addIpv6;
      }
    }
    plans.push({ addIpv4, addIpv6, isFull });
  }
  return plans;
}

/**
 * `allocateFromOptions`: the indices of the slots whose operation starts this reconcile. At most
 * `createBatchSize` operations (1 on ECS, 2 on EFLO) of either kind, and new ENIs only while
 * `createBatchSize − attachingNow` attach slots are free.
 */
export function selectOperations(input: {
  readonly plans: readonly EniOptionPlan[];
  readonly isNew: readonly boolean[];
  readonly createBatchSize: number;
  readonly attachingNow: number;
}): number[] {
  const availableSlots = Math.max(0, input.createBatchSize - input.attachingNow);
  const chosen: number[] = [];
  let newCreates = 0;
  for (let i = 0; i < input.plans.length; i++) {
    const plan = input.plans[i];
    if (plan === undefined) continue;
    if (plan.addIpv4 <= 0 && plan.addIpv6 <= 0) continue;
    if (chosen.length >= input.createBatchSize) continue;
    if (input.isNew[i] === true) {
      if (newCreates >= availableSlots) continue;
      newCreates++;
    }
    chosen.push(i);
  }
  return chosen;
}

/** `batchSize`: addresses per call, 10 on ECS and 1 on the EFLO (LENI) API. */
export const ECS_BATCH_SIZE = 10;
export const EFLO_BATCH_SIZE = 1;
/** `createBatchSize = min(eniBatchSize(5), 1)` on ECS; `efloMaxConcurrentAttach` on EFLO. */
export const ECS_OPERATIONS_PER_RECONCILE = 1;
export const EFLO_OPERATIONS_PER_RECONCILE = 2;
/** Concurrent attaches per node: `ecsMaxConcurrentAttach`, `efloMaxConcurrentAttach`. */
export const ECS_MAX_CONCURRENT_ATTACH = 5;
export const EFLO_MAX_CONCURRENT_ATTACH = 2;
