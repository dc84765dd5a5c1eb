/**
 * PodTopologySpread, InterPodAffinity and NodeAffinity's preferred score, pinned to figures
 * derived by hand from kube-scheduler's formulas (`plugins/podtopologyspread/filtering.go`,
 * `scoring.go`; `plugins/interpodaffinity/filtering.go`; `plugins/nodeaffinity`), and the spread
 * invariant as a property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../sim/engine/rng.js';
import { ClusterState } from '../../../sim/placement/clusterState.js';
import { newCycle } from '../../../sim/placement/framework.js';
import { makePod, type PodInit } from '../../../models/pod.js';
import type { PodAffinityTerm } from '../../../models/podAffinity.js';
import { podRequestOf } from '../../../sim/placement/podRequest.js';
import { Scheduler } from '../../../sim/placement/scheduler.js';
import {
  podTopologySpreadFilter,
  podTopologySpreadScore,
} from '../../../sim/placement/plugins/podTopologySpread.js';
import { nodeAffinityScore } from '../../../sim/placement/plugins/nodeAffinity.js';
import type { TopologySpreadConstraint } from '../../../models/topologySpread.js';
import { LabelKeys } from '../../../models/wellKnownKeys.js';
import { GiB, node } from './fixtures.js';

const foo = { matchLabels: { foo: '' }, matchExpressions: [] };

function spread(
  maxSkew: number,
  topologyKey: string,
  extra: Partial<TopologySpreadConstraint> = {},
): TopologySpreadConstraint {
  return {
    maxSkew,
    topologyKey,
    whenUnsatisfiable: 'DoNotSchedule',
    labelSelector: foo,
    matchLabelKeys: [],
    minDomains: null,
    nodeAffinityPolicy: 'Honor',
    nodeTaintsPolicy: 'Ignore',
    ...extra,
  };
}

/** A cluster of named nodes with zone labels, and pods bound as `[pod, node]`. */
function clusterOf(
  nodes: readonly (readonly [name: string, zone: string | null])[],
  bound: readonly (readonly [PodInit, string])[],
): ClusterState {
  const state = new ClusterState();
  for (const [name, zone] of nodes) {
    state.addNode(
      node(
        name,
        { cpuMilli: 64_000, memoryBytes: 64 * GiB },
        { labels: { [LabelKeys.hostname]: name, ...(zone === null ? {} : { zone }) } },
      ),
    );
  }
  for (const [init, nodeName] of bound) state.bind(makePod(init), nodeName);
  return state;
}

function filterAll(state: ClusterState, init: PodInit): Record<string, string> {
  const pod = makePod(init);
  const cycle = newCycle(podRequestOf(pod));
  podTopologySpreadFilter.preFilter(cycle, pod, state);
  const verdicts: Record<string, string> = {};
  for (const info of state.nodeList()) {
    verdicts[info.name] = podTopologySpreadFilter.filter(cycle, pod, info).code;
  }
  return verdicts;
}

const FOUR_NODES = [
  ['node-a', 'zone1'],
  ['node-b', 'zone1'],
  ['node-x', 'zone2'],
  ['node-y', 'zone2'],
] as const;
// kube-scheduler filtering_test.go TestSingleConstraint, "normal case": zone1 holds 3 matching
// pods, zone2 holds 2; the global minimum is 2.
const NORMAL_CASE_PODS = [
  [{ name: 'p-a1', labels: { foo: '' } }, 'node-a'],
  [{ name: 'p-a2', labels: { foo: '' } }, 'node-a'],
  [{ name: 'p-b1', labels: { foo: '' } }, 'node-b'],
  [{ name: 'p-y1', labels: { foo: '' } }, 'node-y'],
  [{ name: 'p-y2', labels: { foo: '' } }, 'node-y'],
] as const;

describe('PodTopologySpread filter', () => {
  it('rejects zone1 (3 + 1 − 2 = 2 > maxSkew 1) and admits zone2 (2 + 1 − 2 = 1)', () => {
    const state = clusterOf(FOUR_NODES, NORMAL_CASE_PODS);
    expect(
      filterAll(state, {
        name: 'p',
        labels: { foo: '' },
        topologySpreadConstraints: [spread(1, 'zone')],
      }),
    ).toEqual({
      'node-a': 'unschedulable',
      'node-x': 'success',
      'node-b': 'unschedulable',
      'node-y': 'success',
    });
  });

  it('takes the global minimum as 0 while fewer domains than minDomains exist (2 < 3)', () => {
    const state = clusterOf(FOUR_NODES, NORMAL_CASE_PODS);
    const verdicts = filterAll(state, {
      name: 'p',
      labels: { foo: '' },
      topologySpreadConstraints: [spread(2, 'zone', { minDomains: 3 })],
    });
    // zone2: 2 + 1 − 0 = 3 > 2; zone1: 3 + 1 − 0 = 4 > 2.
    expect(Object.values(verdicts)).toEqual(Array(4).fill('unschedulable'));
  });

  it('refuses a node without the topology key as unresolvable, with kube-scheduler reason', () => {
    const state = clusterOf(
      [
        ['node-a', 'zone1'],
        ['node-b', null],
      ],
      [],
    );
    const result = new Scheduler(state, { rng: createRng(1) }).schedule(
      makePod({
        name: 'p',
        labels: { foo: '' },
        topologySpreadConstraints: [spread(1, 'zone')],
      }),
    );
    expect(result).toMatchObject({ code: 'scheduled', nodeName: 'node-a' });
    const only = clusterOf([['node-b', null]], []);
    expect(
      new Scheduler(only, { rng: createRng(1) }).schedule(
        makePod({ name: 'p', labels: { foo: '' }, topologySpreadConstraints: [spread(1, 'zone')] }),
      ),
    ).toMatchObject({
      code: 'unresolvable',
      message:
        "0/1 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label).",
    });
  });
});

describe('PodTopologySpread score', () => {
  it('scores domains with 0, 1, 2 matching pods as 100, 33, 0 (weight ln 5, maxSkew 1)', () => {
    // Raw: round(0·ln5) = 0, round(1·ln5) = 2, round(2·ln5) = 3; normalised 100·(3+0−s)/3.
    const state = clusterOf(
      [
        ['n1', 'z1'],
        ['n2', 'z2'],
        ['n3', 'z3'],
      ],
      [
        [{ name: 'a', labels: { foo: '' } }, 'n2'],
        [{ name: 'b', labels: { foo: '' } }, 'n3'],
        [{ name: 'c', labels: { foo: '' } }, 'n3'],
      ],
    );
    const pod = makePod({
      name: 'p',
      labels: { foo: '' },
      topologySpreadConstraints: [spread(1, 'zone', { whenUnsatisfiable: 'ScheduleAnyway' })],
    });
    const cycle = newCycle(podRequestOf(pod));
    const nodes = state.nodeList();
    expect(podTopologySpreadScore.preScore(cycle, pod, nodes, nodes.length, state)).toBe(true);
    const raw = nodes.map((info) => podTopologySpreadScore.score(cycle, pod, info));
    expect(raw).toEqual([0, 2, 3]);
    podTopologySpreadScore.normalize(raw, cycle, nodes);
    expect(raw).toEqual([100, 33, 0]);
  });
});

describe('PodTopologySpread in the scheduler', () => {
  it('never exceeds maxSkew with DoNotSchedule (property: max − min zone count ≤ maxSkew after every bind)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        (maxSkew, pods, seed) => {
          const zones = ['z1', 'z2', 'z3'];
          const state = clusterOf(
            Array.from({ length: 6 }, (_, index) => [`n${index}`, zones[index % 3] ?? ''] as const),
            [],
          );
          const scheduler = new Scheduler(state, { rng: createRng(seed) });
          const perZone = new Map(zones.map((zone) => [zone, 0]));
          for (let index = 0; index < pods; index++) {
            const result = scheduler.scheduleAndBind(
              makePod({
                name: `p${index}`,
                labels: { foo: '' },
                topologySpreadConstraints: [spread(maxSkew, 'zone')],
              }),
            );
            if (result.code !== 'scheduled') return false;
            const zone = state.nodeInfo(result.nodeName)?.node.labels['zone'] ?? '';
            perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
            const counts = [...perZone.values()];
            if (Math.max(...counts) - Math.min(...counts) > maxSkew) return false;
          }
          return true;
        },
      ),
      { numRuns: 50 },
    );
  });
});

const sameApp: PodAffinityTerm = {
  labelSelector: { matchLabels: { app: 'web' }, matchExpressions: [] },
  namespaces: [],
  namespaceSelector: null,
  topologyKey: LabelKeys.hostname,
};

describe('InterPodAffinity filter', () => {
  it('places one replica per node under required anti-affinity, then reports the anti-affinity reason', () => {
    const state = clusterOf(
      [
        ['n1', 'z1'],
        ['n2', 'z2'],
        ['n3', 'z3'],
      ],
      [],
    );
    const scheduler = new Scheduler(state, { rng: createRng(7) });
    const replica = (index: number) =>
      makePod({
        name: `web-${index}`,
        labels: { app: 'web' },
        podAffinity: {
          requiredAffinity: [],
          preferredAffinity: [],
          requiredAntiAffinity: [sameApp],
          preferredAntiAffinity: [],
        },
      });
    const placed = [0, 1, 2].map((index) => scheduler.scheduleAndBind(replica(index)));
    expect(
      new Set(placed.map((result) => (result.code === 'scheduled' ? result.nodeName : ''))),
    ).toEqual(new Set(['n1', 'n2', 'n3']));
    expect(scheduler.schedule(replica(3))).toMatchObject({
      code: 'unschedulable',
      message: "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.",
    });
    // A pod without terms is kept off by the existing pods' anti-affinity.
    expect(scheduler.schedule(makePod({ name: 'plain', labels: { app: 'web' } }))).toMatchObject({
      message:
        "0/3 nodes are available: 3 node(s) didn't satisfy existing pods anti-affinity rules.",
    });
  });

  it('admits the first pod of a self-affine group anywhere, and refuses affinity to absent pods', () => {
    const state = clusterOf([['n1', 'z1']], []);
    const scheduler = new Scheduler(state, { rng: createRng(1) });
    const rules = (term: PodAffinityTerm) => ({
      requiredAffinity: [term],
      preferredAffinity: [],
      requiredAntiAffinity: [],
      preferredAntiAffinity: [],
    });
    expect(
      scheduler.schedule(
        makePod({ name: 'w', labels: { app: 'web' }, podAffinity: rules(sameApp) }),
      ).code,
    ).toBe('scheduled');
    const toDb = {
      ...sameApp,
      labelSelector: { matchLabels: { app: 'db' }, matchExpressions: [] },
    };
    expect(
      scheduler.schedule(makePod({ name: 'w2', labels: { app: 'web' }, podAffinity: rules(toDb) })),
    ).toMatchObject({
      code: 'unresolvable',
      message: "0/1 nodes are available: 1 node(s) didn't match pod affinity rules.",
    });
  });
});

describe('NodeAffinity score', () => {
  it('sums the weights of matching preferred terms, normalised to the best node (80 → 100, 30 → 37)', () => {
    const state = clusterOf(
      [
        ['n1', 'z1'],
        ['n2', 'z2'],
        ['n3', 'z3'],
      ],
      [],
    );
    const term = (zone: string) => ({
      matchExpressions: [{ key: 'zone', operator: 'In' as const, values: [zone] }],
    });
    const pod = makePod({
      name: 'p',
      preferredNodeAffinity: [
        { weight: 80, preference: term('z1') },
        { weight: 30, preference: term('z2') },
      ],
    });
    const cycle = newCycle(podRequestOf(pod));
    const scores = state.nodeList().map((info) => nodeAffinityScore.score(cycle, pod, info));
    expect(scores).toEqual([80, 30, 0]);
    nodeAffinityScore.normalize(scores);
    // DefaultNormalizeScore: 100·30/80 = 37 (integer division).
    expect(scores).toEqual([100, 37, 0]);
  });
});
