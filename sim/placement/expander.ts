/**
 * Cluster-autoscaler expanders: which of the pools that could help grows.
 *
 * - `least-waste` (enisim's default): the option leaving the smallest fraction of new cpu plus
 *   memory capacity unrequested: `(cpu − requested)/cpu + (memory − requested)/memory` over the
 *   new nodes' capacity. It grows the pool whose instance type suits the pending pods.
 * - `most-pods`: the option that places the most pods.
 * - `priority`: the pool with the highest priority.
 * - `random`: any option (CA's own default).
 * Ties among the best are broken at random from the injected stream, as CA chains a random
 * fallback after every expander.
 */
import type { RandomStream } from '../contracts/random.js';
import { intBelow } from '../engine/rng.js';
import type { AutoscaledPool } from './nodePool.js';
import type { PodSpec } from '../../models/pod.js';

/** An expander name (CA's `--expander`). */
export type ExpanderName = 'least-waste' | 'most-pods' | 'priority' | 'random';

/** One way to scale up: grow `pool` by `nodeCount` nodes to place `pods`. */
export interface ExpansionOption {
  readonly pool: AutoscaledPool;
  readonly nodeCount: number;
  readonly pods: readonly PodSpec[];
}

/**
 * The least-waste score: unrequested fraction of cpu plus of memory (0 is no waste, 2 is all
 * wasted), over the new nodes' capacity and the placed pods' requests.
 */
export function wastedScore(option: ExpansionOption): number {
  let cpu = 0;
  let memory = 0;
  for (const pod of option.pods) {
    cpu += pod.requests.cpuMilli;
    memory += pod.requests.memoryBytes;
  }
  const cpuAvailable = option.pool.capacity.cpuMilli * option.nodeCount;
  const memoryAvailable = option.pool.capacity.memoryBytes * option.nodeCount;
  return (cpuAvailable - cpu) / cpuAvailable + (memoryAvailable - memory) / memoryAvailable;
}

function best(
  options: readonly ExpansionOption[],
  better: (option: ExpansionOption) => number,
): ExpansionOption[] {
  let top: ExpansionOption[] = [];
  let topValue = -Infinity;
  for (const option of options) {
    const value = better(option);
    if (value > topValue) {
      topValue = value;
      top = [option];
    } else if (value === topValue) {
      top.push(option);
    }
  }
  return top;
}

/** The options an expander considers best (before the random tie-break). */
export function bestOptions(
  expander: ExpanderName,
  options: readonly ExpansionOption[],
): readonly ExpansionOption[] {
  switch (expander) {
    case 'least-waste':
      return best(options, (option) => -wastedScore(option));
    case 'most-pods':
      return best(options, (option) => option.pods.length);
    case 'priority':
      return best(options, (option) => option.pool.priority);
    case 'random':
      return options;
  }
}

/** The chosen option, or null when there is none. */
export function chooseOption(
  expander: ExpanderName,
  options: readonly ExpansionOption[],
  rng: RandomStream,
): ExpansionOption | null {
  const candidates = bestOptions(expander, options);
  if (candidates.length === 0) return null;
  const index = candidates.length === 1 ? 0 : intBelow(rng, candidates.length);
  return candidates[index] ?? null;
}
