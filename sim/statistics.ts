/**
 * Output analysis for simulation runs: batch-means confidence intervals (with the Student t
 * quantile they need) and the Erlang C formulas an M/M/c model is checked against.
 */

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

/** The natural logarithm of Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 digits). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  const z = x - 1;
  let sum = coefficients[0] as number;
  for (let index = 1; index < coefficients.length; index++) {
    sum += (coefficients[index] as number) / (z + index);
  }
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const CONTINUED_FRACTION_STEPS_MAX = 300;
const TINY = 1e-300;

/** The regularised incomplete beta function I_x(a, b), by Lentz's continued fraction. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incompleteBeta: x must be in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  // The continued fraction converges fast only below the mean; use the symmetry otherwise.
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x),
  );
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let result = d;
  for (let m = 1; m <= CONTINUED_FRACTION_STEPS_MAX; m++) {
    for (const numerator of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + numerator * d;
      if (Math.abs(d) < TINY) d = TINY;
      c = 1 + numerator / c;
      if (Math.abs(c) < TINY) c = TINY;
      d = 1 / d;
      result *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) return (front * result) / a;
  }
  throw new Error(`incompleteBeta(${x}, ${a}, ${b}) did not converge`);
}

/** The cumulative distribution function of Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

const BISECTION_STEPS = 200;

/** The p-quantile of Student's t with `df` > 0 degrees of freedom, by bisection on the CDF. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new RangeError(`studentTQuantile: df must be positive and finite, got ${df}`);
  }
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let low = 0;
  let high = 1;
  // Bounded bracketing: 2^1100 exceeds any double, so the CDF reaches p long before.
  for (let step = 0; step < 1100 && studentTCdf(high, df) < p; step++) high *= 2;
  for (let step = 0; step < BISECTION_STEPS && high - low > 1e-12 * high; step++) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
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
