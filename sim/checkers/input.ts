/**
 * What the invariant checkers read: the allocators' snapshots, the controlplane's, and the
 * cloud's per-vSwitch accounting, all at one moment. Checkers are pure functions of it
 * (TigerBeetle's `StateChecker`): they never reach into the live system.
 */
import type { ControlPlaneSnapshot, NodeAllocatorSnapshot } from '../allocator/index.js';
import type { VSwitchAccounting } from '../cloud/vSwitch.js';

/** One moment of the whole system, as the checkers see it. */
export interface CheckerInput {
  /** Simulated time of the snapshot, in µs. */
  readonly nowUs: number;
  readonly nodes: readonly NodeAllocatorSnapshot[];
  readonly controlPlane: ControlPlaneSnapshot;
  /** The cloud's address accounting per vSwitch. */
  readonly vSwitches: readonly VSwitchAccounting[];
}

/** A broken invariant, as a checker reports it. */
export interface Violation {
  /** The checker's name (its file name). */
  readonly checker: string;
  /** What is wrong, naming the node, ENI, pod or address. */
  readonly message: string;
}

/** A checker: a pure function from a snapshot to the violations it finds. */
export type Checker = (input: CheckerInput) => readonly Violation[];
