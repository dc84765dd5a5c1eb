/**
 * Splits a Running pod's creation-to-Running time into the phases of `POD_PHASES`, from the
 * moments its lifecycle stamped: assumed, bound, first and last CNI ADD, the datapath time of
 * the successful ADD, network ready, Running. Consecutive differences of one timeline, so they
 * sum to `runningUs − createdUs` exactly.
 */
import type { SimPod } from './simPod.js';

/** The pod's phases in µs, in the order of `POD_PHASES`. */
export function podPhasesUs(pod: SimPod): number[] {
  const addressWaitUs = pod.networkReadyUs - pod.lastCniAddUs - pod.datapathUs;
  return [
    pod.assumedUs - pod.createdUs,
    pod.boundUs - pod.assumedUs,
    pod.firstCniAddUs - pod.boundUs,
    pod.lastCniAddUs - pod.firstCniAddUs,
    pod.addressWarm ? addressWaitUs : 0,
    pod.addressWarm ? 0 : addressWaitUs,
    pod.datapathUs,
    pod.runningUs - pod.networkReadyUs,
  ];
}
