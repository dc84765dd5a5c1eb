import { describe, expect, it } from 'vitest';

import { formatBytes, formatCount, formatCpuMillis } from '../../../models/index.js';
import { codes, ecsType, leniType, plan } from './fixtures.js';

describe("nodeCapacity: the seed's node (ecs.c7.4xlarge, exclusive, real MemTotal)", () => {
  const seed = plan('ecs.c7.4xlarge', {
    mode: 'exclusive',
    memoryKi: 31555380,
    ephemeralKi: 123460788,
  });

  it('Capacity: aliyun/eni 7, cpu 16, ephemeral 123460788Ki, memory 31555380Ki, pods 213', () => {
    expect(seed.capacity.extended).toEqual({ 'aliyun/eni': 7 });
    expect(formatCpuMillis(seed.capacity.cpuMillis ?? -1)).toBe('16');
    expect(formatBytes(seed.capacity.ephemeralStorageBytes)).toBe('123460788Ki');
    expect(formatBytes(seed.capacity.memoryBytes ?? -1)).toBe('31555380Ki');
    expect(formatCount(seed.capacity.pods)).toBe('213');
  });

  it('Allocatable: aliyun/eni 7, cpu 15890m, ephemeral 113781462033, memory 28587828Ki, pods 213', () => {
    expect(seed.allocatable.extended).toEqual({ 'aliyun/eni': 7 });
    expect(seed.allocatable.cpuMillis).toBe(15890);
    expect(seed.allocatable.ephemeralStorageBytes).toBe(113781462033);
    expect(seed.allocatable.memoryBytes).toBe(28587828 * 1024);
    expect(seed.allocatable.pods).toBe(213);
  });

  it('is admitted, with nothing estimated and no warnings', () => {
    expect(seed).toMatchObject({
      admitted: true,
      memoryEstimated: false,
      ephemeralEstimated: false,
      containerPods: 7,
      maxPods: 213,
      maxPodsSource: 'ack',
      reservedCpuMillis: 110,
      reservedMemoryMiB: 2598,
      stack: 'ipv4',
      terway: '1.17.5',
    });
    expect(seed.violations).toEqual([]);
    expect(seed.warnings).toEqual([]);
    expect(seed.notes).toEqual([]);
  });

  it('exports the limits the simulator needs', () => {
    expect(seed.limits).toEqual({
      eniApi: 'ecs',
      eniQuantity: 8,
      ipv4PerEni: 30,
      ipv6PerEni: 30,
      eniTotalQuantity: null,
      memberEniLimit: null,
      erdmaEniLimit: null,
    });
  });
});

describe('nodeCapacity: kubelet max-pods', () => {
  it('ACK: the shared formula + 3 in every ECS mode', () => {
    expect(plan('ecs.c6.4xlarge').maxPods).toBe(143);
    expect(plan('ecs.c6.4xlarge', { mode: 'exclusive' }).maxPods).toBe(143);
    expect(plan('ecs.g7.16xlarge').maxPods).toBe(213);
  });

  it('ecs.g7.16xlarge reserves 2598 MiB (the 1.28 doc example)', () => {
    expect(plan('ecs.g7.16xlarge', { memoryKi: 256 * 1024 * 1024 }).reservedMemoryMiB).toBe(2598);
  });

  it('--max-pods overrides, and feeds the memory reservation', () => {
    const result = plan('ecs.c7.4xlarge', { maxPods: 110, memoryKi: 31555380 });
    expect(result).toMatchObject({ maxPods: 110, maxPodsSource: 'override' });
    expect(result.reservedMemoryMiB).toBe(11 * 110 + 255);
    expect(codes(result.warnings)).toEqual(['MAX_PODS_BELOW_NETWORK_PODS']);
  });

  it('warns when kubelet max-pods caps the ENI capacity (trunk, prefix)', () => {
    const trunk = plan('ecs.g7.xlarge', { trunk: true });
    expect(trunk).toMatchObject({ containerPods: 45, memberEniPods: 16, maxPods: 48 });
    expect(trunk.capacity.extended).toEqual({ 'aliyun/member-eni': 16 });
    expect(codes(trunk.warnings)).toEqual(['MAX_PODS_BELOW_NETWORK_PODS']);
    const prefix = plan('ecs.g7.4xlarge', { ipPrefix: true });
    expect(prefix).toMatchObject({ containerPods: 3248, maxPods: 213 });
    expect(codes(prefix.warnings)).toEqual(['MAX_PODS_BELOW_NETWORK_PODS']);
  });

  it('Lingjun: max(shared, exclusive) + 3, marked assumed', () => {
    const result = plan(leniType({ eniQuantity: 12, ipv4PerEni: 10 }), { mode: 'exclusive' });
    expect(result).toMatchObject({ maxPods: 113, maxPodsSource: 'assumed', containerPods: 11 });
    expect(result.capacity.extended).toEqual({ 'aliyun/eni': 11 });
    expect(codes(result.warnings)).toEqual(['MAX_PODS_ASSUMED']);
    const hdeni = plan(leniType({ eniQuantity: 1, highDensityQuantity: 16 }), {
      mode: 'exclusive',
    });
    expect(hdeni).toMatchObject({ maxPods: 19, containerPods: 16 });
  });
});

describe('nodeCapacity: estimates and unknowns', () => {
  it('estimates MemTotal from the nominal size and says so', () => {
    const result = plan('ecs.c7.4xlarge');
    expect(result.memoryEstimated).toBe(true);
    expect(result.ephemeralEstimated).toBe(true);
    expect(result.capacity.memoryBytes).toBe(31555380 * 1024);
    expect(result.capacity.ephemeralStorageBytes).toBe(123460788 * 1024);
    expect(codes(result.notes)).toEqual(['MEMORY_ESTIMATED', 'EPHEMERAL_ESTIMATED']);
    expect(result.notes[0]?.message).toContain('94.04% of the nominal 32 GiB');
  });

  it('unknown CPU and memory are null with RESOURCES_UNKNOWN, never 0', () => {
    const result = plan(ecsType({ cpuCores: null, memoryGiB: null }));
    expect(result.capacity.cpuMillis).toBeNull();
    expect(result.capacity.memoryBytes).toBeNull();
    expect(result.allocatable.cpuMillis).toBeNull();
    expect(result.allocatable.memoryBytes).toBeNull();
    expect(codes(result.warnings)).toEqual(['RESOURCES_UNKNOWN']);
    expect(plan(ecsType({ memoryGiB: null }), { memoryKi: 1000000 }).capacity.memoryBytes).toBe(
      1024000000,
    );
  });

  it('reports the ERDMA resource where advertised', () => {
    const result = plan('ecs.g8a.xlarge', { erdma: true });
    expect(result.capacity.extended).toEqual({ 'aliyun/erdma': 15 });
  });
});
