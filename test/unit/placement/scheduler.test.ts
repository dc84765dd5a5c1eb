import { describe, expect, it } from 'vitest';
import { createRng } from '../../../sim/engine/rng.js';
import { ClusterState } from '../../../sim/placement/clusterState.js';
import { makePod } from '../../../models/pod.js';
import { defaultProfile } from '../../../sim/placement/registry.js';
import { Scheduler } from '../../../sim/placement/scheduler.js';
import { admitPod, DEFAULT_WEBHOOK_CONFIG } from '../../../models/webhook.js';
import { makePodNetworking } from '../../../models/podNetworking.js';
import {
  GiB,
  constantStream,
  eniOnlyTaint,
  forbiddenStream,
  node,
  tolerateEniOnly,
} from './fixtures.js';

function cluster(count: number, build: (index: number) => ReturnType<typeof node>): ClusterState {
  const state = new ClusterState();
  for (let index = 0; index < count; index++) state.addNode(build(index));
  return state;
}

const plain = (index: number) => node(`n${index}`, { cpuMilli: 4000, memoryBytes: 8 * GiB });

describe('Scheduler: unschedulable pods', () => {
  it('reports 0/20 nodes with kube-scheduler wording and order', () => {
    // 12 shared nodes offer no aliyun/eni; 8 exclusive nodes carry a taint the pod lacks.
    const state = cluster(20, (index) =>
      index < 12
        ? plain(index)
        : node(
            `n${index}`,
            { cpuMilli: 4000, extended: { 'aliyun/eni': 7 } },
            { taints: [eniOnlyTaint] },
          ),
    );
    const pod = makePod({ name: 'p', requests: { extended: { 'aliyun/eni': 1 } } });
    const result = new Scheduler(state, { rng: forbiddenStream }).schedule(pod);
    expect(result).toEqual({
      code: 'unschedulable',
      message:
        '0/20 nodes are available: 12 Insufficient aliyun/eni, 8 node(s) had untolerated taint(s).',
      reasons: [
        { reason: 'Insufficient aliyun/eni', count: 12 },
        { reason: 'node(s) had untolerated taint(s)', count: 8 },
      ],
      numAllNodes: 20,
    });
  });

  it('is unresolvable when only taints, affinity or cordons reject it', () => {
    const state = cluster(3, (index) =>
      node(`n${index}`, { cpuMilli: 1000 }, { taints: [eniOnlyTaint], unschedulable: index === 0 }),
    );
    const result = new Scheduler(state, { rng: forbiddenStream }).schedule(makePod({ name: 'p' }));
    expect(result.code).toBe('unresolvable');
    expect(result.code !== 'scheduled' && result.message).toBe(
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint(s).',
    );
  });

  it('says so when there are no nodes', () => {
    const result = new Scheduler(new ClusterState(), { rng: forbiddenStream }).schedule(
      makePod({ name: 'p' }),
    );
    expect(result).toEqual({
      code: 'unresolvable',
      message: 'no nodes available to schedule pods',
      reasons: [],
      numAllNodes: 0,
    });
  });
});

describe('Scheduler: choosing a node', () => {
  it('spreads by LeastAllocated and packs by MostAllocated', () => {
    const build = () => {
      const state = cluster(2, plain);
      state.bind(makePod({ name: 'x', requests: { cpuMilli: 2000, memoryBytes: 4 * GiB } }), 'n0');
      return state;
    };
    const pod = makePod({ name: 'p', requests: { cpuMilli: 500, memoryBytes: GiB } });
    const spread = new Scheduler(build(), { rng: forbiddenStream }).schedule(pod);
    expect(spread.code === 'scheduled' && spread.nodeName).toBe('n1');
    const pack = new Scheduler(build(), {
      rng: forbiddenStream,
      profile: defaultProfile('MostAllocated'),
    }).schedule(pod);
    expect(pack.code === 'scheduled' && pack.nodeName).toBe('n0');
  });

  it('prefers nodes without intolerable PreferNoSchedule taints', () => {
    const soft = { key: 'spot', value: '', effect: 'PreferNoSchedule' as const };
    const state = cluster(2, (index) =>
      node(
        `n${index}`,
        { cpuMilli: 4000, memoryBytes: 8 * GiB },
        { taints: index === 0 ? [soft] : [] },
      ),
    );
    const result = new Scheduler(state, { rng: forbiddenStream }).schedule(makePod({ name: 'p' }));
    expect(result.code === 'scheduled' && result.nodeName).toBe('n1');
  });

  it('takes a single feasible node without scoring or drawing', () => {
    const state = cluster(3, (index) =>
      node(`n${index}`, { cpuMilli: 1000 }, index === 2 ? {} : { taints: [eniOnlyTaint] }),
    );
    const result = new Scheduler(state, { rng: forbiddenStream }).schedule(makePod({ name: 'p' }));
    expect(result).toEqual({
      code: 'scheduled',
      nodeName: 'n2',
      evaluatedNodes: 3,
      feasibleNodes: 1,
    });
  });

  it('breaks ties by reservoir sampling from the injected stream', () => {
    const pod = makePod({ name: 'p' });
    // A draw of 0 always replaces the choice (the last tied node wins); 0.99 never does.
    const last = new Scheduler(cluster(3, plain), { rng: constantStream(0) }).schedule(pod);
    expect(last.code === 'scheduled' && last.nodeName).toBe('n2');
    const first = new Scheduler(cluster(3, plain), { rng: constantStream(0.99) }).schedule(pod);
    expect(first.code === 'scheduled' && first.nodeName).toBe('n0');
  });

  it('places the same pods on the same nodes for the same seed', () => {
    const place = (seed: number) => {
      const state = cluster(30, plain);
      const scheduler = new Scheduler(state, { rng: createRng(seed).fork('scheduler') });
      return Array.from({ length: 200 }, (_, index) => {
        const result = scheduler.scheduleAndBind(
          makePod({ name: `p${index}`, requests: { cpuMilli: 10, memoryBytes: 1024 } }),
        );
        return result.code === 'scheduled' ? result.nodeName : result.message;
      });
    };
    expect(place(1)).toEqual(place(1));
    expect(place(1)).not.toEqual(place(2));
  });
});

describe('Scheduler: percentageOfNodesToScore', () => {
  it('stops after 100 feasible nodes of 200 and resumes where it stopped', () => {
    const scheduler = new Scheduler(cluster(200, plain), { rng: createRng(1) });
    const result = scheduler.schedule(makePod({ name: 'p' }));
    expect(result).toMatchObject({ code: 'scheduled', evaluatedNodes: 100, feasibleNodes: 100 });
    expect(scheduler.nextStartNodeIndex).toBe(100);
    scheduler.schedule(makePod({ name: 'q' }));
    expect(scheduler.nextStartNodeIndex).toBe(0);
  });

  it('counts rejected nodes in the window it advances past', () => {
    const state = cluster(150, (index) =>
      node(`n${index}`, { cpuMilli: 1000 }, index < 10 ? { taints: [eniOnlyTaint] } : {}),
    );
    const scheduler = new Scheduler(state, { rng: createRng(1) });
    const result = scheduler.schedule(makePod({ name: 'p' }));
    expect(result).toMatchObject({ evaluatedNodes: 110, feasibleNodes: 100 });
    expect(scheduler.nextStartNodeIndex).toBe(110);
  });

  it('examines every node when told 100%', () => {
    const scheduler = new Scheduler(cluster(200, plain), {
      rng: createRng(1),
      percentageOfNodesToScore: 100,
    });
    expect(scheduler.schedule(makePod({ name: 'p' }))).toMatchObject({ feasibleNodes: 200 });
    expect(scheduler.nextStartNodeIndex).toBe(0);
  });
});

describe('Scheduler with the Terway webhook', () => {
  it('keeps an exclusive-ENI pod in its PodNetworking zones and on eniOnly nodes', () => {
    const state = cluster(6, (index) =>
      node(
        `n${index}`,
        {
          cpuMilli: 16000,
          memoryBytes: 32 * GiB,
          extended: index % 2 === 0 ? { 'aliyun/eni': 7 } : {},
        },
        {
          zone: index < 3 ? 'cn-hangzhou-j' : 'cn-hangzhou-k',
          taints: index % 2 === 0 ? [eniOnlyTaint] : [],
        },
      ),
    );
    const pn = makePodNetworking({
      name: 'exclusive',
      eniType: 'ENI',
      podSelector: { matchLabels: { app: 'nginx' }, matchExpressions: [] },
      vSwitchZones: ['cn-hangzhou-k'],
    });
    const outcome = admitPod({
      pod: makePod({ name: 'nginx-0', labels: { app: 'nginx' }, tolerations: [tolerateEniOnly] }),
      namespaceLabels: {},
      podNetworkings: [pn],
      config: DEFAULT_WEBHOOK_CONFIG,
    });
    expect(outcome.kind).toBe('mutated');
    const scheduler = new Scheduler(state, { rng: createRng(1) });
    const placed = Array.from({ length: 8 }, () => {
      const result = scheduler.scheduleAndBind({
        ...outcome.pod,
        name: `nginx-${state.boundPodCount}`,
      });
      return result.code === 'scheduled' ? result.nodeName : result.message;
    });
    expect(placed.slice(0, 7)).toEqual(Array(7).fill('n4'));
    // n0–n2 are in the other zone; n3 and n5 offer no aliyun/eni; n4's seven are taken.
    expect(placed[7]).toBe(
      "0/6 nodes are available: 3 Insufficient aliyun/eni, 3 node(s) didn't match Pod's node affinity/selector.",
    );
  });
});
