import { describe, expect, it } from 'vitest';
import { createRng } from '../../../sim/engine/rng.js';
import {
  decideScaleDown,
  decideScaleUp,
  TEN_MINUTES_US,
} from '../../../sim/placement/autoscaler.js';
import { decreasingOrder, estimateNodes } from '../../../sim/placement/binpacking.js';
import { wastedScore } from '../../../sim/placement/expander.js';
import type { AutoscaledPool } from '../../../sim/placement/nodePool.js';
import { makePod, type PodSpec } from '../../../models/pod.js';
import { defaultProfile, filterPlugins } from '../../../sim/placement/registry.js';
import { GiB, eniOnlyTaint, forbiddenStream, node, tolerateEniOnly } from './fixtures.js';

const eniPool = (sizes: Partial<AutoscaledPool> = {}): AutoscaledPool => ({
  name: 'eni',
  minSize: 0,
  maxSize: 10,
  targetSize: 2,
  upcomingNodes: 0,
  template: node(
    'eni-template',
    { cpuMilli: 15890, memoryBytes: 28 * GiB, pods: 213, extended: { 'aliyun/eni': 7 } },
    { taints: [eniOnlyTaint], maxIps: 7 },
  ),
  capacity: { cpuMilli: 16000, memoryBytes: 32 * GiB },
  priority: 0,
  ...sizes,
});

const eniPods = (count: number, tolerate = true): PodSpec[] =>
  Array.from({ length: count }, (_, index) =>
    makePod({
      name: `nginx-${index}`,
      requests: { cpuMilli: 500, memoryBytes: GiB, extended: { 'aliyun/eni': 1 } },
      tolerations: tolerate ? [tolerateEniOnly] : [],
    }),
  );

describe('cluster autoscaler: scale-up', () => {
  it('packs ten exclusive-ENI pods onto two 7-ENI nodes', () => {
    const decision = decideScaleUp(eniPods(10), [eniPool()], { rng: forbiddenStream });
    expect(decision.scaleUp).toEqual({
      pool: 'eni',
      nodeCount: 2,
      podKeys: eniPods(10).map((pod) => `default/${pod.name}`),
    });
    expect(decision.noScaleUp).toEqual([]);
  });

  it('lets pods wait for nodes already on their way', () => {
    const decision = decideScaleUp(eniPods(10), [eniPool({ targetSize: 3, upcomingNodes: 1 })], {
      rng: forbiddenStream,
    });
    expect(decision.awaitingUpcoming).toHaveLength(7);
    expect(decision.scaleUp).toMatchObject({ pool: 'eni', nodeCount: 1 });
    expect(decision.scaleUp?.podKeys).toHaveLength(3);
  });

  it('never grows a pool past its max', () => {
    const decision = decideScaleUp(eniPods(10), [eniPool({ targetSize: 9 })], {
      rng: forbiddenStream,
    });
    expect(decision.scaleUp).toMatchObject({ pool: 'eni', nodeCount: 1 });
    expect(decision.noScaleUp.map((pod) => pod.message)).toEqual(
      Array(3).fill("pod didn't trigger scale-up: 1 max node group size reached"),
    );
    const full = decideScaleUp(eniPods(2), [eniPool({ targetSize: 10 })], { rng: forbiddenStream });
    expect(full.scaleUp).toBeNull();
    expect(full.options).toEqual([]);
  });

  it('respects --max-nodes-total and --max-nodes-per-scaleup', () => {
    const total = decideScaleUp(eniPods(30), [eniPool()], {
      rng: forbiddenStream,
      nodesTotal: { max: 20, current: 18 },
    });
    expect(total.scaleUp?.nodeCount).toBe(2);
    const perScaleUp = decideScaleUp(eniPods(30), [eniPool()], {
      rng: forbiddenStream,
      maxNodesPerScaleUp: 3,
    });
    expect(perScaleUp.scaleUp?.nodeCount).toBe(3);
  });

  it('does not scale up for pods a template rejects, and says why per pool', () => {
    const web: AutoscaledPool = {
      ...eniPool(),
      name: 'web',
      template: node(
        'web-template',
        { cpuMilli: 3900, memoryBytes: 7 * GiB, pods: 64 },
        { maxIps: 60 },
      ),
      capacity: { cpuMilli: 4000, memoryBytes: 8 * GiB },
    };
    const decision = decideScaleUp(eniPods(1, false), [eniPool(), web], { rng: forbiddenStream });
    expect(decision.scaleUp).toBeNull();
    expect(decision.noScaleUp).toEqual([
      {
        podKey: 'default/nginx-0',
        message:
          "pod didn't trigger scale-up: 1 Insufficient aliyun/eni, 1 node(s) had untolerated taint(s)",
      },
    ]);
  });

  it('packs by max-available-ip too: two pod addresses per template node', () => {
    const web: AutoscaledPool = {
      ...eniPool(),
      name: 'web',
      template: node(
        'web-template',
        { cpuMilli: 3900, memoryBytes: 7 * GiB, pods: 64 },
        { maxIps: 2 },
      ),
      capacity: { cpuMilli: 4000, memoryBytes: 8 * GiB },
    };
    const pods = Array.from({ length: 5 }, (_, index) => makePod({ name: `web-${index}` }));
    expect(decideScaleUp(pods, [web], { rng: forbiddenStream }).scaleUp?.nodeCount).toBe(3);
    expect(() => decideScaleUp([pods[0]!, pods[0]!], [web], { rng: forbiddenStream })).toThrow(
      'pending pods list default/web-0 twice',
    );
  });

  describe('expanders', () => {
    // Four pods of 3 cores and 6 GiB: a 4-core/8 GiB pool needs four nodes and wastes
    // 0.25 + 0.25; a 16-core/64 GiB pool needs one node and wastes 0.25 + 0.625.
    const pods = Array.from({ length: 4 }, (_, index) =>
      makePod({ name: `job-${index}`, requests: { cpuMilli: 3000, memoryBytes: 6 * GiB } }),
    );
    const pool = (
      name: string,
      cores: number,
      memoryGiB: number,
      priority: number,
    ): AutoscaledPool => ({
      name,
      minSize: 0,
      maxSize: 100,
      targetSize: 0,
      upcomingNodes: 0,
      template: node(`${name}-t`, {
        cpuMilli: cores * 1000 - 100,
        memoryBytes: (memoryGiB - 1) * GiB,
      }),
      capacity: { cpuMilli: cores * 1000, memoryBytes: memoryGiB * GiB },
      priority,
    });
    const pools = [pool('small', 4, 8, 0), pool('large', 16, 64, 10)];

    it('least-waste picks the pool that leaves the least cpu and memory idle', () => {
      const decision = decideScaleUp(pods, pools, { rng: forbiddenStream });
      expect(decision.options).toEqual([
        { pool: 'small', nodeCount: 4, podCount: 4 },
        { pool: 'large', nodeCount: 1, podCount: 4 },
      ]);
      expect(decision.scaleUp).toMatchObject({ pool: 'small', nodeCount: 4 });
      const [small, large] = pools;
      expect(wastedScore({ pool: small!, nodeCount: 4, pods })).toBe(0.5);
      expect(wastedScore({ pool: large!, nodeCount: 1, pods })).toBe(0.875);
    });

    it('priority picks the highest priority; most-pods ties are drawn from the stream', () => {
      expect(
        decideScaleUp(pods, pools, { rng: forbiddenStream, expander: 'priority' }).scaleUp?.pool,
      ).toBe('large');
      const chosen = new Set(
        [1, 2, 3, 4, 5, 6].map(
          (seed) =>
            decideScaleUp(pods, pools, { rng: createRng(seed), expander: 'most-pods' }).scaleUp
              ?.pool,
        ),
      );
      expect(chosen).toEqual(new Set(['small', 'large']));
    });
  });
});

describe('cluster autoscaler: the estimator', () => {
  it('orders pods by decreasing share of the template and packs first fit', () => {
    const template = node('t', { cpuMilli: 4000, memoryBytes: 0, pods: 110 });
    const pods = [1000, 3000, 2000, 2000, 1000, 3000].map((cpuMilli, index) =>
      makePod({ name: `p${index}`, requests: { cpuMilli } }),
    );
    expect(decreasingOrder(pods, template).map((pod) => pod.name)).toEqual([
      'p1',
      'p5',
      'p2',
      'p3',
      'p0',
      'p4',
    ]);
    const filters = defaultProfile().filters.map((name) => filterPlugins[name]);
    const estimate = estimateNodes(pods, template, filters, { nodesMax: 10, namePrefix: 'e' });
    expect(estimate.nodeCount).toBe(3); // {3000,1000} {3000,1000} {2000,2000}
    const bounded = estimateNodes(pods, template, filters, { nodesMax: 2, namePrefix: 'e' });
    expect(bounded).toMatchObject({ nodeCount: 2 });
    expect(bounded.pods.map((pod) => pod.name)).toEqual(['p1', 'p5', 'p0', 'p4']);
  });

  it('rejects inconsistent pools with their location', () => {
    expect(() =>
      decideScaleUp([], [eniPool({ minSize: 5, maxSize: 3 })], { rng: forbiddenStream }),
    ).toThrow('invalid node pools: pool eni: minSize 5 exceeds maxSize 3');
  });
});

describe('cluster autoscaler: scale-down of empty nodes', () => {
  const pools = [{ name: 'web', minSize: 2, targetSize: 5 }];
  const nodes = [
    { name: 'web-a', pool: 'web', boundPods: 0, emptySinceUs: 0 },
    { name: 'web-b', pool: 'web', boundPods: 0, emptySinceUs: 100 },
    { name: 'web-c', pool: 'web', boundPods: 3, emptySinceUs: null },
    { name: 'web-d', pool: 'web', boundPods: 0, emptySinceUs: 50 },
    { name: 'web-e', pool: 'web', boundPods: 0, emptySinceUs: TEN_MINUTES_US },
  ];

  it('removes nodes empty for ten minutes, oldest first, down to the pool minimum', () => {
    expect(
      decideScaleDown(nodes, pools, { nowUs: TEN_MINUTES_US + 100, lastScaleUpUs: null }),
    ).toEqual(['web-a', 'web-d', 'web-b']);
    const atMin = [{ name: 'web', minSize: 4, targetSize: 5 }];
    expect(
      decideScaleDown(nodes, atMin, { nowUs: 2 * TEN_MINUTES_US, lastScaleUpUs: null }),
    ).toEqual(['web-a']);
  });

  it('waits ten minutes after a scale-up and removes at most maxEmptyBulkDelete', () => {
    const nowUs = 2 * TEN_MINUTES_US;
    expect(decideScaleDown(nodes, pools, { nowUs, lastScaleUpUs: nowUs - 1 })).toEqual([]);
    expect(
      decideScaleDown(nodes, pools, { nowUs, lastScaleUpUs: null, maxEmptyBulkDelete: 1 }),
    ).toEqual(['web-a']);
  });
});
