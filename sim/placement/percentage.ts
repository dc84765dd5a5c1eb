/**
 * kube-scheduler's `percentageOfNodesToScore`: on a large cluster, filtering stops once enough
 * feasible nodes are found, and only those are scored. With the setting at 0 (the default) the
 * percentage adapts: `50 − nodes/125`, never under 5%; and at least 100 nodes are sought
 * (clusters under 100 nodes are searched whole). All divisions truncate, as Go's int32 ones do.
 */

/** At least this many feasible nodes are sought (`minFeasibleNodesToFind`). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never drops below this (`minFeasibleNodesPercentageToFind`). */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** The adaptive percentage for a cluster of `numAllNodes` nodes. */
export function adaptivePercentageOfNodesToScore(numAllNodes: number): number {
  return Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
}

/**
 * How many feasible nodes to find before scoring (`numFeasibleNodesToFind`).
 * `percentageOfNodesToScore` is an integer in [0, 100]; 0 selects the adaptive default.
 */
export function numFeasibleNodesToFind(
  percentageOfNodesToScore: number,
  numAllNodes: number,
): number {
  if (
    !Number.isSafeInteger(percentageOfNodesToScore) ||
    percentageOfNodesToScore < 0 ||
    percentageOfNodesToScore > 100
  ) {
    throw new RangeError(
      `percentageOfNodesToScore must be an integer in [0, 100], got ${percentageOfNodesToScore}`,
    );
  }
  if (!Number.isSafeInteger(numAllNodes) || numAllNodes < 0) {
    throw new RangeError(`numAllNodes must be a non-negative integer, got ${numAllNodes}`);
  }
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) {
    return numAllNodes;
  }
  const percentage =
    percentageOfNodesToScore === 0
      ? adaptivePercentageOfNodesToScore(numAllNodes)
      : percentageOfNodesToScore;
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}
