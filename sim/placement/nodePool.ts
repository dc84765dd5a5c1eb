/**
 * An autoscaled node pool as the cluster autoscaler sees it (a CA "node group"): its size
 * bounds, its current target, and the template every new node is built from.
 */
import { nodeProblems, type NodeView } from './node.js';
import { assertNoProblems } from '../../models/pod.js';

/** An autoscaled node pool. */
export interface AutoscaledPool {
  readonly name: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Nodes the pool has or has asked for (CA's target size), upcoming ones included. */
  readonly targetSize: number;
  /** Of those, nodes asked for that are not yet registered and Ready. */
  readonly upcomingNodes: number;
  /**
   * What a new node will look like: labels, taints, allocatable, annotations (including
   * `k8s.aliyun.com/max-available-ip`) and the DaemonSet pods' usage in `requested`.
   */
  readonly template: NodeView;
  /** The instance type's capacity (least-waste measures waste against it). */
  readonly capacity: { readonly cpuMilli: number; readonly memoryBytes: number };
  /** The priority expander prefers higher values. */
  readonly priority: number;
}

function sizeProblem(value: number, where: string): string[] {
  return Number.isSafeInteger(value) && value >= 0
    ? []
    : [`${where}: must be a non-negative integer, got ${value}`];
}

/** Problems with a pool (empty when valid). */
export function poolProblems(pool: AutoscaledPool): string[] {
  const where = `pool ${pool.name}`;
  const problems = [
    ...sizeProblem(pool.minSize, `${where}.minSize`),
    ...sizeProblem(pool.maxSize, `${where}.maxSize`),
    ...sizeProblem(pool.targetSize, `${where}.targetSize`),
    ...sizeProblem(pool.upcomingNodes, `${where}.upcomingNodes`),
    ...nodeProblems(pool.template),
  ];
  if (pool.minSize > pool.maxSize) {
    problems.push(`${where}: minSize ${pool.minSize} exceeds maxSize ${pool.maxSize}`);
  }
  if (pool.upcomingNodes > pool.targetSize) {
    problems.push(`${where}: upcomingNodes ${pool.upcomingNodes} exceeds targetSize`);
  }
  if (!(pool.capacity.cpuMilli > 0) || !(pool.capacity.memoryBytes > 0)) {
    problems.push(`${where}.capacity: cpu and memory must be positive`);
  }
  return problems;
}

/** Throws a RangeError listing every problem with the pools (and repeated names). */
export function assertValidPools(pools: readonly AutoscaledPool[]): void {
  const names = new Set<string>();
  const problems = pools.flatMap((pool) => {
    const repeated = names.has(pool.name) ? [`pool ${pool.name}: name is used twice`] : [];
    names.add(pool.name);
    return [...repeated, ...poolProblems(pool)];
  });
  assertNoProblems(problems, 'node pools');
}
