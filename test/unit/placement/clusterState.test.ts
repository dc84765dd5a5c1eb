import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../sim/placement/clusterState.js';
import { makePod } from '../../../models/pod.js';
import { GiB, node } from './fixtures.js';

describe('ClusterState', () => {
  it('lists nodes zone by zone in turn, like kube-scheduler node tree', () => {
    const state = new ClusterState();
    for (const [name, zone] of [
      ['a1', 'a'],
      ['a2', 'a'],
      ['b1', 'b'],
      ['a3', 'a'],
      ['c1', 'c'],
      ['c2', 'c'],
    ] as const) {
      state.addNode(node(name, { cpuMilli: 1000 }, { zone }));
    }
    expect(state.nodeList().map((info) => info.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    state.removeNode('b1');
    expect(state.nodeList().map((info) => info.name)).toEqual(['a1', 'c1', 'a2', 'c2', 'a3']);
    state.updateNode(node('a3', { cpuMilli: 1000 }, { zone: 'b' }));
    expect(state.nodeList().map((info) => info.name)).toEqual(['a1', 'c1', 'a3', 'a2', 'c2']);
  });

  it('accounts bound pods incrementally and undoes them on unbind', () => {
    const state = new ClusterState();
    state.addNode(
      node(
        'n',
        { cpuMilli: 4000, memoryBytes: 8 * GiB, extended: { 'aliyun/eni': 7 } },
        { maxIps: 7, requested: { cpuMilli: 100, pods: 2 } },
      ),
    );
    const pod = makePod({
      name: 'p',
      requests: { cpuMilli: 500, memoryBytes: GiB, extended: { 'aliyun/eni': 1 } },
    });
    state.bind(pod, 'n');
    const info = state.nodeInfo('n')!;
    expect([info.requestedCpuMilli, info.requestedMemoryBytes, info.podCount]).toEqual([
      600,
      GiB,
      3,
    ]);
    expect(info.requestedExtended('aliyun/eni')).toBe(1);
    expect(info.availablePodAddresses).toBe(6);
    expect(state.nodeOf('default/p')).toBe('n');
    expect(() => {
      state.bind(pod, 'n');
    }).toThrow(/already bound/);
    expect(state.unbind('default/p')).toBe('n');
    expect([info.requestedCpuMilli, info.requestedMemoryBytes, info.podCount]).toEqual([100, 0, 2]);
    expect(info.requestedExtended('aliyun/eni')).toBe(0);
    expect(() => state.unbind('default/p')).toThrow(/not bound/);
  });

  it('unbinds the pods of a removed node and rejects bad input with its location', () => {
    const state = new ClusterState();
    state.addNode(node('n', { cpuMilli: 1000 }));
    state.bind(makePod({ name: 'p' }), 'n');
    expect(state.removeNode('n').map((pod) => pod.name)).toEqual(['p']);
    expect(state.nodeOf('default/p')).toBeUndefined();
    expect(() => state.addNode(node('m', { cpuMilli: -1 }))).toThrow(
      'invalid node: node m.allocatable.cpuMilli: must be a non-negative safe integer, got -1',
    );
    expect(() =>
      state.addNode(
        node('m', { cpuMilli: 1 }, { annotations: { 'k8s.aliyun.com/max-available-ip': 'x' } }),
      ),
    ).toThrow(/max-available-ip must be a whole number, got "x"/);
  });

  it('bumps the static generation only when labels, taints or cordon change', () => {
    const state = new ClusterState();
    state.addNode(node('n', { cpuMilli: 1000 }));
    const before = state.staticGeneration;
    state.updateNode(node('n', { cpuMilli: 2000 }, { maxIps: 3 }));
    expect(state.staticGeneration).toBe(before);
    state.updateNode(node('n', { cpuMilli: 2000 }, { unschedulable: true }));
    expect(state.staticGeneration).toBe(before + 1);
  });
});
