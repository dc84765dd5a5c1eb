/**
 * Splits a Running pod's creation-to-Running time into the phases of `POD_PHASES`, from the
 * moments its lifecycle stamped: assumed, bound, first and last CNI ADD, the datapath time of
 * the successful ADD, network ready, Running. Consecutive differences of one timeline, so they
 * sum to `runningUs − createdUs` exactly; a wait for the cloud is the split `cloudWaits.ts` made
 * of it, whose parts sum to it.
 */
import { CLOUD_WAIT_PHASES } from '../../models/results/podPhases.js';
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
    ...cloudWait(pod, addressWaitUs),
    pod.datapathUs,
    pod.runningUs - pod.networkReadyUs,
  ];
}

/** The cloud wait's parts; a cold wait without a split (none was made) counts as `cloudOther`. */
function cloudWait(pod: SimPod, addressWaitUs: number): number[] {
  const parts = new Array<number>(CLOUD_WAIT_PHASES.length).fill(0);
  if (pod.addressWarm) return parts;
  if (pod.cloudWaitUs === null) {
    parts[CLOUD_WAIT_PHASES.indexOf('cloudOther')] = addressWaitUs;
    return parts;
  }
  return [...pod.cloudWaitUs];
}
