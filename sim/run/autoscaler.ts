/**
 * The cluster autoscaler's loop (`RunOnce` every `--scan-interval`, 10 s by default): it looks at
 * the pods whose last scheduling cycle failed and asks placement's `decideScaleUp` which pool to
 * grow and by how much; with scale-down on, `decideScaleDown` picks empty nodes to remove.
 *
 * It sees what the scheduler sees (cpu, memory, pods, `aliyun/eni`, `aliyun/member-eni`,
 * `max-available-ip`), never a vSwitch: a pool whose vSwitch is full still grows (and its new
 * nodes' pods then wait in network set-up), and an instance that cannot get its own address
 * fails to be created, as an ECS scaling activity does.
 */
import { Priority } from '../engine/engine.js';
import { decideScaleDown, decideScaleUp, type ScaleDownNode } from '../placement/autoscaler.js';
import { defaultProfile } from '../placement/registry.js';
import type { Rng } from '../engine/rng.js';
import type { RunContext } from './context.js';
import type { NodePools } from './nodePools.js';
import type { PodLifecycle } from './podLifecycle.js';

/** The engine priority of a scan: after the normal events of the same moment. */
const AUTOSCALER_PRIORITY = Priority.normal + 1;

/** Pods named in an autoscaler record, at most. */
const PODS_NAMED_MAX = 3;

/** The autoscaler of a run. */
export class AutoscalerLoop {
  readonly #ctx: RunContext;
  readonly #pools: NodePools;
  readonly #lifecycle: PodLifecycle;
  readonly #rng: Rng;
  #lastScaleUpUs: number | null = null;

  constructor(ctx: RunContext, pools: NodePools, lifecycle: PodLifecycle) {
    this.#ctx = ctx;
    this.#pools = pools;
    this.#lifecycle = lifecycle;
    this.#rng = ctx.rng.fork('autoscaler');
  }

  /**
   * Starts the loop: the first scan one interval in, then every interval. A scan runs after
   * everything else due at the same moment (a lower priority), so the scheduler has placed what
   * fits on nodes that just became Ready before the autoscaler counts pods as unschedulable.
   */
  start(): void {
    const intervalUs = this.#ctx.scenario.cluster.autoscaler.scanIntervalUs;
    const tick = (): void => {
      this.#scan();
      this.#ctx.engine.schedule(intervalUs, tick, AUTOSCALER_PRIORITY);
    };
    this.#ctx.engine.schedule(intervalUs, tick, AUTOSCALER_PRIORITY);
  }

  #scan(): void {
    const pools = this.#pools.autoscaledPools();
    if (pools.length === 0) return;
    const { engine, metrics, scenario } = this.#ctx;
    const nowUs = engine.nowUs();
    const pending = this.#lifecycle.unschedulablePods();
    if (pending.length > 0) {
      const decision = decideScaleUp(
        pending.map((pod) => pod.spec),
        pools,
        { rng: this.#rng, profile: defaultProfile(scenario.cluster.scheduler.scoringStrategy) },
      );
      const scaleUp = decision.scaleUp;
      const pool = scaleUp === null ? undefined : this.#pools.pool(scaleUp.pool);
      if (scaleUp !== null && pool !== undefined) {
        this.#pools.grow(pool, scaleUp.nodeCount);
        this.#lastScaleUpUs = nowUs;
        const named = scaleUp.podKeys.slice(0, PODS_NAMED_MAX).join(', ');
        const more = scaleUp.podKeys.length - PODS_NAMED_MAX;
        metrics.autoscaler.push({
          atUs: nowUs,
          pool: scaleUp.pool,
          action: 'scaleUp',
          nodes: scaleUp.nodeCount,
          detail: `for ${scaleUp.podKeys.length} pods: ${named}${more > 0 ? ` and ${more} more` : ''}`,
        });
      }
    }
    if (scenario.cluster.autoscaler.scaleDownEnabled) this.#scaleDown(nowUs);
  }

  #scaleDown(nowUs: number): void {
    const autoscaled = this.#pools.pools.filter(
      (pool) => pool.spec.autoscaling !== null && pool.admittedAtUs !== null,
    );
    const nodes: ScaleDownNode[] = autoscaled.flatMap((pool) =>
      pool.nodes
        .filter((node) => node.state === 'ready')
        .map((node) => ({
          name: node.name,
          pool: pool.spec.name,
          boundPods: node.podsBound,
          emptySinceUs: node.emptySinceUs >= 0 ? node.emptySinceUs : null,
        })),
    );
    const removed = decideScaleDown(
      nodes,
      autoscaled.map((pool) => ({
        name: pool.spec.name,
        minSize: pool.spec.autoscaling?.minCount ?? 0,
        targetSize: pool.nodes.filter((node) => node.state !== 'draining').length,
      })),
      {
        nowUs,
        lastScaleUpUs: this.#lastScaleUpUs,
        unneededTimeUs: this.#ctx.scenario.cluster.autoscaler.scaleDownUnneededTimeUs,
      },
    );
    for (const name of removed) {
      const node = this.#pools.node(name);
      const pool = this.#pools.pool(node.poolName);
      if (pool !== undefined) pool.targetSize = Math.max(0, pool.targetSize - 1);
      this.#pools.drain(node);
      this.#ctx.metrics.autoscaler.push({
        atUs: nowUs,
        pool: node.poolName,
        action: 'scaleDown',
        nodes: 1,
        detail: `${name} empty since ${Math.round(node.emptySinceUs / 1_000_000)} s`,
      });
    }
  }
}
