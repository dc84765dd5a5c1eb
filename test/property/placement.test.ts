import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertySeed } from '../helpers/seed.js';
import { createRng } from '../../sim/engine/rng.js';
import { decideScaleUp } from '../../sim/placement/autoscaler.js';
import { ClusterState } from '../../sim/placement/clusterState.js';
import { AnnotationKeys, LabelKeys } from '../../models/wellKnownKeys.js';
import { makeNode, type NodeView } from '../../sim/placement/node.js';
import type { AutoscaledPool } from '../../sim/placement/nodePool.js';
import { makePod, podKey, type PodSpec } from '../../models/pod.js';
import { podMatchesNodeLabels } from '../../sim/placement/plugins/nodeAffinity.js';
import { Scheduler } from '../../sim/placement/scheduler.js';
import {
  findUntoleratedTaint,
  tolerationsTolerateTaint,
  type Taint,
  type Toleration,
} from '../../models/taints.js';

const GiB = 1024 ** 3;
const ZONES = ['cn-hangzhou-j', 'cn-hangzhou-k', 'cn-hangzhou-h'];
const TAINTS: readonly Taint[] = [
  { key: 'dedicated', value: 'eni', effect: 'NoSchedule' },
  { key: 'gpu', value: '', effect: 'NoExecute' },
  { key: 'spot', value: '', effect: 'PreferNoSchedule' },
];
const TOLERATIONS: readonly Toleration[] = [
  { key: 'dedicated', operator: 'Equal', value: 'eni', effect: 'NoSchedule' },
  { key: 'gpu', operator: 'Exists', value: '', effect: '' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', value: '', effect: 'NoSchedule' },
];

const nodeArb = (name: string) =>
  fc
    .record({
      cpuCores: fc.integer({ min: 1, max: 16 }),
      memoryGiB: fc.integer({ min: 1, max: 64 }),
      pods: fc.integer({ min: 1, max: 12 }),
      eni: fc.integer({ min: 0, max: 7 }),
      maxIps: fc.option(fc.integer({ min: 0, max: 10 })),
      taints: fc.subarray([...TAINTS]),
      zone: fc.constantFrom(...ZONES),
      cordoned: fc.integer({ min: 0, max: 9 }).map((roll) => roll === 0),
    })
    .map((spec): NodeView =>
      makeNode({
        name,
        labels: { [LabelKeys.zone]: spec.zone },
        annotations:
          spec.maxIps === null ? {} : { [AnnotationKeys.maxAvailableIp]: String(spec.maxIps) },
        taints: spec.taints,
        unschedulable: spec.cordoned,
        allocatable: {
          cpuMilli: spec.cpuCores * 1000,
          memoryBytes: spec.memoryGiB * GiB,
          pods: spec.pods,
          extended: spec.eni > 0 ? { 'aliyun/eni': spec.eni } : {},
        },
      }),
    );

const podArb = fc.record({
  cpuMilli: fc.integer({ min: 0, max: 4000 }),
  memoryMiB: fc.integer({ min: 0, max: 8192 }),
  eni: fc.boolean(),
  memberEni: fc.integer({ min: 0, max: 4 }).map((roll) => roll === 0),
  tolerations: fc.subarray([...TOLERATIONS]),
  hostNetwork: fc.integer({ min: 0, max: 9 }).map((roll) => roll === 0),
  zone: fc.option(fc.constantFrom(...ZONES)),
});

type PodGen = typeof podArb extends fc.Arbitrary<infer T> ? T : never;

function buildPod(index: number, spec: PodGen): PodSpec {
  const extended: Record<string, number> = {};
  if (spec.eni) extended['aliyun/eni'] = 1;
  if (spec.memberEni) extended['aliyun/member-eni'] = 1;
  return makePod({
    name: `p${index}`,
    requests: { cpuMilli: spec.cpuMilli, memoryBytes: spec.memoryMiB * 1024 * 1024, extended },
    tolerations: spec.tolerations,
    hostNetwork: spec.hostNetwork,
    requiredNodeAffinity:
      spec.zone === null
        ? null
        : [{ matchExpressions: [{ key: LabelKeys.zone, operator: 'In', values: [spec.zone] }] }],
  });
}

const clusterArb = fc
  .integer({ min: 1, max: 12 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => nodeArb(`n${index}`))));

const workloadArb = fc.record({
  nodes: clusterArb,
  pods: fc.array(podArb, { minLength: 1, maxLength: 60 }),
  // After each pod, maybe delete an earlier one (churn), chosen by index.
  deletions: fc.array(fc.nat(), { maxLength: 20 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

/** Runs the workload; returns the state, the bound pods and the per-pod outcome. */
function runWorkload(
  workload: typeof workloadArb extends fc.Arbitrary<infer T> ? T : never,
  cacheStaticFilters = true,
): { state: ClusterState; placements: string[] } {
  const state = new ClusterState();
  for (const view of workload.nodes) state.addNode(view);
  const scheduler = new Scheduler(state, { rng: createRng(workload.seed), cacheStaticFilters });
  const bound: string[] = [];
  const placements: string[] = [];
  workload.pods.forEach((spec, index) => {
    const result = scheduler.scheduleAndBind(buildPod(index, spec));
    placements.push(result.code === 'scheduled' ? result.nodeName : result.message);
    if (result.code === 'scheduled') bound.push(`default/p${index}`);
    const victim = workload.deletions[index];
    if (victim !== undefined && bound.length > 0 && victim % 3 === 0) {
      const [key] = bound.splice(victim % bound.length, 1);
      if (key !== undefined) state.unbind(key);
    }
  });
  return { state, placements };
}

describe(`placement properties (seed: ${propertySeed})`, () => {
  it("invariant: a bound pod fits its node's allocatable", () => {
    fc.assert(
      fc.property(workloadArb, (workload) => {
        const { state } = runWorkload(workload);
        for (const info of state.nodeList()) {
          const { allocatable } = info.node;
          expect(info.requestedCpuMilli).toBeLessThanOrEqual(allocatable.cpuMilli);
          expect(info.requestedMemoryBytes).toBeLessThanOrEqual(allocatable.memoryBytes);
          expect(info.podCount).toBeLessThanOrEqual(allocatable.pods);
          for (const name of ['aliyun/eni', 'aliyun/member-eni']) {
            expect(info.requestedExtended(name)).toBeLessThanOrEqual(
              info.allocatableExtended(name),
            );
          }
          if (info.maxAvailableIp !== null) {
            expect(info.podAddresses).toBeLessThanOrEqual(info.maxAvailableIp);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('invariant: no pod lands on a node whose NoSchedule taint it does not tolerate', () => {
    const cordon: Taint = {
      key: 'node.kubernetes.io/unschedulable',
      value: '',
      effect: 'NoSchedule',
    };
    fc.assert(
      fc.property(workloadArb, (workload) => {
        const { state } = runWorkload(workload);
        for (const info of state.nodeList()) {
          for (const pod of info.pods()) {
            expect(findUntoleratedTaint(info.node.taints, pod.tolerations)).toBeNull();
            if (info.node.unschedulable) {
              expect(tolerationsTolerateTaint(pod.tolerations, cordon)).toBe(true);
            }
            expect(podMatchesNodeLabels(pod, info.node.labels)).toBe(true);
            expect(state.nodeOf(podKey(pod))).toBe(info.name);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('invariant: the static-filter cache never changes a placement', () => {
    fc.assert(
      fc.property(workloadArb, (workload) => {
        expect(runWorkload(workload, true).placements).toEqual(
          runWorkload(workload, false).placements,
        );
      }),
      { numRuns: 50 },
    );
  });

  it("invariant: the autoscaler never exceeds a pool's max", () => {
    const poolArb = (name: string) =>
      fc
        .record({
          node: nodeArb(`${name}-template`),
          maxSize: fc.integer({ min: 0, max: 6 }),
          target: fc.nat(),
          upcoming: fc.nat(),
        })
        .map(({ node, maxSize, target, upcoming }): AutoscaledPool => {
          const targetSize = target % (maxSize + 1);
          return {
            name,
            minSize: 0,
            maxSize,
            targetSize,
            upcomingNodes: upcoming % (targetSize + 1),
            template: node,
            capacity: {
              cpuMilli: node.allocatable.cpuMilli + 100,
              memoryBytes: node.allocatable.memoryBytes + GiB,
            },
            priority: 0,
          };
        });
    const arb = fc.record({
      pools: fc.tuple(poolArb('a'), poolArb('b'), poolArb('c')),
      pods: fc.array(podArb, { maxLength: 80 }),
      seed: fc.integer({ min: 1, max: 1_000_000 }),
    });
    fc.assert(
      fc.property(arb, ({ pools, pods, seed }) => {
        const decision = decideScaleUp(
          pods.map((spec, index) => buildPod(index, spec)),
          pools,
          { rng: createRng(seed) },
        );
        const byName = new Map(pools.map((pool) => [pool.name, pool]));
        for (const option of decision.options) {
          const pool = byName.get(option.pool)!;
          expect(option.nodeCount).toBeGreaterThan(0);
          expect(pool.targetSize + option.nodeCount).toBeLessThanOrEqual(pool.maxSize);
        }
        if (decision.scaleUp !== null) {
          const pool = byName.get(decision.scaleUp.pool)!;
          expect(pool.targetSize + decision.scaleUp.nodeCount).toBeLessThanOrEqual(pool.maxSize);
        }
        const accounted = decision.awaitingUpcoming.length + decision.noScaleUp.length;
        expect(accounted).toBeLessThanOrEqual(pods.length);
      }),
      { numRuns: 100 },
    );
  });
});
