/**
 * The node pools of a run and their nodes: each node is an instance in the simulated cloud (in
 * its vSwitch's zone), a node the scheduler sees once Ready, and a Terway allocator.
 *
 * - A pool that exists at time 0 is an existing cluster: its nodes are Ready at once. Nodes added
 *   later (a scale-up, a new pool, existing instances joining) are Ready after the pool's
 *   node-ready delay; their instance (and its primary address) exists from the moment it is
 *   asked for. A vSwitch with no free address fails the creation, as ECS does, and the node is
 *   tried in the pool's next vSwitch (ACK's scaling group spreads over them in turn).
 * - A pool is admitted only when the models admit its instance type at the cluster's Terway
 *   version (an exclusive-ENI pool needs 1.11.0 on ECS, 1.14.3 on Lingjun); until an upgrade
 *   makes that true, its nodes do not join.
 * - Each node's allocator is Terway's own choice (`createNodeAllocator`): a per-node daemon pool
 *   with its own cloud client, or, with centralized IPAM or exclusive ENIs, the controlplane
 *   with its cluster-wide client. A pool takes its instance types in order of preference and
 *   uses the first (ACK's scaling group with the priority policy, when stock never runs out).
 * - Removing nodes drains them: cordon, delete their pods (their controllers recreate them
 *   elsewhere), release the instance when the last pod has left.
 */
import { createNodeAllocator } from '../allocator/index.js';
import { US_PER_SECOND } from '../contracts/clock.js';
import type { CloudApi } from '../contracts/cloudApi.js';
import type { Coroutine } from '../contracts/operation.js';
import { wait } from '../contracts/operation.js';
import { AnnotationKeys } from '../../models/wellKnownKeys.js';
import { makeNode, type NodeView } from '../placement/node.js';
import type { AutoscaledPool } from '../placement/nodePool.js';
import type { InstanceType } from '../../models/instanceType.js';
import type { NodePoolSpec, VSwitchSpec } from '../../scenarios/load/index.js';
import { nodeLabels } from '../../scenarios/load/index.js';
import type { RunContext } from './context.js';
import type { NodeDirectory, PodLifecycle } from './podLifecycle.js';
import { nodeProfile, UNKNOWN_RESOURCE, type NodeProfile } from './nodeProfile.js';
import { SimNode } from './simNode.js';

/** A pool during a run. */
export interface PoolRuntime {
  readonly spec: NodePoolSpec;
  /** When the pool was created in the run. */
  readonly createdAtUs: number;
  /** When the pool became admitted (its nodes may join), or null while it is not. */
  admittedAtUs: number | null;
  /** Why it is not admitted (the models' violation), or null. */
  refusal: string | null;
  /** Nodes asked for and not removed (provisioning, ready or draining). */
  readonly nodes: SimNode[];
  /** Every node the pool ever had, for the density report. */
  readonly history: SimNode[];
  /** The node count the pool aims at (autoscaler target, or its fixed count). */
  targetSize: number;
  /** Serial of the next node's name. */
  nextSerial: number;
  /** Existing instances waiting for the pool's admission. */
  readonly waitingExisting: { readonly type: InstanceType; readonly enis: number }[];
}

/** Polls of an existing ENI's status before giving up (an attach takes seconds). */
const EXISTING_ENI_POLLS_MAX = 120;

/** The pools of a run. */
export class NodePools implements NodeDirectory {
  readonly pools: PoolRuntime[] = [];
  readonly #ctx: RunContext;
  readonly #byName = new Map<string, SimNode>();
  readonly #vSwitches: ReadonlyMap<string, VSwitchSpec>;
  readonly #profiles = new Map<string, NodeProfile>();
  #lifecycle: PodLifecycle | null = null;
  #console: CloudApi | null = null;
  /** Addresses on foreign ENIs (attached before a node joined), by instance. */
  readonly #foreign = new Map<string, { readonly vSwitchId: string; count: number }>();

  constructor(ctx: RunContext) {
    this.#ctx = ctx;
    this.#vSwitches = new Map(ctx.scenario.cluster.vSwitches.map((v) => [v.id, v]));
  }

  /** Connects the pod lifecycle (pools and pods refer to each other). */
  attach(lifecycle: PodLifecycle): void {
    this.#lifecycle = lifecycle;
  }

  /** The node named `name`; throws for an unknown one (a bound pod's node always exists). */
  node(name: string): SimNode {
    const node = this.#byName.get(name);
    if (node === undefined) throw new Error(`assertion: no node ${name}`);
    return node;
  }

  /** Every node not yet removed, in creation order. */
  liveNodes(): SimNode[] {
    return this.pools.flatMap((pool) => pool.nodes);
  }

  /** The pool named `name`, or undefined. */
  pool(name: string): PoolRuntime | undefined {
    return this.pools.find((pool) => pool.spec.name === name);
  }

  /** Adds a pool: at time 0 its nodes are Ready at once, later after the node-ready delay. */
  addPool(spec: NodePoolSpec, initial: boolean): PoolRuntime {
    const pool: PoolRuntime = {
      spec,
      createdAtUs: this.#ctx.engine.nowUs(),
      admittedAtUs: null,
      refusal: null,
      nodes: [],
      history: [],
      targetSize: spec.initialCount,
      nextSerial: 0,
      waitingExisting: [],
    };
    this.pools.push(pool);
    this.#admit(pool, initial);
    return pool;
  }

  /** Re-checks admission after a Terway upgrade; newly admitted pools get their nodes. */
  refreshAdmission(): void {
    for (const pool of this.pools) if (pool.admittedAtUs === null) this.#admit(pool, false);
  }

  #admit(pool: PoolRuntime, initial: boolean): void {
    const type = this.#primaryType(pool);
    const zone = this.#zoneOf(pool.spec.vSwitchIds[0] ?? '');
    const plan = this.#profile(pool, type, zone).plan;
    if (!plan.admitted) {
      pool.refusal = plan.violations.map((violation) => violation.message).join('; ');
      return;
    }
    pool.refusal = null;
    pool.admittedAtUs = this.#ctx.engine.nowUs();
    this.#createNodes(pool, pool.targetSize, { ready: initial });
    for (const existing of pool.waitingExisting.splice(0)) {
      this.#createExisting(pool, existing.type, existing.enis);
    }
  }

  /**
   * Addresses held by ENIs no Terway allocator manages (those existing instances brought), per
   * vSwitch: the invariant checkers count them as used from outside, like `inUseAtStart`.
   */
  foreignAddresses(): ReadonlyMap<string, number> {
    const byVSwitch = new Map<string, number>();
    for (const { vSwitchId, count } of this.#foreign.values()) {
      byVSwitch.set(vSwitchId, (byVSwitch.get(vSwitchId) ?? 0) + count);
    }
    return byVSwitch;
  }

  /** Sets the pool's size: new nodes are created, surplus ones drained (newest first). */
  scaleTo(pool: PoolRuntime, count: number): void {
    const current = pool.nodes.filter((node) => node.state !== 'draining').length;
    pool.targetSize = count;
    if (pool.admittedAtUs === null) return;
    if (count > current) this.#createNodes(pool, count - current, { ready: false });
    else if (count < current) this.#removeNewest(pool, current - count);
  }

  /** Grows the pool by `count` nodes (an autoscaler decision). */
  grow(pool: PoolRuntime, count: number): void {
    pool.targetSize += count;
    this.#createNodes(pool, count, { ready: false });
  }

  /** Adds existing instances to the pool; they keep their attached ENIs. */
  addExisting(pool: PoolRuntime, type: InstanceType, count: number, enis: number): void {
    pool.targetSize += count;
    for (let index = 0; index < count; index++) {
      if (pool.admittedAtUs === null) pool.waitingExisting.push({ type, enis });
      else this.#createExisting(pool, type, enis);
    }
  }

  #primaryType(pool: PoolRuntime): InstanceType {
    const [type] = pool.spec.instanceTypes;
    if (type === undefined) throw new Error(`assertion: pool ${pool.spec.name} has no type`);
    return type;
  }

  #zoneOf(vSwitchId: string): string {
    const vSwitch = this.#vSwitches.get(vSwitchId);
    if (vSwitch === undefined) throw new Error(`assertion: no vSwitch ${vSwitchId}`);
    return vSwitch.zone;
  }

  #profile(pool: PoolRuntime, type: InstanceType, zone: string): NodeProfile {
    const version = this.#ctx.terwayVersion;
    const key = `${pool.spec.name}\u0000${type.id}\u0000${zone}\u0000${version.text}`;
    let profile = this.#profiles.get(key);
    if (profile === undefined) {
      profile = nodeProfile(pool.spec, type, {
        zone,
        terwayVersion: version,
        ipStack: this.#ctx.scenario.cluster.ipStack,
      });
      this.#profiles.set(key, profile);
      for (const warning of profile.warnings) this.#ctx.metrics.warn(warning);
    }
    return profile;
  }

  /** A pool's node as the autoscaler's template (labels of the zone it would use next). */
  autoscaledPools(): AutoscaledPool[] {
    const pools: AutoscaledPool[] = [];
    for (const pool of this.pools) {
      const scaling = pool.spec.autoscaling;
      if (scaling === null || pool.admittedAtUs === null) continue;
      const type = this.#primaryType(pool);
      const vSwitchIds = pool.spec.vSwitchIds;
      const vSwitchId = vSwitchIds[pool.nextSerial % vSwitchIds.length] ?? '';
      const profile = this.#profile(pool, type, this.#zoneOf(vSwitchId));
      const live = pool.nodes.filter((node) => node.state !== 'draining');
      pools.push({
        name: pool.spec.name,
        minSize: scaling.minCount,
        maxSize: scaling.maxCount,
        targetSize: Math.max(live.length, Math.min(pool.targetSize, scaling.maxCount)),
        upcomingNodes: live.filter((node) => node.state === 'provisioning').length,
        template: this.#view(pool, profile, `${pool.spec.name}-template`),
        capacity: {
          cpuMilli: profile.plan.capacity.cpuMillis ?? UNKNOWN_RESOURCE,
          memoryBytes: profile.plan.capacity.memoryBytes ?? UNKNOWN_RESOURCE,
        },
        priority: 0,
      });
    }
    return pools;
  }

  #view(pool: PoolRuntime, profile: NodeProfile, name: string): NodeView {
    return makeNode({
      name,
      labels: nodeLabels(pool.spec, {
        zone: profile.zone,
        instanceTypeId: profile.type.id,
        nodeName: name,
        region: this.#ctx.scenario.cluster.region,
      }),
      annotations: { [AnnotationKeys.maxAvailableIp]: String(profile.maxAvailableIp) },
      taints: pool.spec.taints,
      allocatable: profile.allocatable,
    });
  }

  #createNodes(pool: PoolRuntime, count: number, options: { readonly ready: boolean }): void {
    const type = this.#primaryType(pool);
    for (let index = 0; index < count; index++) {
      const node = this.#createInstance(pool, type, 0);
      if (node === null) {
        pool.targetSize = Math.max(0, pool.targetSize - (count - index));
        return;
      }
      if (options.ready) this.#ready(node);
      else this.#readyLater(node, pool.spec.nodeReadyDelayUs);
    }
  }

  #createExisting(pool: PoolRuntime, type: InstanceType, enis: number): void {
    const node = this.#createInstance(pool, type, enis);
    if (node === null) {
      pool.targetSize = Math.max(0, pool.targetSize - 1);
      return;
    }
    this.#ctx.engine.process(this.#joinExisting(node, enis, pool.spec.nodeReadyDelayUs));
  }

  /** Creates the cloud instance, trying the pool's vSwitches in turn; null when all are full. */
  #createInstance(pool: PoolRuntime, type: InstanceType, existingEnis: number): SimNode | null {
    const { cloud, engine, metrics } = this.#ctx;
    const vSwitchIds = pool.spec.vSwitchIds;
    const free = new Map(cloud.vSwitchAccounting().map((a) => [a.vSwitchId, a.ipv4.free]));
    for (let attempt = 0; attempt < vSwitchIds.length; attempt++) {
      const vSwitchId = vSwitchIds[(pool.nextSerial + attempt) % vSwitchIds.length] ?? '';
      if ((free.get(vSwitchId) ?? 0) === 0) continue;
      const zone = this.#zoneOf(vSwitchId);
      const name = `${pool.spec.name}-${String(pool.nextSerial++).padStart(3, '0')}`;
      const profile = this.#profile(pool, type, zone);
      const lingjunLeni = type.platform === 'lingjun' && type.lingjunApi === 'leni';
      const instanceId = lingjunLeni ? `e01-${name}` : `i-${name}`;
      if (lingjunLeni) {
        cloud.addLingjunNode({
          nodeId: instanceId,
          zoneId: zone,
          vSwitchId,
          leniQuota: type.eniQuantity,
          leniSipQuota: type.ipv4PerEni,
          hdeniQuota: type.highDensityQuantity ?? 0,
          // DescribeNode reports the catalog type as the machine type.
          machineType: type.id,
        });
      } else {
        cloud.addInstance({
          instanceId,
          zoneId: zone,
          vSwitchId,
          eniQuantity: type.eniQuantity,
          eniTotalQuantity: type.eniTotalQuantity ?? type.eniQuantity,
          eniTrunkSupported: type.trunkSupported ?? false,
          eniPrivateIpAddressQuantity: type.ipv4PerEni,
          eniIpv6AddressQuantity: type.ipv6PerEni ?? 0,
          lingjunEcsLink: type.platform === 'lingjun',
        });
      }
      const node = new SimNode({
        name,
        poolName: pool.spec.name,
        profile,
        instanceId,
        vSwitchId,
        createdUs: engine.nowUs(),
        existingEnis,
        kubeletRng: this.#ctx.rng.fork(`kubelet/${name}`),
      });
      pool.nodes.push(node);
      pool.history.push(node);
      this.#byName.set(name, node);
      return node;
    }
    metrics.autoscaler.push({
      atUs: engine.nowUs(),
      pool: pool.spec.name,
      action: 'createFailed',
      nodes: 1,
      detail: `InvalidVSwitchId.IpNotEnough: no free address in ${vSwitchIds.join(', ')}`,
    });
    return null;
  }

  #readyLater(node: SimNode, delayUs: number): void {
    this.#ctx.engine.schedule(delayUs, () => {
      if (node.state === 'provisioning') this.#ready(node);
    });
  }

  /**
   * An existing instance joins: its foreign ENIs are attached first (through the console's own
   * client, as the user once did), then it is Ready after the pool's node-ready delay.
   */
  *#joinExisting(node: SimNode, enis: number, delayUs: number): Coroutine<void> {
    const startUs = this.#ctx.engine.nowUs();
    this.#console ??= this.#ctx.clientFor('console');
    const api = this.#console;
    for (let index = 0; index < enis; index++) {
      const created = yield* wait(
        api.createNetworkInterface({
          vSwitchId: node.vSwitchId,
          securityGroupIds: node.profile.config.securityGroupIds,
          secondaryPrivateIpAddressCount: 0,
          ipv6AddressCount: 0,
        }),
      );
      if (!created.ok) continue;
      const id = created.value.networkInterfaceId;
      const foreign = this.#foreign.get(node.instanceId) ?? { vSwitchId: node.vSwitchId, count: 0 };
      foreign.count += created.value.privateIpAddresses.length;
      this.#foreign.set(node.instanceId, foreign);
      yield* wait(
        api.attachNetworkInterface({ networkInterfaceId: id, instanceId: node.instanceId }),
      );
      for (let poll = 0; poll < EXISTING_ENI_POLLS_MAX; poll++) {
        yield* wait(this.#ctx.engine.sleep(US_PER_SECOND));
        const described = yield* wait(api.describeNetworkInterfaces({ networkInterfaceIds: [id] }));
        if (!described.ok || described.value[0]?.status === 'InUse') break;
      }
    }
    const elapsedUs = this.#ctx.engine.nowUs() - startUs;
    yield* wait(this.#ctx.engine.sleep(Math.max(0, delayUs - elapsedUs)));
    if (node.state === 'provisioning') this.#ready(node);
  }

  /** The node is Ready: its allocator starts and the scheduler sees it. */
  #ready(node: SimNode): void {
    const { engine, cloud, controlPlane, state, rng } = this.#ctx;
    const profile = node.profile;
    const mode = profile.mode;
    node.allocator = createNodeAllocator({
      clock: engine,
      cloud: this.#ctx.clientFor(`node/${node.instanceId}`),
      rng: rng.fork(`allocator/${node.name}`),
      limits: profile.limits,
      config: profile.config,
      sizing: profile.sizing,
      node: { name: node.name, instanceId: node.instanceId, zoneId: profile.zone, mode },
      controlPlane,
      parallelism: cloud.parallelism,
    });
    const pool = this.pool(node.poolName);
    if (pool === undefined) throw new Error(`assertion: node ${node.name} without a pool`);
    node.view = this.#view(pool, profile, node.name);
    node.state = 'ready';
    node.readyUs = engine.nowUs();
    node.emptySinceUs = node.readyUs;
    node.allocator.start();
    state.addNode(node.view);
    this.#lifecycle?.clusterChanged();
  }

  /** Drains and removes the `count` newest nodes of the pool. */
  #removeNewest(pool: PoolRuntime, count: number): void {
    const candidates = pool.nodes.filter((node) => node.state !== 'draining').reverse();
    for (const node of candidates.slice(0, count)) this.drain(node);
  }

  /**
   * Removes a node: a provisioning one at once; a ready one is cordoned, its pods deleted, and
   * its instance released once they are gone.
   *
   * Equivalent to: ACK removing a node from a pool (drain, then release the ECS instance).
   */
  drain(node: SimNode): void {
    if (node.state === 'draining' || node.state === 'removed') return;
    if (node.state === 'provisioning') {
      this.#release(node);
      return;
    }
    node.state = 'draining';
    const view = node.view;
    if (view !== null) {
      node.view = { ...view, unschedulable: true };
      this.#ctx.state.updateNode(node.view);
    }
    const pods = this.#lifecycle?.podsOn(node) ?? [];
    pods.sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const pod of pods) this.#lifecycle?.delete(pod);
    if (node.podsBound === 0) this.#release(node);
  }

  /** A pod left `node`: a draining node with no pods left is released. */
  podLeft(node: SimNode): void {
    if (node.state === 'draining' && node.podsBound === 0) this.#release(node);
  }

  #release(node: SimNode): void {
    const { state, cloud } = this.#ctx;
    const wasReady = node.state === 'draining' || node.state === 'ready';
    node.allocator?.stop();
    if (wasReady) state.removeNode(node.name);
    node.state = 'removed';
    cloud.removeInstance(node.instanceId, { deleteAttachedEnis: true });
    this.#foreign.delete(node.instanceId);
    const pool = this.pool(node.poolName);
    if (pool !== undefined) {
      const index = pool.nodes.indexOf(node);
      if (index >= 0) pool.nodes.splice(index, 1);
    }
  }
}
