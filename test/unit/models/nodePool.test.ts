import { describe, expect, it } from 'vitest';

import {
  checkNodePool,
  NODE_POOL_LIMITATIONS,
  type NodePoolNetworkSpec,
} from '../../../models/index.js';
import { codes } from './fixtures.js';

function pool(overrides: Partial<NodePoolNetworkSpec> = {}): NodePoolNetworkSpec {
  return {
    name: 'np-eni',
    platform: 'ecs',
    mode: 'exclusive',
    createdMode: null,
    ebpfDatapath: false,
    networkPolicy: false,
    customCniChain: false,
    podNetworking: false,
    existingNodes: 0,
    ...overrides,
  };
}

describe("nodePool: the seed's limitations", () => {
  it('a plain exclusive pool has none', () => {
    expect(checkNodePool(pool())).toEqual({ violations: [], warnings: [] });
  });

  it('exclusive pods get no eBPF acceleration or NetworkPolicy (warnings: accepted, not applied)', () => {
    const result = checkNodePool(pool({ ebpfDatapath: true, networkPolicy: true }));
    expect(codes(result.warnings)).toEqual(['EXCLUSIVE_NO_EBPF', 'EXCLUSIVE_NO_NETWORK_POLICY']);
    expect(result.violations).toEqual([]);
    expect(result.warnings[0]?.message).toBe(
      `node pool np-eni: ${NODE_POOL_LIMITATIONS.noEbpf.message}`,
    );
  });

  it('a custom CNI chain is refused on an exclusive pool', () => {
    expect(codes(checkNodePool(pool({ customCniChain: true })).violations)).toEqual([
      'NO_CUSTOM_CNI_CHAIN',
    ]);
  });

  it('the mode is fixed at pool creation, either way', () => {
    expect(codes(checkNodePool(pool({ createdMode: 'shared' })).violations)).toEqual([
      'NODE_POOL_MODE_IMMUTABLE',
    ]);
    expect(
      codes(checkNodePool(pool({ mode: 'shared', createdMode: 'exclusive' })).violations),
    ).toEqual(['NODE_POOL_MODE_IMMUTABLE']);
  });

  it("existing nodes' ENIs stay unused", () => {
    expect(codes(checkNodePool(pool({ existingNodes: 2 })).warnings)).toEqual([
      'EXISTING_NODE_ENIS_UNUSED',
    ]);
  });

  it('PodNetworking is not supported on Lingjun pools, in either mode', () => {
    for (const mode of ['shared', 'exclusive'] as const) {
      const result = checkNodePool(pool({ platform: 'lingjun', mode, podNetworking: true }));
      expect(codes(result.violations)).toEqual(['LINGJUN_NO_PODNETWORKING']);
    }
    expect(checkNodePool(pool({ podNetworking: true })).violations).toEqual([]);
  });

  it('shared pools keep eBPF, NetworkPolicy and custom chains', () => {
    const result = checkNodePool(
      pool({
        mode: 'shared',
        ebpfDatapath: true,
        networkPolicy: true,
        customCniChain: true,
        existingNodes: 3,
      }),
    );
    expect(result).toEqual({ violations: [], warnings: [] });
  });
});
