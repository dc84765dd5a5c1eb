/**
 * A stream of random numbers, as the allocator core sees it.
 *
 * Every consumer gets its own named stream (`rng.fork('cloud')`), so a new draw in one subsystem
 * does not shift the numbers another subsystem sees. The simulator implements it over
 * seedrandom; nothing in `sim/` or `models/` may use an unseeded generator.
 */
export interface RandomStream {
  /** A uniform float in [0, 1). */
  float(): number;
  /** An independent stream derived from this one's seed and `label` (not from its position). */
  fork(label: string): RandomStream;
}
