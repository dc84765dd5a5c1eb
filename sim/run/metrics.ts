/**
 * What a run measures as it goes: counters and latencies updated at each pod transition, the
 * time series sampled every `sampleStepUs`, and the records of rollouts and autoscaler actions.
 * Plain numbers and arrays only; `collect.ts` turns them into the {@link CollectedRun}.
 */
import type { ResultWarning, RolloutKind } from '../../models/results/document.js';
import type { NetworkMode } from './simPod.js';

/**
 * One Running pod-network pod's start-up, phase by phase in µs (the order of `POD_PHASES`);
 * the phases sum to its creation-to-Running time exactly.
 */
export interface PodStartRecord {
  readonly mode: NetworkMode;
  readonly phasesUs: readonly number[];
  readonly totalUs: number;
}

/** One rollout: a workload's creation, a rolling update, a scale, or one run of a Job. */
export interface RolloutRecord {
  /** The workload's `namespace/name`. */
  readonly workload: string;
  readonly kind: RolloutKind;
  readonly startUs: number;
  /** The replicas it aims at (a Job run: its completions). */
  readonly replicas: number;
  /** When it finished (every replica Running, old ones gone; a Job run: all succeeded). */
  finishedUs: number | null;
  /** When a later rollout of the same workload replaced it before it finished. */
  supersededUs: number | null;
}

/** One decision of the cluster autoscaler, or a failed node creation. */
export interface AutoscalerRecord {
  readonly atUs: number;
  readonly pool: string;
  readonly action: 'scaleUp' | 'scaleDown' | 'createFailed';
  readonly nodes: number;
  /** For `createFailed`: the cloud's error; otherwise the pods it was for (first few). */
  readonly detail: string;
}

/** Latency samples per network mode, in microseconds. */
export type LatenciesByMode = Record<NetworkMode, number[]>;

/** The counters, latencies and samples of a run. */
export class RunMetrics {
  /** Pods in each counted phase now: pending, networkSetup, starting, running, terminating. */
  readonly phaseCounts: number[] = [0, 0, 0, 0, 0];
  /** Pending pods whose last scheduling cycle failed (PodScheduled=False, Unschedulable). */
  unschedulable = 0;
  podsCreated = 0;
  /** Pods the API server refused because the Terway webhook denied them. */
  podsRefused = 0;
  podsScheduled = 0;
  podsNetworkReady = 0;
  podsStarted = 0;
  podsDeleted = 0;
  podsSucceeded = 0;
  sandboxAttempts = 0;
  /** Sandbox failures by the allocator's reason (or `CniTimeout`). */
  readonly sandboxFailures = new Map<string, number>();
  /** Of the network-ready pods, those served without waiting for the cloud (a warm pool). */
  warmAllocations = 0;
  /** Pods that got back an address or ENI kept for their name (Fixed IP, StatefulSet). */
  reusedAllocations = 0;
  readonly networkReadyUs: LatenciesByMode = { shared: [], exclusive: [], trunk: [] };
  readonly startUs: LatenciesByMode = { shared: [], exclusive: [], trunk: [] };
  /** Start latency of host-network pods (no CNI). */
  readonly hostNetworkStartUs: number[] = [];
  /** Each Running pod-network pod's phases, in the order they reached Running. */
  readonly podStarts: PodStartRecord[] = [];
  /** Per reason: how many distinct pods were rejected with it, and the last full message. */
  readonly unschedulableReasons = new Map<string, { pods: number; lastMessage: string }>();
  readonly rollouts: RolloutRecord[] = [];
  readonly autoscaler: AutoscalerRecord[] = [];
  /** Sampled series: one array per counted phase, then unschedulable. */
  readonly phaseSeries: number[][] = [[], [], [], [], []];
  readonly unschedulableSeries: number[] = [];
  /** Per vSwitch: free IPv4 addresses at each sample. */
  readonly vSwitchFree = new Map<string, number[]>();
  /** Per vSwitch: the first moment (µs) it was seen with no free IPv4 address. */
  readonly vSwitchExhaustedUs = new Map<string, number>();
  /** Per vSwitch: the fewest free IPv4 addresses seen. */
  readonly vSwitchFreeMin = new Map<string, number>();
  /** Per dual-stack vSwitch: IPv6 addresses in use at each sample. */
  readonly vSwitchIpv6Used = new Map<string, number[]>();
  /** Invariant checks run (0 when checking is off). */
  invariantChecks = 0;
  /** What the run had to assume, once each (by code, pool, instance type). */
  readonly warnings: ResultWarning[] = [];

  /** Notes a warning unless the same one was noted already. */
  warn(warning: ResultWarning): void {
    const same = this.warnings.some(
      (w) =>
        w.code === warning.code &&
        w.pool === warning.pool &&
        w.instanceType === warning.instanceType &&
        w.message === warning.message,
    );
    if (!same) this.warnings.push(warning);
  }

  /** A pod moved between counted phases (`-1` for none: created or gone). */
  transition(from: number, to: number): void {
    if (from >= 0 && from < 5) this.phaseCounts[from] = (this.phaseCounts[from] ?? 0) - 1;
    if (to >= 0 && to < 5) this.phaseCounts[to] = (this.phaseCounts[to] ?? 0) + 1;
  }

  /** A sandbox failed for `reason`. */
  sandboxFailed(reason: string): void {
    this.sandboxFailures.set(reason, (this.sandboxFailures.get(reason) ?? 0) + 1);
  }

  /** Notes a reason a pod was rejected with (each pod counted once per reason). */
  unschedulableReason(reason: string, message: string, firstForPod: boolean): void {
    const entry = this.unschedulableReasons.get(reason);
    if (entry === undefined) {
      this.unschedulableReasons.set(reason, { pods: 1, lastMessage: message });
      return;
    }
    if (firstForPod) entry.pods++;
    entry.lastMessage = message;
  }

  /** Records the free addresses of a vSwitch at `nowUs`. */
  sampleVSwitch(vSwitchId: string, free: number, nowUs: number): void {
    let series = this.vSwitchFree.get(vSwitchId);
    if (series === undefined) {
      series = [];
      this.vSwitchFree.set(vSwitchId, series);
    }
    series.push(free);
    this.noteVSwitchFree(vSwitchId, free, nowUs);
  }

  /** Records the IPv6 addresses in use in a dual-stack vSwitch at a sample. */
  sampleVSwitchIpv6(vSwitchId: string, used: number): void {
    let series = this.vSwitchIpv6Used.get(vSwitchId);
    if (series === undefined) {
      series = [];
      this.vSwitchIpv6Used.set(vSwitchId, series);
    }
    series.push(used);
  }

  /** Notes a free-address reading of a vSwitch between samples (the minimum and exhaustion). */
  noteVSwitchFree(vSwitchId: string, free: number, nowUs: number): void {
    const min = this.vSwitchFreeMin.get(vSwitchId);
    if (min === undefined || free < min) this.vSwitchFreeMin.set(vSwitchId, free);
    if (free === 0 && !this.vSwitchExhaustedUs.has(vSwitchId)) {
      this.vSwitchExhaustedUs.set(vSwitchId, nowUs);
    }
  }

  /** Starts a rollout record and marks the workload's unfinished one superseded. */
  startRollout(record: Omit<RolloutRecord, 'finishedUs' | 'supersededUs'>): RolloutRecord {
    const full: RolloutRecord = { ...record, finishedUs: null, supersededUs: null };
    this.rollouts.push(full);
    return full;
  }
}
