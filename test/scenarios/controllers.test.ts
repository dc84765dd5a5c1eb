/**
 * Workload controllers seen from outside: the order and bounds Kubernetes' controllers promise,
 * checked on the pods a run created (the observer's CNI ADDs) and on the sampled pod counts.
 */
import { describe, expect, it } from 'vitest';

import { resolveRollingLimits } from '../../scenarios/load/index.js';
import { US_PER_SECOND } from '../../sim/contracts/clock.js';
import { load, runLibrary, runLoaded } from './helpers.js';

describe('Controllers: StatefulSet OrderedReady', () => {
  const run = runLoaded(load('test/scenarios/fixtures/ordered-statefulset.yaml'));
  const firsts = run.network.slice(0, 5);
  const update = run.network.slice(5);

  it('creates pods one at a time in ordinal order, each after the previous one is ready', () => {
    expect(firsts.map((event) => event.pod)).toEqual([0, 1, 2, 3, 4].map((i) => `default/db-${i}`));
    for (let i = 1; i < firsts.length; i++) {
      expect(firsts[i]!.boundUs).toBeGreaterThan(firsts[i - 1]!.atUs);
    }
  });

  it('updates from the highest ordinal down, one pod at a time', () => {
    expect(update.map((event) => event.pod)).toEqual([4, 3, 2, 1, 0].map((i) => `default/db-${i}`));
    expect(update.every((event) => event.atUs > 10 * 60 * US_PER_SECOND)).toBe(true);
    const rollout = run.results.rollouts.find((entry) => entry.kind === 'update');
    expect(rollout?.finishedS).not.toBeNull();
  });
});

describe('Controllers: Deployment rolling update bounds', () => {
  it('keeps pods within replicas + maxSurge and available ≥ replicas − maxUnavailable', () => {
    const run = runLibrary('dual-stack-rollout', { checkInvariants: false });
    const workload = run.scenario.workloads[0]!;
    const rollout = workload.rollout;
    if (rollout.type !== 'RollingUpdate') throw new Error('expected a rolling update');
    const { surge, unavailable } = resolveRollingLimits(workload.replicas, rollout);
    expect([surge, unavailable]).toEqual([24, 24]);
    const { series } = run.results.pods;
    const stepS = run.results.sampleStepS;
    const update = run.results.rollouts.find((entry) => entry.kind === 'update')!;
    const from = Math.ceil(update.startS / stepS);
    const to = Math.floor((update.finishedS ?? 0) / stepS);
    expect(to).toBeGreaterThan(from);
    for (let i = from; i <= to; i++) {
      const active =
        series.pending[i]! + series.networkSetup[i]! + series.starting[i]! + series.running[i]!;
      expect(active).toBeLessThanOrEqual(workload.replicas + surge);
      expect(series.running[i]).toBeGreaterThanOrEqual(workload.replicas - unavailable);
    }
  });
});
