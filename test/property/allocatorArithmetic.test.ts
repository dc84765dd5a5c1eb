/**
 * Properties of the allocator's pure arithmetic (terway.md §3.1–3.2), each named after the
 * invariant it checks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressSet } from '../../sim/allocator/addressSet.js';
import { backoffSleepsUs } from '../../sim/allocator/backoff.js';
import {
  centralizedDemand,
  planEniOptions,
  selectOperations,
} from '../../sim/allocator/centralizedDemand.js';
import type { EniOptionInput } from '../../sim/allocator/centralizedDemand.js';
import { sortByPriority } from '../../sim/allocator/eniPriority.js';
import { sharedPoolSizing } from '../../models/poolSizing.js';
import { resolveAllocatorConfig } from '../../sim/allocator/config.js';
import { TokenBucket } from '../../sim/allocator/rateLimiter.js';
import { calculateToDel } from '../../sim/allocator/reclaim.js';

const count = (max: number) => fc.integer({ min: 0, max });

describe('centralized demand', () => {
  it('invariant: after the demand is met, pods are served and min_pool_size idle addresses remain', () => {
    fc.assert(
      fc.property(
        count(50),
        count(60),
        count(30),
        count(40),
        count(40),
        fc.boolean(),
        (pods, idle, min, target, done, active) => {
          const demand = centralizedDemand({
            podDemand: pods,
            totalIdle: idle,
            minPoolSize: min,
            warmUpTarget: target,
            warmUpAllocated: done,
            warmUpActive: active,
          });
          expect(idle + demand.allocationDemand - pods).toBeGreaterThanOrEqual(min);
          expect(demand.allocationDemand).toBeGreaterThanOrEqual(pods);
          if (active) expect(done + demand.allocationDemand - pods).toBeGreaterThanOrEqual(target);
        },
      ),
    );
  });

  it('invariant: a plan never exceeds an ENI’s quota nor 10 addresses per call, nor the demand', () => {
    const option: fc.Arbitrary<EniOptionInput> = fc.oneof(
      fc.record({
        kind: fc.constant('existing' as const),
        status: fc.constantFrom('InUse' as const, 'Attaching' as const),
        ipv4Count: count(30),
        ipv6Count: count(30),
        requestedIpv4: fc.option(count(10), { nil: null }),
        requestedIpv6: fc.option(count(10), { nil: null }),
        skip: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('new' as const), trunk: fc.constant(false) }),
    );
    fc.assert(
      fc.property(
        count(100),
        fc.boolean(),
        fc.array(option, { maxLength: 8 }),
        fc.constantFrom(1, 10),
        (toAdd, dual, options, batch) => {
          const plans = planEniOptions({
            toAdd,
            ipv4: true,
            ipv6: dual,
            ipv4PerEni: 30,
            ipv6PerEni: 30,
            batchSize: batch,
            options,
          });
          let total4 = 0;
          plans.forEach((plan, i) => {
            const input = options[i];
            const used = input?.kind === 'existing' ? input.ipv4Count : 0;
            expect(plan.addIpv4).toBeLessThanOrEqual(Math.min(batch, 30 - used));
            expect(plan.addIpv4).toBeGreaterThanOrEqual(0);
            if (!dual) expect(plan.addIpv6).toBe(0);
            if (input?.kind === 'existing' && (input.skip || input.status === 'Attaching')) {
              expect(plan.addIpv4 + plan.addIpv6).toBe(0);
            }
            total4 += plan.addIpv4;
          });
          expect(total4).toBeLessThanOrEqual(toAdd);
        },
      ),
    );
  });

  it('invariant: a reconcile starts at most createBatchSize operations and no more new ENIs than free attach slots', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(count(10), fc.boolean()), { maxLength: 10 }),
        fc.constantFrom(1, 2),
        count(3),
        (slots, batch, attaching) => {
          const chosen = selectOperations({
            plans: slots.map(([n]) => ({ addIpv4: n, addIpv6: 0, isFull: false })),
            isNew: slots.map(([, isNew]) => isNew),
            createBatchSize: batch,
            attachingNow: attaching,
          });
          expect(chosen.length).toBeLessThanOrEqual(batch);
          const newOnes = chosen.filter((i) => slots[i]?.[1] === true).length;
          expect(newOnes).toBeLessThanOrEqual(Math.max(0, batch - attaching));
          for (const i of chosen) expect(slots[i]?.[0]).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('pool shrink and reclaim', () => {
  it('invariant: reclaim releases at most a batch per round and never below min_pool_size', () => {
    fc.assert(
      fc.property(
        count(60),
        count(20),
        count(20),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (idles, max, min, batch, u) => {
          const minIdles = Math.min(min, max);
          const decision = calculateToDel({
            idles,
            nowUs: 10_000_000_000,
            lastModifiedUs: 0,
            nextReclaimUs: 1,
            settings: {
              maxIdles: max,
              minIdles,
              afterUs: 1,
              intervalUs: 600_000_000,
              batchSize: batch,
              jitterFactor: 0.1,
            },
            draw: () => u,
          });
          expect(decision.extraDel).toBeLessThanOrEqual(batch);
          expect(decision.toDel).toBe(Math.max(0, idles - max) + decision.extraDel);
          if (decision.extraDel > 0)
            expect(idles - decision.toDel).toBeGreaterThanOrEqual(minIdles);
          expect(decision.nextReclaimUs).toBeGreaterThanOrEqual(10_000_000_000 + 600_000_000);
          expect(decision.nextReclaimUs).toBeLessThanOrEqual(10_000_000_000 + 660_000_000);
        },
      ),
    );
  });

  it('invariant: pool sizes respect capacity and min ≤ max', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 1, max: 50 }),
        count(300),
        count(300),
        count(8),
        count(20),
        (enis, perEni, max, min, minEni, maxEni) => {
          const sizing = sharedPoolSizing(
            { eniQuantity: enis, ipv4PerEni: perEni, highDensity: false },
            resolveAllocatorConfig({ maxPoolSize: max, minPoolSize: min, minEni, maxEni }),
          );
          expect(sizing.maxEni).toBeLessThanOrEqual(enis - 1);
          if (maxEni > 0) expect(sizing.maxEni).toBeLessThanOrEqual(maxEni);
          expect(sizing.capacity).toBe(sizing.maxEni * perEni);
          expect(sizing.maxPoolSize).toBeLessThanOrEqual(sizing.capacity);
          expect(sizing.minPoolSize).toBeLessThanOrEqual(sizing.maxPoolSize);
        },
      ),
    );
  });
});

describe('backoffs and buckets', () => {
  it('invariant: a backoff sleeps steps − 1 times, each within [d, d × (1 + jitter)]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.constantFrom(1, 1.5, 2),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (durationUs, factor, jitter, steps, u) => {
          const sleeps = backoffSleepsUs(
            { initialDelayUs: 0, durationUs, factor, jitter, steps },
            () => u,
          );
          expect(sleeps).toHaveLength(steps - 1);
          let d = durationUs;
          for (const sleep of sleeps) {
            expect(sleep).toBeGreaterThanOrEqual(d);
            expect(sleep).toBeLessThanOrEqual(Math.trunc(d + d * (jitter > 0 ? jitter : 0)) + 1);
            d = Math.trunc(d * factor);
          }
        },
      ),
    );
  });

  it('invariant: a token bucket never grants more than burst plus what it refilled', () => {
    fc.assert(
      fc.property(fc.array(count(30_000_000), { minLength: 1, maxLength: 40 }), (gaps) => {
        const bucket = new TokenBucket({ intervalUs: 6_000_000, burst: 2 });
        let now = 0;
        const grants: number[] = [];
        for (const gap of gaps) {
          now += gap;
          grants.push(now + bucket.reserve(now));
        }
        // Within any window, grants ≤ burst + window / interval.
        for (let i = 0; i < grants.length; i++) {
          for (let j = i; j < grants.length; j++) {
            const window = (grants[j] ?? 0) - (grants[i] ?? 0);
            expect(j - i + 1).toBeLessThanOrEqual(2 + Math.floor(window / 6_000_000));
          }
        }
      }),
    );
  });

  it('invariant: the ENI order is a stable sort by priority', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -100, max: 100 }), { maxLength: 20 }),
        fc.boolean(),
        (priorities, descending) => {
          const items = priorities.map((priority, index) => ({ priority, index }));
          const expected = [...items].sort((a, b) =>
            descending ? b.priority - a.priority : a.priority - b.priority,
          );
          sortByPriority(items, (item) => item.priority, descending);
          expect(items).toEqual(expected);
        },
      ),
    );
  });
});

describe('address set', () => {
  it('invariant: idle + in use + deleting + invalid-and-free = size, and the primary is never Deleting', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), n: count(20) }),
      fc.record({ kind: fc.constant('allocate' as const), n: count(20) }),
      fc.record({ kind: fc.constant('release' as const), n: count(20) }),
      fc.record({ kind: fc.constant('dispose' as const), n: count(20) }),
      fc.record({ kind: fc.constant('invalidate' as const), n: count(20) }),
      fc.record({ kind: fc.constant('delete' as const), n: count(20) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const set = new AddressSet();
        set.addValid('10.0.0.1', { family: 'ipv4', primary: true });
        for (const { kind, n } of ops) {
          const address = `10.0.0.${n + 2}`;
          const record = set.get(address) ?? set.get('10.0.0.1');
          switch (kind) {
            case 'add':
              if (set.get(address) === undefined)
                set.addValid(address, { family: 'ipv4', primary: false });
              break;
            case 'allocate': {
              const idle = set.peekAvailable(`pod-${n}`, null);
              if (idle !== undefined) set.allocate(idle, `pod-${n}`);
              break;
            }
            case 'release':
              if (record?.podKey != null) set.release(record, record.podKey);
              break;
            case 'dispose':
              if (record !== undefined) set.markDeleting(record);
              break;
            case 'invalidate':
              if (record !== undefined && !record.primary) set.markInvalid(record);
              break;
            case 'delete':
              if (record !== undefined && !record.primary && record.podKey === null)
                set.delete(record.address);
              break;
          }
          const records = [...set.records()];
          const invalidFree = records.filter(
            (r) => r.status === 'Invalid' && r.podKey === null,
          ).length;
          const deletingFree = records.filter((r) => r.status === 'Deleting').length;
          expect(set.idleCount + set.inUseCount + deletingFree + invalidFree).toBe(set.size);
          expect(set.deletingCount).toBe(deletingFree);
          // The counts kept as fields agree with a recount of the records.
          expect(set.size).toBe(records.length);
          expect(set.idleCount).toBe(
            records.filter((r) => r.status === 'Valid' && r.podKey === null).length,
          );
          expect(set.get('10.0.0.1')?.status).not.toBe('Deleting');
        }
      }),
    );
  });
});
