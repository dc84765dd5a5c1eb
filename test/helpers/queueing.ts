/**
 * Queueing theory and output analysis for the engine's checks and benchmark: batch means for a
 * steady-state mean's confidence interval, and the M/M/c queue's mean wait (Erlang C).
 */
import { studentTQuantile } from '../../sim/run/results/studentT.js';

/** A confidence interval for a steady-state mean. */
export interface ConfidenceInterval {
  /** The point estimate: the mean of the batch means. */
  readonly mean: number;
  /** Half the interval's width: t(1 − α/2, batches − 1) · s / √batches. */
  readonly halfWidth: number;
  readonly low: number;
  readonly high: number;
  /** The batches used and the observations in each (a trailing remainder is dropped). */
  readonly batches: number;
  readonly batchSize: number;
}

/** Options of {@link batchMeans}. */
export interface BatchMeansOptions {
  /** The number of batches, at least 2 (10 to 30 is usual). */
  readonly batches: number;
  /** Observations to delete from the start as warm-up (default 0). */
  readonly warmup?: number;
  /** The confidence level in (0, 1) (default 0.95). */
  readonly confidence?: number;
}

/**
 * The batch-means confidence interval of a steady-state mean from one long run: the
 * observations after warm-up are cut into equal consecutive batches, whose means are nearly
 * independent when batches are long, and a t interval is formed over those means.
 */
export function batchMeans(
  observations: ArrayLike<number>,
  options: BatchMeansOptions,
): ConfidenceInterval {
  const { batches } = options;
  const warmup = options.warmup ?? 0;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isSafeInteger(batches) || batches < 2) {
    throw new RangeError(`batchMeans: batches must be an integer >= 2, got ${batches}`);
  }
  if (!Number.isSafeInteger(warmup) || warmup < 0) {
    throw new RangeError(`batchMeans: warmup must be a non-negative integer, got ${warmup}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`batchMeans: confidence must be in (0, 1), got ${confidence}`);
  }
  const batchSize = Math.floor((observations.length - warmup) / batches);
  if (batchSize < 1) {
    throw new RangeError(
      `batchMeans: ${observations.length} observations minus ${warmup} warm-up ` +
        `cannot fill ${batches} batches`,
    );
  }
  const means: number[] = [];
  for (let batch = 0; batch < batches; batch++) {
    let sum = 0;
    const start = warmup + batch * batchSize;
    for (let index = start; index < start + batchSize; index++)
      sum += observations[index] as number;
    means.push(sum / batchSize);
  }
  const mean = means.reduce((total, value) => total + value, 0) / batches;
  const variance =
    means.reduce((total, value) => total + (value - mean) * (value - mean), 0) / (batches - 1);
  const halfWidth =
    studentTQuantile((1 + confidence) / 2, batches - 1) * Math.sqrt(variance / batches);
  return { mean, halfWidth, low: mean - halfWidth, high: mean + halfWidth, batches, batchSize };
}

/** An M/M/c queue: Poisson arrivals, exponential service, `servers` identical servers. */
export interface MmcQueue {
  readonly servers: number;
  /** Arrivals per second. */
  readonly arrivalRatePerS: number;
  /** Services per second per server (1 / mean service time in seconds). */
  readonly serviceRatePerS: number;
}

function checkStable(queue: MmcQueue): number {
  const { servers, arrivalRatePerS, serviceRatePerS } = queue;
  if (!Number.isSafeInteger(servers) || servers < 1) {
    throw new RangeError(`M/M/c: servers must be a positive integer, got ${servers}`);
  }
  if (!(arrivalRatePerS > 0) || !(serviceRatePerS > 0)) {
    throw new RangeError(
      `M/M/c: rates must be positive, got λ=${arrivalRatePerS} μ=${serviceRatePerS}`,
    );
  }
  const offeredLoad = arrivalRatePerS / serviceRatePerS;
  if (!(offeredLoad < servers)) {
    throw new RangeError(`M/M/c: unstable, offered load ${offeredLoad} >= ${servers} servers`);
  }
  return offeredLoad;
}

/**
 * Erlang's C formula: the probability that an arrival to a stable M/M/c queue waits. Computed
 * through the Erlang B recurrence B(k) = a·B(k−1) / (k + a·B(k−1)), which never overflows.
 */
export function erlangC(queue: MmcQueue): number {
  const offeredLoad = checkStable(queue);
  const servers = queue.servers;
  let blocking = 1;
  for (let k = 1; k <= servers; k++)
    blocking = (offeredLoad * blocking) / (k + offeredLoad * blocking);
  return (servers * blocking) / (servers - offeredLoad * (1 - blocking));
}

/** The mean wait in queue, in seconds, of a stable M/M/c queue: C / (c·μ − λ). */
export function mmcMeanWaitS(queue: MmcQueue): number {
  return erlangC(queue) / (queue.servers * queue.serviceRatePerS - queue.arrivalRatePerS);
}
