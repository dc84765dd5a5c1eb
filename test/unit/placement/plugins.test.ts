import { describe, expect, it } from 'vitest';
import { newCycle } from '../../../sim/placement/framework.js';
import { createNodeInfo } from '../../../sim/placement/nodeInfo.js';
import { makePod, type PodInit } from '../../../models/pod.js';
import { podRequestOf } from '../../../sim/placement/podRequest.js';
import { nodeAffinity } from '../../../sim/placement/plugins/nodeAffinity.js';
import { nodeResourcesFit } from '../../../sim/placement/plugins/nodeResourcesFit.js';
import { nodeUnschedulable } from '../../../sim/placement/plugins/nodeUnschedulable.js';
import {
  balancedAllocationScore,
  leastAllocatedScore,
  leastRequestedScore,
  mostAllocatedScore,
} from '../../../sim/placement/plugins/resourceScores.js';
import {
  defaultNormalizeScore,
  taintTolerationFilter,
  taintTolerationScore,
} from '../../../sim/placement/plugins/taintToleration.js';
import { terwayIpAware } from '../../../sim/placement/plugins/terwayIpAware.js';
import type { NodeView } from '../../../sim/placement/node.js';
import { eniOnlyTaint, node, tolerateEniOnly } from './fixtures.js';

function run(plugin: { filter: typeof nodeResourcesFit.filter }, init: PodInit, view: NodeView) {
  const pod = makePod(init);
  return plugin.filter(newCycle(podRequestOf(pod)), pod, createNodeInfo(view));
}

describe('NodeUnschedulable', () => {
  const cordoned = node('n', { cpuMilli: 1000 }, { unschedulable: true });
  it('rejects a cordoned node as unresolvable', () => {
    expect(run(nodeUnschedulable, { name: 'p' }, cordoned)).toEqual({
      code: 'unschedulableAndUnresolvable',
      plugin: 'NodeUnschedulable',
      reasons: ['node(s) were unschedulable'],
    });
  });
  it('admits a pod tolerating node.kubernetes.io/unschedulable', () => {
    const tolerations = [
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', value: '', effect: '' },
    ] as const;
    expect(run(nodeUnschedulable, { name: 'p', tolerations }, cordoned).code).toBe('success');
  });
});

describe('TaintToleration', () => {
  const tainted = node('n', { cpuMilli: 1000 }, { taints: [eniOnlyTaint] });
  it('rejects an untolerated NoSchedule taint with the current reason text', () => {
    expect(run(taintTolerationFilter, { name: 'p' }, tainted)).toEqual({
      code: 'unschedulableAndUnresolvable',
      plugin: 'TaintToleration',
      reasons: ['node(s) had untolerated taint(s)'],
    });
    expect(
      run(taintTolerationFilter, { name: 'p', tolerations: [tolerateEniOnly] }, tainted).code,
    ).toBe('success');
  });

  it('scores 0, 1 and 2 intolerable PreferNoSchedule taints as 100, 50 and 0', () => {
    const soft = (key: string) => ({ key, value: '', effect: 'PreferNoSchedule' as const });
    const pod = makePod({ name: 'p' });
    const cycle = newCycle(podRequestOf(pod));
    const nodes = [[], [soft('a')], [soft('a'), soft('b')]].map((taints, index) =>
      createNodeInfo(node(`n${index}`, { cpuMilli: 1 }, { taints })),
    );
    const scores = nodes.map((info) => taintTolerationScore.score(cycle, pod, info));
    expect(scores).toEqual([0, 1, 2]);
    taintTolerationScore.normalize(scores);
    expect(scores).toEqual([100, 50, 0]);
  });

  it('normalises with integer division and gives everyone 100 when nobody has a taint', () => {
    const scores = [1, 2, 3];
    defaultNormalizeScore(scores, true);
    expect(scores).toEqual([67, 34, 0]); // 100 − 33, 100 − 66, 100 − 100
    const none = [0, 0];
    defaultNormalizeScore(none, true);
    expect(none).toEqual([100, 100]);
  });
});

describe('NodeAffinity', () => {
  const view = node('n', { cpuMilli: 1 }, { zone: 'cn-hangzhou-k', labels: { pool: 'eni' } });
  const zoneIn = (zones: string[]) => ({
    key: 'topology.kubernetes.io/zone',
    operator: 'In' as const,
    values: zones,
  });

  it('needs nodeSelector and one of the ORed terms', () => {
    expect(run(nodeAffinity, { name: 'p', nodeSelector: { pool: 'eni' } }, view).code).toBe(
      'success',
    );
    expect(run(nodeAffinity, { name: 'p', nodeSelector: { pool: 'web' } }, view)).toEqual({
      code: 'unschedulableAndUnresolvable',
      plugin: 'NodeAffinity',
      reasons: ["node(s) didn't match Pod's node affinity/selector"],
    });
    const terms = [
      { matchExpressions: [zoneIn(['cn-hangzhou-j'])] },
      { matchExpressions: [zoneIn(['cn-hangzhou-k'])] },
    ];
    expect(run(nodeAffinity, { name: 'p', requiredNodeAffinity: terms }, view).code).toBe(
      'success',
    );
  });

  it('an empty term matches no node', () => {
    const pod = { name: 'p', requiredNodeAffinity: [{ matchExpressions: [] }] };
    expect(run(nodeAffinity, pod, view).code).toBe('unschedulableAndUnresolvable');
  });
});

describe('NodeResourcesFit', () => {
  const view = node(
    'n',
    { cpuMilli: 4000, memoryBytes: 8000, pods: 2, extended: { 'aliyun/eni': 1 } },
    {
      requested: { cpuMilli: 3500, pods: 1 },
    },
  );

  it('lists every shortfall in kube-scheduler order: pods, cpu, memory, extended', () => {
    const info = createNodeInfo(view);
    info.addPod(makePod({ name: 'q', requests: { extended: { 'aliyun/eni': 1 } } }));
    const pod = makePod({
      name: 'p',
      requests: {
        cpuMilli: 501,
        memoryBytes: 8001,
        extended: { 'aliyun/eni': 1, 'aliyun/member-eni': 1 },
      },
    });
    expect(nodeResourcesFit.filter(newCycle(podRequestOf(pod)), pod, info)).toEqual({
      code: 'unschedulable',
      plugin: 'NodeResourcesFit',
      reasons: [
        'Too many pods',
        'Insufficient cpu',
        'Insufficient memory',
        'Insufficient aliyun/eni',
        'Insufficient aliyun/member-eni',
      ],
    });
  });

  it('fits exactly at the limit', () => {
    const request = { cpuMilli: 500, memoryBytes: 8000, extended: { 'aliyun/eni': 1 } };
    expect(run(nodeResourcesFit, { name: 'p', requests: request }, view).code).toBe('success');
  });

  it('checks only the pod count for a pod that requests nothing', () => {
    const full = node('n', { cpuMilli: 0, pods: 1 });
    expect(run(nodeResourcesFit, { name: 'p' }, full).code).toBe('success');
  });
});

describe('TerwayIPAware', () => {
  it('needs one free address for a shared-ENI pod', () => {
    const view = node('n', { cpuMilli: 1 }, { maxIps: 2, requested: { podAddresses: 1 } });
    const info = createNodeInfo(view);
    const first = makePod({ name: 'a' });
    expect(terwayIpAware.filter(newCycle(podRequestOf(first)), first, info).code).toBe('success');
    info.addPod(first);
    expect(info.availablePodAddresses).toBe(0);
    const second = makePod({ name: 'b' });
    expect(terwayIpAware.filter(newCycle(podRequestOf(second)), second, info)).toEqual({
      code: 'unschedulable',
      plugin: 'TerwayIPAware',
      reasons: ['Insufficient pod IPs'],
    });
  });

  it('ignores host-network and member-ENI pods, and nodes without the annotation', () => {
    const full = node('n', { cpuMilli: 1 }, { maxIps: 0 });
    expect(run(terwayIpAware, { name: 'h', hostNetwork: true }, full).code).toBe('success');
    const member = { name: 'm', requests: { extended: { 'aliyun/member-eni': 1 } } };
    expect(run(terwayIpAware, member, full).code).toBe('success');
    expect(run(terwayIpAware, { name: 'p' }, node('n', { cpuMilli: 1 })).code).toBe('success');
  });
});

describe('resource scores', () => {
  // kube-scheduler's least_allocated_test "nothing scheduled, resources requested, differently
  // sized nodes": node1 4000m/10000, node2 6000m/10000, pod 3000m/5000 → 37 and 50.
  const pod = makePod({ name: 'p', requests: { cpuMilli: 3000, memoryBytes: 5000 } });
  const node1 = createNodeInfo(node('node1', { cpuMilli: 4000, memoryBytes: 10000 }));
  const node2 = createNodeInfo(node('node2', { cpuMilli: 6000, memoryBytes: 10000 }));
  const request = podRequestOf(pod);

  it('LeastAllocated averages ((alloc − requested) × 100 / alloc) over cpu and memory', () => {
    expect(leastAllocatedScore(request, node1)).toBe(37); // (25 + 50) / 2
    expect(leastAllocatedScore(request, node2)).toBe(50);
    expect(leastRequestedScore(5, 4)).toBe(0);
    expect(leastRequestedScore(0, 0)).toBe(0);
  });

  it('MostAllocated averages (requested × 100 / alloc)', () => {
    expect(mostAllocatedScore(request, node1)).toBe(62); // (75 + 50) / 2
    expect(mostAllocatedScore(request, node2)).toBe(50);
  });

  it('BalancedAllocation is (1 − |f_cpu − f_mem| / 2) × 100, truncated', () => {
    expect(balancedAllocationScore(request, node1)).toBe(87); // fractions 0.75 and 0.5
    expect(balancedAllocationScore(request, node2)).toBe(100);
  });

  it('counts 100m and 200 MiB for a pod that requests nothing', () => {
    const empty = makePod({ name: 'e' });
    const big = createNodeInfo(node('big', { cpuMilli: 4000, memoryBytes: 400 * 1024 * 1024 }));
    // cpu (4000 − 100) × 100 / 4000 = 97; memory (400 − 200) MiB → 50; (97 + 50) / 2 = 73
    expect(leastAllocatedScore(podRequestOf(empty), big)).toBe(73);
    big.addPod(empty);
    expect(big.nonZeroCpuMilli).toBe(100);
    expect(big.requestedCpuMilli).toBe(0);
  });
});
