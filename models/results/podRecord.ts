/**
 * One pod's record as `pods.csv` holds it: where it ran, its network mode, each phase of its
 * start-up, and how its story ended. Not part of results.json (at 5,000 nodes there are millions
 * of pods); the run streams these as pods finish.
 */

/** How a pod's story ended, as far as the run saw it. */
export type PodOutcome =
  | 'running'
  | 'deletedBeforeRunning'
  | 'pendingAtEnd'
  | 'unschedulableAtEnd'
  | 'networkSetupAtEnd'
  | 'startingAtEnd';

/** One pod, once: when it reaches Running, leaves without running, or the run ends first. */
export interface PodRecordEvent {
  readonly namespace: string;
  readonly name: string;
  readonly node: string | null;
  readonly pool: string | null;
  /** Its network mode, `hostNetwork`, or null before it had one. */
  readonly mode: 'shared' | 'exclusive' | 'trunk' | 'hostNetwork' | null;
  readonly createdUs: number;
  /** Each phase of `POD_PHASES` in µs when it reached Running, else null. */
  readonly phasesUs: readonly number[] | null;
  /** Creation to Running, µs, or null. */
  readonly startUs: number | null;
  readonly outcome: PodOutcome;
}
