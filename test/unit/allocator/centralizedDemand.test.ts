import { describe, expect, it } from 'vitest';
import {
  centralizedDemand,
  planEniOptions,
  selectOperations,
} from '../../../sim/allocator/centralizedDemand.js';
import type { EniOptionInput } from '../../../sim/allocator/centralizedDemand.js';

const inUse = (ipv4Count: number, ipv6Count = 0): EniOptionInput => ({
  kind: 'existing',
  status: 'InUse',
  ipv4Count,
  ipv6Count,
  requestedIpv4: null,
  requestedIpv6: null,
  skip: false,
});
const fresh: EniOptionInput = { kind: 'new', trunk: false };

describe('centralized IPAM demand (terway.md §3.2)', () => {
  it('minPoolSize 5, pending 3, idle 2 → minPoolDemand 6, allocationDemand 9', () => {
    expect(
      centralizedDemand({
        podDemand: 3,
        totalIdle: 2,
        minPoolSize: 5,
        warmUpTarget: 0,
        warmUpAllocated: 0,
        warmUpActive: false,
      }),
    ).toEqual({ podDemand: 3, minPoolDemand: 6, warmUpDemand: 0, allocationDemand: 9 });
  });

  it('takes the larger of the min-pool and warm-up deficits, on top of the pods', () => {
    expect(
      centralizedDemand({
        podDemand: 2,
        totalIdle: 5,
        minPoolSize: 0,
        warmUpTarget: 10,
        warmUpAllocated: 4,
        warmUpActive: true,
      }),
    ).toEqual({ podDemand: 2, minPoolDemand: 0, warmUpDemand: 6, allocationDemand: 8 });
  });

  it('warm-up is one-shot: a completed warm-up asks for nothing', () => {
    const demand = centralizedDemand({
      podDemand: 0,
      totalIdle: 0,
      minPoolSize: 0,
      warmUpTarget: 10,
      warmUpAllocated: 4,
      warmUpActive: false,
    });
    expect(demand.allocationDemand).toBe(0);
  });

  it('idle addresses cover pods before any minimum is added', () => {
    expect(
      centralizedDemand({
        podDemand: 1,
        totalIdle: 10,
        minPoolSize: 5,
        warmUpTarget: 0,
        warmUpAllocated: 0,
        warmUpActive: false,
      }).allocationDemand,
    ).toBe(1);
  });
});

describe('assignEniWithOptions', () => {
  it('fills existing ENIs to their quota in batches of 10, then new ones', () => {
    const plans = planEniOptions({
      toAdd: 25,
      ipv4: true,
      ipv6: false,
      ipv4PerEni: 30,
      ipv6PerEni: 30,
      batchSize: 10,
      options: [inUse(28), inUse(5), fresh, fresh],
    });
    expect(plans.map((p) => p.addIpv4)).toEqual([2, 10, 10, 3]);
    expect(plans.every((p) => p.addIpv6 === 0)).toBe(true);
  });

  it('marks a full ENI and moves on', () => {
    const plans = planEniOptions({
      toAdd: 4,
      ipv4: true,
      ipv6: false,
      ipv4PerEni: 30,
      ipv6PerEni: 0,
      batchSize: 10,
      options: [inUse(30), fresh],
    });
    expect(plans).toEqual([
      { addIpv4: 0, addIpv6: 0, isFull: true },
      { addIpv4: 4, addIpv6: 0, isFull: false },
    ]);
  });

  it('counts what an attaching ENI asked for and adds nothing to it', () => {
    const attaching: EniOptionInput = {
      kind: 'existing',
      status: 'Attaching',
      ipv4Count: 1,
      ipv6Count: 0,
      requestedIpv4: 10,
      requestedIpv6: 0,
      skip: false,
    };
    const plans = planEniOptions({
      toAdd: 12,
      ipv4: true,
      ipv6: false,
      ipv4PerEni: 30,
      ipv6PerEni: 0,
      batchSize: 10,
      options: [attaching, fresh],
    });
    expect(plans.map((p) => p.addIpv4)).toEqual([0, 2]);
  });

  it('creates the trunk with one address per family even with no demand', () => {
    const plans = planEniOptions({
      toAdd: 0,
      ipv4: true,
      ipv6: true,
      ipv4PerEni: 30,
      ipv6PerEni: 30,
      batchSize: 10,
      options: [{ kind: 'new', trunk: true }, fresh],
    });
    expect(plans).toEqual([
      { addIpv4: 1, addIpv6: 1, isFull: false },
      { addIpv4: 0, addIpv6: 0, isFull: false },
    ]);
  });

  it('asks one address per call on EFLO', () => {
    const plans = planEniOptions({
      toAdd: 5,
      ipv4: true,
      ipv6: false,
      ipv4PerEni: 10,
      ipv6PerEni: 0,
      batchSize: 1,
      options: [inUse(3), fresh],
    });
    expect(plans.map((p) => p.addIpv4)).toEqual([1, 1]);
  });
});

describe('allocateFromOptions', () => {
  const plan = (n: number) => ({ addIpv4: n, addIpv6: 0, isFull: false });

  it('starts one create-or-assign per reconcile on ECS', () => {
    expect(
      selectOperations({
        plans: [plan(2), plan(10), plan(10), plan(3)],
        isNew: [false, false, true, true],
        createBatchSize: 1,
        attachingNow: 0,
      }),
    ).toEqual([0]);
  });

  it('on EFLO two, and new ENIs only while attach slots are free', () => {
    expect(
      selectOperations({
        plans: [plan(0), plan(0), plan(10), plan(3)],
        isNew: [false, false, true, true],
        createBatchSize: 2,
        attachingNow: 1,
      }),
    ).toEqual([2]);
    expect(
      selectOperations({
        plans: [plan(0), plan(0), plan(10), plan(3)],
        isNew: [false, false, true, true],
        createBatchSize: 2,
        attachingNow: 2,
      }),
    ).toEqual([]);
    expect(
      selectOperations({
        plans: [plan(1), plan(4), plan(10)],
        isNew: [false, false, true],
        createBatchSize: 2,
        attachingNow: 2,
      }),
    ).toEqual([0, 1]);
  });
});
