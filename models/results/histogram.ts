/**
 * The fixed, log-spaced bins of every latency histogram in the results document. Fixed so two
 * documents (two runs, two enisim versions of the same schema) bin alike and `compare` can lay
 * them on one axis; log-spaced because pod latencies span a warm pool's milliseconds to a
 * throttled ENI's minutes. The edges are the Renard R10 series (ISO 3: ten steps a decade, each
 * ×1.25 or so) from 100 µs to 10,000 s, in whole microseconds, so binning is exact.
 *
 * Bin 0 holds [0, 100 µs); bin i (1 ≤ i ≤ 80) holds [edge[i−1], edge[i]); bin 81 holds
 * [10,000 s, ∞). A histogram is the array of the 82 counts.
 */

/** Ten steps a decade (R10), scaled by 100: 100 … 800. */
const R10_STEPS = [100, 125, 160, 200, 250, 315, 400, 500, 630, 800] as const;

/** The bin edges in microseconds: 100 µs, 125 µs, … 8,000 s, 10,000 s (81 edges). */
export const LATENCY_BIN_EDGES_US: readonly number[] = (() => {
  const edges: number[] = [];
  for (let decade = 1; decade <= 10_000_000; decade *= 10) {
    for (const step of R10_STEPS) edges.push(step * decade);
  }
  edges.push(10_000_000_000);
  return edges;
})();

/** The same edges in milliseconds, as the document states them. */
export const LATENCY_BIN_EDGES_MS: readonly number[] = LATENCY_BIN_EDGES_US.map((us) => us / 1000);

/** How many bins a histogram has (the edges plus one: under the first, over the last). */
export const LATENCY_BIN_COUNT = LATENCY_BIN_EDGES_US.length + 1;

/** The bin of a duration in µs (binary search over the edges). */
export function latencyBinOf(durationUs: number): number {
  let low = 0;
  let high = LATENCY_BIN_EDGES_US.length;
  // The first edge strictly greater than durationUs is the bin's upper edge.
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((LATENCY_BIN_EDGES_US[middle] ?? Infinity) > durationUs) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The lower and upper edge of bin `index` in ms (0 and ∞ at the ends). */
export function latencyBinBoundsMs(
  index: number,
  edgesMs: readonly number[] = LATENCY_BIN_EDGES_MS,
): { readonly lowMs: number; readonly highMs: number } {
  return {
    lowMs: index === 0 ? 0 : (edgesMs[index - 1] ?? Infinity),
    highMs: edgesMs[index] ?? Infinity,
  };
}

/** Counts durations (µs) into a fresh histogram. */
export function latencyHistogram(durationsUs: Iterable<number>): number[] {
  const counts = new Array<number>(LATENCY_BIN_COUNT).fill(0);
  for (const us of durationsUs) {
    const bin = latencyBinOf(us);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}
