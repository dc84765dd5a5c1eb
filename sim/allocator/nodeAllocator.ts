/**
 * A node's allocator: the entry point the simulator (and, later, a real node) drives.
 *
 * It chooses Terway's allocator as Terway does: on a shared-ENI node, centralized IPAM in the
 * controlplane when the version is ≥ 1.13.4 and `ipam_type` is `crd` (and always on Lingjun,
 * whose shared pool the controlplane runs), else the per-node daemon pool; on an exclusive-ENI
 * node (`k8s.aliyun.com/exclusive-mode-eni-type: eniOnly`), one ENI per pod through the
 * controlplane's PodENI controller. Trunk-member pods on a shared node use the PodENI controller
 * too, riding on the node's trunk ENI.
 *
 * `allocate`/`release` are the IPAM half of a CNI ADD/DEL (what the daemon answers over RPC);
 * `cniAdd`/`cniDel` add the datapath half through the CNI sequences.
 */
import type { Clock } from '../contracts/clock.js';
import type { CloudApi } from '../contracts/cloudApi.js';
import type { Coroutine } from '../contracts/operation.js';
import { wait } from '../contracts/operation.js';
import type { ParallelismLimits } from '../contracts/parallelism.js';
import type { RandomStream } from '../contracts/random.js';
import { assert, AllocatorInvariantError } from './assert.js';
import { backoffSleepsUs } from './backoff.js';
import { CentralizedPool } from './centralizedPool.js';
import { NO_DATAPATH } from './cniSequences.js';
import type { CniSequences, PodNetwork } from './cniSequences.js';
import type { AllocatorConfig } from './config.js';
import { checkAllocatorConfig, configHas } from './config.js';
import type { ControlPlane } from './controlPlane.js';
import { DaemonPool } from './daemonPool.js';
import { bump, newCounters } from './env.js';
import type { AllocatorEnv } from './env.js';
import type { EniRecord } from './eniRecord.js';
import type { PoolSizing } from '../../models/poolSizing.js';
import { checkNodeLimits, effectiveDualStack } from './limits.js';
import type { NodeLimits } from './limits.js';
import type { EniNode } from './podEniController.js';
import { checkPodRequest, podKey } from './podRequest.js';
import type { AllocationResult, CniAddResult, PodRequest, ReleaseResult } from './podRequest.js';
import { DAEMON_RPC_TIMEOUT_US, eniView } from './sharedPool.js';
import { podEniWaitsAt } from './podEniWaits.js';
import type { SharedPool } from './sharedPool.js';
import type { NodeAllocatorSnapshot, PodView, PoolView } from './snapshot.js';
import { DAEMON_VSWITCH_TTL_US, VSwitchPicker, VSwitchPool } from './vSwitchPicker.js';

/** The node an allocator serves. */
export interface NodeIdentity {
  /** The Kubernetes node name. */
  readonly name: string;
  /** The ECS instance id (or Lingjun node id) its ENIs attach to. */
  readonly instanceId: string;
  readonly zoneId: string;
  /** `exclusive` for a node labelled `k8s.aliyun.com/exclusive-mode-eni-type: eniOnly`. */
  readonly mode: 'shared' | 'exclusive';
}

/** What a node allocator is built from: its whole environment, passed in. */
export interface NodeAllocatorOptions {
  readonly clock: Clock;
  /** The node daemon's own cloud client (its own token buckets). */
  readonly cloud: CloudApi;
  readonly rng: RandomStream;
  readonly limits: NodeLimits;
  readonly config: AllocatorConfig;
  /**
   * The pool sizes Terway derives from the limits and the configuration: the models'
   * `sharedPoolSizing(limits, config)`, computed once by the caller for every node alike.
   */
  readonly sizing: PoolSizing;
  readonly node: NodeIdentity;
  /** The cluster controlplane; required for centralized IPAM and ENI-per-pod modes. */
  readonly controlPlane: ControlPlane | null;
  /** The CNI datapath sequences (default: configure nothing). */
  readonly cni?: CniSequences;
  /** ACK's parallelism limits (default: the controlplane's, else none). */
  readonly parallelism?: ParallelismLimits | null;
}

/** Which allocator serves the node's shared addresses. */
export type SharedAllocatorKind = 'daemon' | 'centralized' | 'none';

/** A node's allocator. */
export interface NodeAllocator {
  readonly nodeName: string;
  /** The allocator chosen for shared addresses (`none` on an exclusive-ENI node). */
  readonly sharedAllocator: SharedAllocatorKind;
  /** True when the node runs dual-stack after Terway's parity rule. */
  readonly dualStack: boolean;
  /** Starts the background loops. */
  start(): void;
  /** Stops them at their next wake-up. */
  stop(): void;
  /**
   * The pod was bound to this node: Terway's pod controller sees it in its pod watch
   * (`pod_controller.go:podCreate`) and starts an ENI-per-pod set-up before any CNI ADD. Other
   * pods need nothing until CNI ADD.
   */
  podBound(pod: PodRequest): void;
  /** The IPAM half of CNI ADD. */
  allocate(pod: PodRequest): Coroutine<AllocationResult>;
  /** The IPAM half of CNI DEL (the pod is gone). */
  release(pod: PodRef): ReleaseResult;
  /** CNI ADD: the pod's addresses (or ENI), then its datapath. */
  cniAdd(pod: PodRequest): Coroutine<CniAddResult>;
  /** CNI DEL: the pod's datapath, then its addresses. */
  cniDel(pod: PodRef): Coroutine<ReleaseResult>;
  /** A read-only copy of the node's allocator state. */
  snapshot(): NodeAllocatorSnapshot;
}

/** A pod as a release names it. */
export interface PodRef {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

/** Which shared allocator Terway runs for this node (terway.md §3.1–3.2). */
export function chooseSharedAllocator(options: {
  readonly config: AllocatorConfig;
  readonly limits: NodeLimits;
  readonly mode: 'shared' | 'exclusive';
}): SharedAllocatorKind {
  if (options.mode === 'exclusive') return 'none';
  if (options.limits.platform === 'lingjun') return 'centralized';
  if (options.config.ipamType === 'crd' && configHas(options.config, 'centralizedIpam')) {
    return 'centralized';
  }
  return 'daemon';
}

/** Builds a node's allocator; throws a RangeError naming the problem for an impossible setup. */
export function createNodeAllocator(options: NodeAllocatorOptions): NodeAllocator {
  checkNodeLimits(options.limits);
  checkAllocatorConfig(options.config);
  const { node, limits, config } = options;
  if (node.mode === 'exclusive') {
    const feature =
      limits.platform === 'lingjun' ? 'exclusiveEniPoolLingjun' : 'exclusiveEniPoolEcs';
    if (!configHas(config, feature)) {
      throw new RangeError(
        `node ${node.name}: exclusive ENI mode needs Terway ${limits.platform === 'lingjun' ? '1.14.3' : '1.11.0'} or later, got ${config.terwayVersion.text}`,
      );
    }
  }
  if (limits.highDensity && node.mode !== 'exclusive') {
    throw new RangeError(`node ${node.name}: a high-density node runs exclusive ENI mode only`);
  }
  const kind = chooseSharedAllocator({ config, limits, mode: node.mode });
  if ((kind === 'centralized' || node.mode === 'exclusive') && options.controlPlane === null) {
    throw new RangeError(
      `node ${node.name}: ${kind === 'centralized' ? 'centralized IPAM' : 'exclusive ENI mode'} needs the controlplane`,
    );
  }
  return new TerwayNodeAllocator(options, kind);
}

class TerwayNodeAllocator implements NodeAllocator {
  readonly nodeName: string;
  readonly sharedAllocator: SharedAllocatorKind;
  readonly dualStack: boolean;
  readonly #options: NodeAllocatorOptions;
  readonly #env: AllocatorEnv;
  readonly #cni: CniSequences;
  readonly #sizing: PoolSizing;
  readonly #pool: SharedPool | null;
  readonly #trunk: boolean;
  readonly #eniNode: EniNode | null;

  constructor(options: NodeAllocatorOptions, kind: SharedAllocatorKind) {
    const { node, limits, config, controlPlane } = options;
    this.#options = options;
    this.nodeName = node.name;
    this.sharedAllocator = kind;
    this.dualStack =
      effectiveDualStack(limits, config, node.mode) && configHas(config, 'dualStack');
    this.#cni = options.cni ?? NO_DATAPATH;
    this.#sizing = options.sizing;
    this.#trunk =
      node.mode === 'shared' &&
      config.enableEniTrunking &&
      limits.memberEniLimit > 0 &&
      configHas(config, 'trunk');
    this.#env = {
      clock: options.clock,
      cloud: options.cloud,
      rng: options.rng,
      counters: newCounters(),
      platform: limits.platform,
      instanceId: node.instanceId,
      inFlightByVSwitch: new Map(),
    };
    const parallelism = options.parallelism ?? controlPlane?.parallelism ?? null;
    const hooks = {
      onEniReady: (eni: EniRecord) => this.#eniUp(eni),
      onEniGone: (eni: EniRecord) => this.#eniDown(eni),
    };
    if (kind === 'daemon') {
      this.#pool = new DaemonPool({
        env: this.#env,
        config,
        sizing: this.#sizing,
        nodeName: node.name,
        dualStack: this.dualStack,
        picker: this.#picker(
          this.#env,
          new VSwitchPool({ clock: options.clock, ttlUs: DAEMON_VSWITCH_TTL_US }),
        ),
        trunk: this.#trunk,
        parallelism,
        ...hooks,
      });
    } else if (kind === 'centralized') {
      assert(controlPlane !== null, 'centralized IPAM without a controlplane');
      const env = controlPlane.envFor({
        name: node.name,
        instanceId: node.instanceId,
        platform: limits.platform,
      });
      this.#pool = new CentralizedPool({
        env,
        config,
        sizing: this.#sizing,
        nodeName: node.name,
        dualStack: this.dualStack,
        ipv4PerEni: limits.ipv4PerEni,
        ipv6PerEni: limits.ipv6PerEni,
        picker: this.#picker(env, controlPlane.vSwitches),
        trunk: this.#trunk,
        parallelism,
        ...hooks,
      });
    } else {
      this.#pool = null;
    }
    this.#eniNode = controlPlane === null ? null : this.#makeEniNode(controlPlane);
  }

  #picker(env: AllocatorEnv, pool: VSwitchPool): VSwitchPicker {
    return new VSwitchPicker({
      vSwitchIds: this.#options.config.vSwitchIds,
      zoneId: this.#options.node.zoneId,
      policy: this.#options.config.vswitchSelectionPolicy,
      pool,
      rng: env.rng.fork('vswitch'),
    });
  }

  #makeEniNode(controlPlane: ControlPlane): EniNode {
    const { node, limits } = this.#options;
    const env = controlPlane.envFor({
      name: node.name,
      instanceId: node.instanceId,
      platform: limits.platform,
    });
    return {
      name: node.name,
      env,
      config: this.#options.config,
      picker: this.#picker(env, controlPlane.vSwitches),
      dualStack: this.dualStack,
      trunkEniId: () => {
        const trunk = this.#pool
          ?.enis()
          .find((eni) => eni.kind === 'trunk' && eni.status === 'InUse');
        return trunk?.id ?? null;
      },
    };
  }

  *#eniUp(eni: EniRecord): Coroutine<void> {
    const outcome = yield* this.#cni.setUpEni(eni);
    if (!outcome.ok) bump(this.#env.counters.failures, 'DatapathError');
  }

  *#eniDown(eni: EniRecord): Coroutine<void> {
    const outcome = yield* this.#cni.tearDownEni(eni);
    if (!outcome.ok) bump(this.#env.counters.failures, 'DatapathError');
  }

  start(): void {
    this.#pool?.start();
    this.#options.controlPlane?.start();
  }

  stop(): void {
    this.#pool?.stop();
  }

  /** Which path serves a pod of this kind on this node. */
  #route(pod: PodRequest): 'pool' | 'eni' | 'unsupported' {
    if (this.#options.node.mode === 'exclusive') return 'eni';
    if (pod.kind === 'shared') return this.#pool === null ? 'unsupported' : 'pool';
    if (pod.kind === 'member') return this.#trunk && this.#eniNode !== null ? 'eni' : 'unsupported';
    return 'unsupported';
  }

  *allocate(pod: PodRequest): Coroutine<AllocationResult> {
    checkPodRequest(pod);
    const route = this.#route(pod);
    if (route === 'pool') {
      assert(this.#pool !== null, 'pool route without a pool');
      return yield* this.#pool.allocate(pod);
    }
    if (route === 'eni') return yield* this.#allocateEni(pod);
    bump(this.#env.counters.failures, 'Unsupported');
    const why =
      pod.kind === 'member'
        ? 'trunking is off (enable_eni_trunking, EniTrunkSupported, or a controlplane is missing)'
        : `a ${pod.kind} pod cannot run on a ${this.#options.node.mode}-mode node`;
    return { ok: false, reason: 'Unsupported', message: `pod ${podKey(pod)}: ${why}` };
  }

  podBound(pod: PodRequest): void {
    checkPodRequest(pod);
    if (this.#route(pod) !== 'eni') return;
    const node = this.#eniNode;
    const controlPlane = this.#options.controlPlane;
    assert(node !== null && controlPlane !== null, 'ENI route without a controlplane');
    controlPlane.podEnis.ensureBound(node, pod);
  }

  /**
   * The daemon's side of an ENI-per-pod request (`pkg/eni/remote.go:Allocate`): the controllers
   * started at the pod's binding (`podBound`; ensured again here for a retried ADD); the daemon
   * waits for the PodENI phase `Bind`. A centralized daemon from 1.16.2 is told of each PodENI
   * change by its informer and looks at once and on each change; every other daemon polls with
   * its version's `wait_podeni_status` (1.15.0+: 2 s, then about 1 s × 100; before: at once,
   * then about 5 s × 20).
   */
  *#allocateEni(pod: PodRequest): Coroutine<AllocationResult> {
    const node = this.#eniNode;
    const controlPlane = this.#options.controlPlane;
    assert(node !== null && controlPlane !== null, 'ENI route without a controlplane');
    const podEnis = controlPlane.podEnis;
    podEnis.ensureBound(node, pod);
    const clock = this.#options.clock;
    const waits = podEniWaitsAt(this.#options.config.terwayVersion, {
      member: pod.kind === 'member',
      platform: this.#options.limits.platform,
    });
    if (this.sharedAllocator === 'centralized' && waits.notifierForCentralized) {
      const deadlineUs = clock.nowUs() + DAEMON_RPC_TIMEOUT_US;
      for (;;) {
        const seen = this.#lookPodEni(pod);
        if (seen !== null) return seen;
        const leftUs = deadlineUs - clock.nowUs();
        if (leftUs <= 0) break;
        yield* wait(podEnis.waitChange(leftUs));
      }
    } else {
      const backoff = waits.daemonPoll;
      const sleeps = backoffSleepsUs(backoff, () => this.#env.rng.float());
      for (let attempt = -1; attempt <= sleeps.length; attempt++) {
        // The first look is immediate (a retried ADD of a bound pod); then the backoff.
        if (attempt === 0) yield* wait(clock.sleep(backoff.initialDelayUs));
        else if (attempt > 0) yield* wait(clock.sleep(sleeps[attempt - 1] ?? 0));
        const seen = this.#lookPodEni(pod);
        if (seen !== null) return seen;
      }
    }
    bump(this.#env.counters.failures, 'Timeout');
    return {
      ok: false,
      reason: 'Timeout',
      message: `pod ${podKey(pod)}: PodENI not bound in time`,
    };
  }

  /** One look at the pod's PodENI: a result, or null to keep waiting. */
  #lookPodEni(pod: PodRequest): AllocationResult | null {
    const controlPlane = this.#options.controlPlane;
    assert(controlPlane !== null, 'ENI route without a controlplane');
    const podEnis = controlPlane.podEnis;
    const key = podKey(pod);
    const cancelled = (): AllocationResult => {
      bump(this.#env.counters.failures, 'Cancelled');
      return { ok: false, reason: 'Cancelled', message: `pod ${key} was deleted while it waited` };
    };
    if (!podEnis.isWanted(key, pod.uid)) return cancelled();
    const record = podEnis.store.get(key);
    if (record === undefined || record.uid !== pod.uid) return null;
    if (record.released) return cancelled();
    if (record.phase === 'Failed' && record.failure !== null) {
      bump(this.#env.counters.failures, record.failure.reason);
      return { ok: false, reason: record.failure.reason, message: record.failure.message };
    }
    if (record.phase === 'Bind' && record.nodeName === this.nodeName && record.eni !== null) {
      const eni = record.eni;
      return {
        ok: true,
        kind: record.kind,
        ipv4: eni.primaryIpv4,
        ipv6: [...eni.ipv6.records()][0]?.address ?? null,
        eniId: eni.id,
        vSwitchId: eni.vSwitchId,
        reused: record.reused,
        warm: false,
      };
    }
    return null;
  }

  release(pod: PodRef): ReleaseResult {
    const key = podKey(pod);
    const controlPlane = this.#options.controlPlane;
    if (this.#eniNode !== null && controlPlane !== null) {
      const record = controlPlane.podEnis.store.get(key);
      const mine = record?.uid === pod.uid;
      const here =
        record === undefined || record.nodeName === this.nodeName || record.phase === 'Failed';
      if (here && controlPlane.podEnis.release(this.#eniNode, pod)) {
        return { ok: true, kept: mine && record.fixed !== null };
      }
    }
    if (this.#pool !== null) return this.#pool.release(pod);
    return {
      ok: false,
      reason: 'NotFound',
      message: `pod ${key} holds nothing on ${this.nodeName}`,
    };
  }

  #network(key: string): PodNetwork | null {
    const shared = this.#pool?.podRecord(key);
    if (shared !== undefined) {
      return {
        podKey: key,
        kind: 'shared',
        ipv4: shared.ipv4?.address ?? null,
        ipv6: shared.ipv6?.address ?? null,
        eni: shared.eni,
      };
    }
    const record = this.#options.controlPlane?.podEnis.store.get(key);
    if (record?.eni == null || record.phase !== 'Bind' || record.nodeName !== this.nodeName)
      return null;
    return {
      podKey: key,
      kind: record.kind,
      ipv4: record.eni.primaryIpv4,
      ipv6: [...record.eni.ipv6.records()][0]?.address ?? null,
      eni: record.eni,
    };
  }

  *cniAdd(pod: PodRequest): Coroutine<CniAddResult> {
    const result = yield* this.allocate(pod);
    if (!result.ok) return result;
    const network = this.#network(podKey(pod));
    if (network === null) {
      throw new AllocatorInvariantError(`pod ${podKey(pod)} allocated but holds nothing`);
    }
    const { clock } = this.#options;
    const addressAtUs = clock.nowUs();
    const outcome = yield* this.#cni.setUpPod(network);
    if (outcome.ok) return { ...result, datapathUs: clock.nowUs() - addressAtUs };
    bump(this.#env.counters.failures, 'DatapathError');
    return { ok: false, reason: 'DatapathError', message: outcome.message };
  }

  *cniDel(pod: PodRef): Coroutine<ReleaseResult> {
    const network = this.#network(podKey(pod));
    if (network !== null) yield* this.#cni.tearDownPod(network);
    return this.release(pod);
  }

  snapshot(): NodeAllocatorSnapshot {
    const { node, limits, controlPlane } = this.#options;
    const enis = [...(this.#pool?.enis() ?? [])];
    const pods: PodView[] = [...(this.#pool?.pods() ?? [])];
    let exclusiveBound = 0;
    let memberBound = 0;
    for (const record of controlPlane?.podEnis.store.onNode(node.name) ?? []) {
      if (record.eni === null) continue;
      enis.push(record.eni);
      if (record.phase !== 'Bind') continue;
      if (record.kind === 'member') memberBound++;
      else exclusiveBound++;
      pods.push({
        key: record.key,
        uid: record.uid,
        kind: record.kind,
        ipv4: record.eni.primaryIpv4,
        ipv6: [...record.eni.ipv6.records()][0]?.address ?? null,
        eniId: record.eni.id,
        state: 'active',
      });
    }
    const trunkInUse = this.#eniNode?.trunkEniId() != null;
    return {
      nodeName: node.name,
      instanceId: node.instanceId,
      mode: node.mode,
      dualStack: this.dualStack,
      limits,
      enis: enis.map(eniView),
      pods,
      pool: this.#pool?.poolView() ?? this.#emptyPool(),
      sufficientIp: this.#pool?.sufficientIp() ?? true,
      resources: {
        aliyunEni: {
          allocatable: node.mode === 'exclusive' ? this.#sizing.maxEni : 0,
          inUse: exclusiveBound,
        },
        memberEni: {
          allocatable: this.#trunk && trunkInUse ? limits.memberEniLimit : 0,
          inUse: memberBound,
        },
      },
      inFlightByVSwitch: Object.fromEntries(this.#env.inFlightByVSwitch),
      counters: structuredClone(this.#env.counters),
    };
  }

  #emptyPool(): PoolView {
    return {
      allocator: 'none',
      maxPoolSize: 0,
      minPoolSize: 0,
      capacity: 0,
      idle: 0,
      idlePrimaries: 0,
      inUse: 0,
      deleting: 0,
      lastSyncUs: null,
      lastPodChangeUs: -1,
      lastGrowUs: 0,
      pending: 0,
      inhibitedUntilUs: 0,
      errorsSinceSync: 0,
      settled: true,
    };
  }
}
