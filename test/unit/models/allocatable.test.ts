import { describe, expect, it } from 'vitest';

import {
  allocatable,
  estimateMemTotalKi,
  EVICTION_MEMORY_KI,
  nodefsEvictionBytes,
  reservedCpuMillis,
  reservedMemoryMiB,
} from '../../../models/index.js';

const GI_KI = 1024 * 1024;

describe('allocatable: CPU reservation (ack-node.md §1)', () => {
  it('1.28: GKE tiers; 32 cores reserve 150m (the doc example), 16 cores 110m', () => {
    expect(reservedCpuMillis(32, '1.28')).toBe(150);
    expect(reservedCpuMillis(16, '1.28')).toBe(110);
    expect(reservedCpuMillis(1, '1.28')).toBe(60);
    expect(reservedCpuMillis(2, '1.28')).toBe(70);
    expect(reservedCpuMillis(4, '1.28')).toBe(80);
  });

  it('1.28: a half millicore on odd core counts above 4 is rounded up (82.5m → 83m)', () => {
    expect(reservedCpuMillis(5, '1.28')).toBe(83);
    expect(reservedCpuMillis(6, '1.28')).toBe(85);
  });

  it('1.20: 100m up to 4 cores, 32 cores 800m, and the table values 128c → 2400, 256c → 3040', () => {
    expect(reservedCpuMillis(1, '1.20')).toBe(100);
    expect(reservedCpuMillis(2, '1.20')).toBe(100);
    expect(reservedCpuMillis(4, '1.20')).toBe(100);
    expect(reservedCpuMillis(16, '1.20')).toBe(400);
    expect(reservedCpuMillis(32, '1.20')).toBe(800);
    expect(reservedCpuMillis(64, '1.20')).toBe(1600);
    expect(reservedCpuMillis(128, '1.20')).toBe(2400);
    expect(reservedCpuMillis(256, '1.20')).toBe(3040);
  });

  it('legacy reserves no CPU', () => {
    expect(reservedCpuMillis(64, 'legacy')).toBe(0);
  });
});

describe('allocatable: memory reservation', () => {
  it('1.28: ecs.g7.16xlarge, 256 GiB, 213 pods reserves min(11×213+255, 25%) = 2598 MiB', () => {
    expect(reservedMemoryMiB({ memoryKi: 256 * GI_KI, maxPods: 213, policy: '1.28' })).toBe(2598);
  });

  it('1.28: the 25% cap applies to small nodes and is floored to whole MiB', () => {
    // 2 GiB nominal → MemTotal 1972211Ki; 25% = 481.5 MiB → 481.
    expect(reservedMemoryMiB({ memoryKi: 1972211, maxPods: 213, policy: '1.28' })).toBe(481);
  });

  it('1.20: 256 GiB reserves 11.88 GiB (12164 MiB, each tier floored)', () => {
    const mib = reservedMemoryMiB({ memoryKi: 256 * GI_KI, maxPods: 213, policy: '1.20' });
    expect(mib).toBe(1024 + 819 + 819 + 6881 + 2621);
    expect((mib / 1024).toFixed(2)).toBe('11.88');
  });

  it('legacy: 300Mi system + 400Mi kube', () => {
    expect(reservedMemoryMiB({ memoryKi: 32 * GI_KI, maxPods: 110, policy: 'legacy' })).toBe(700);
  });
});

describe('allocatable: eviction and ephemeral storage (float32 10%)', () => {
  it('123722704Ki → Allocatable 114022843818 bytes (a plain 10% would give …4007)', () => {
    const bytes = 123722704 * 1024;
    expect(nodefsEvictionBytes(bytes)).toBe(12669205078);
    expect(bytes - nodefsEvictionBytes(bytes)).toBe(114022843818);
    // A plain float64 10% (…4007) is one of the figures kubelet does not print.
    expect(bytes - nodefsEvictionBytes(bytes)).not.toBe(114022844007);
  });

  it('123460788Ki → Allocatable 113781462033 bytes', () => {
    const bytes = 123460788 * 1024;
    expect(nodefsEvictionBytes(bytes)).toBe(12642384879);
    expect(bytes - nodefsEvictionBytes(bytes)).toBe(113781462033);
  });

  it("the seed's node: cpu 15890m, memory 28587828Ki, ephemeral 113781462033", () => {
    const result = allocatable(
      { cpuMillis: 16000, memoryKi: 31555380, ephemeralKi: 123460788, pods: 213 },
      '1.28',
    );
    expect(result.cpuMillis).toBe(15890);
    expect(result.memoryKi).toBe(28587828);
    expect(result.ephemeralBytes).toBe(113781462033);
    expect(result.pods).toBe(213);
    // Capacity − Allocatable is exactly 2598 MiB reserved + 300 MiB eviction (ack-node.md §3).
    expect(result.reservedCpuMillis).toBe(110);
    expect(result.reservedMemoryMiB).toBe(2598);
    expect(result.evictionMemoryKi).toBe(307200);
    expect(EVICTION_MEMORY_KI).toBe(300 * 1024);
  });

  it("the seed's node under 1.20 would show 15600m, which is why the seed is on 1.28", () => {
    const result = allocatable(
      { cpuMillis: 16000, memoryKi: 31555380, ephemeralKi: 123460788, pods: 213 },
      '1.20',
    );
    expect(result.cpuMillis).toBe(15600);
  });

  it('clamps at zero as kubelet does', () => {
    const result = allocatable(
      { cpuMillis: 1000, memoryKi: 1000, ephemeralKi: 1, pods: 3 },
      'legacy',
    );
    expect(result.memoryKi).toBe(0);
  });

  it('unknown cpu and memory stay unknown', () => {
    const result = allocatable(
      { cpuMillis: null, memoryKi: null, ephemeralKi: 1024, pods: 3 },
      '1.28',
    );
    expect(result.cpuMillis).toBeNull();
    expect(result.memoryKi).toBeNull();
  });
});

describe('allocatable: MemTotal estimate', () => {
  it('reproduces the seed exactly for 32 GiB and scales linearly', () => {
    expect(estimateMemTotalKi(32)).toBe(31555380);
    expect(estimateMemTotalKi(64)).toBe(63110760);
    expect(estimateMemTotalKi(0.5)).toBe(493052);
  });
});
