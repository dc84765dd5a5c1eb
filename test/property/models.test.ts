/**
 * Properties of the capacity models over generated instance types, configurations and Terway
 * versions: the relations between the formulas that must hold whatever the figures are.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  allocatable,
  compareTerwayVersions,
  DEFAULT_ENI_CONF,
  defaultCatalog,
  formatBytes,
  formatCpuMillis,
  parseCatalog,
  parseGoDurationUs,
  parseQuantity,
  parseQuantityMillis,
  parseTerwayVersion,
  planNodeCapacity,
  reservedCpuMillis,
  reservedMemoryMiB,
  type EniConf,
  type InstanceType,
  type NodeCapacityOptions,
  type ReservationPolicy,
} from '../../models/index.js';
import { ecsType, options } from '../unit/models/fixtures.js';

const ecsTypes = fc.record({
  eniQuantity: fc.integer({ min: 1, max: 72 }),
  ipv4PerEni: fc.integer({ min: 1, max: 50 }),
  ipv6: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
  eniTotalQuantity: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
  trunkSupported: fc.option(fc.boolean(), { nil: null }),
  eriQuantity: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
  cpuCores: fc.option(fc.integer({ min: 1, max: 960 }), { nil: null }),
  memoryGiB: fc.option(fc.integer({ min: 1, max: 16384 }), { nil: null }),
});

function typeFrom(generated: {
  eniQuantity: number;
  ipv4PerEni: number;
  ipv6: number | null;
  eniTotalQuantity: number | null;
  trunkSupported: boolean | null;
  eriQuantity: number | null;
  cpuCores: number | null;
  memoryGiB: number | null;
}): InstanceType {
  const { ipv6, ...rest } = generated;
  return ecsType({ ...rest, ipv6PerEni: ipv6 });
}

const eniConfs: fc.Arbitrary<EniConf> = fc
  .record({
    maxEni: fc.option(fc.integer({ min: 1, max: 80 }), { nil: null }),
    eniCapRatio: fc.constantFrom(0.25, 0.5, 1, 1.5),
    eniCapShift: fc.integer({ min: -3, max: 3 }),
    ipamType: fc.constantFrom('default' as const, 'crd' as const),
  })
  .map((fields) => ({ ...DEFAULT_ENI_CONF, ...fields }));

const planOptions: fc.Arbitrary<NodeCapacityOptions> = fc
  .record({
    mode: fc.constantFrom('shared' as const, 'exclusive' as const),
    trunk: fc.boolean(),
    ipPrefix: fc.boolean(),
    erdma: fc.boolean(),
    stack: fc.constantFrom('ipv4' as const, 'dual' as const),
    conf: eniConfs,
    reservation: fc.constantFrom<ReservationPolicy>('1.28', '1.20', 'legacy'),
    memoryKi: fc.option(fc.integer({ min: 1, max: 2 ** 34 }), { nil: null }),
    ephemeralKi: fc.option(fc.integer({ min: 1, max: 2 ** 36 }), { nil: null }),
    maxPods: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: null }),
  })
  .map((fields) => options(fields));

describe('capacity invariants', () => {
  it('invariant: exclusive pods exceed ENIs − 1 only with an ENI_QUOTA_BELOW_ENI_CAP warning', () => {
    fc.assert(
      fc.property(ecsTypes, planOptions, (generated, opts) => {
        const type = typeFrom(generated);
        const plan = planNodeCapacity(type, { ...opts, mode: 'exclusive' });
        const quotaWarned = plan.warnings.some((w) => w.code === 'ENI_QUOTA_BELOW_ENI_CAP');
        if (plan.containerPods !== null) {
          if (plan.containerPods > type.eniQuantity - 1) expect(quotaWarned).toBe(true);
          expect(plan.capacity.extended['aliyun/eni']).toBe(plan.containerPods);
        }
        expect(plan.memberEniPods).toBe(0);
      }),
    );
  });

  it('invariant: shared pods exceed (ENIs − 1) × IPv4 per ENI only with ENI_QUOTA_BELOW_ENI_CAP', () => {
    fc.assert(
      fc.property(ecsTypes, planOptions, (generated, opts) => {
        const type = typeFrom(generated);
        const plan = planNodeCapacity(type, { ...opts, mode: 'shared', ipPrefix: false });
        const quotaWarned = plan.warnings.some((w) => w.code === 'ENI_QUOTA_BELOW_ENI_CAP');
        if (!quotaWarned) {
          expect(plan.containerPods ?? 0).toBeLessThanOrEqual(
            (type.eniQuantity - 1) * type.ipv4PerEni,
          );
        }
        expect(plan.sharedPodLimit).toBe((type.eniQuantity - 1) * type.ipv4PerEni);
      }),
    );
  });

  it('invariant: dual-stack never changes the pod count', () => {
    fc.assert(
      fc.property(ecsTypes, planOptions, (generated, opts) => {
        const type = typeFrom(generated);
        const ipv4 = planNodeCapacity(type, { ...opts, stack: 'ipv4' });
        const dual = planNodeCapacity(type, { ...opts, stack: 'dual' });
        expect(dual.containerPods).toBe(ipv4.containerPods);
        expect(dual.memberEniPods).toBe(ipv4.memberEniPods);
        expect(dual.capacity).toEqual(ipv4.capacity);
        expect(dual.allocatable).toEqual(ipv4.allocatable);
        if (dual.stack === 'dual') expect(type.ipv6PerEni).toBe(type.ipv4PerEni);
      }),
    );
  });

  it('invariant: capacity is monotonic in EniQuantity', () => {
    fc.assert(
      fc.property(
        ecsTypes,
        planOptions,
        fc.integer({ min: 1, max: 8 }),
        (generated, opts, more) => {
          const small = typeFrom(generated);
          const large = { ...small, eniQuantity: small.eniQuantity + more };
          const a = planNodeCapacity(small, opts);
          const b = planNodeCapacity(large, opts);
          if (a.containerPods !== null && b.containerPods !== null) {
            expect(b.containerPods).toBeGreaterThanOrEqual(a.containerPods);
          }
          expect(b.sharedPodLimit).toBeGreaterThanOrEqual(a.sharedPodLimit);
          expect(b.exclusivePodLimit).toBeGreaterThanOrEqual(a.exclusivePodLimit);
          expect(b.maxPods).toBeGreaterThanOrEqual(a.maxPods);
        },
      ),
    );
  });

  it('invariant: eni_conf with eni_cap_ratio ≤ 1 and eni_cap_shift ≤ 0 never raises the pod count above the default', () => {
    fc.assert(
      fc.property(ecsTypes, planOptions, (generated, opts) => {
        const type = typeFrom(generated);
        // Terway's maxENI is not capped by the quota: a larger ratio or a positive shift raises
        // the advertised figure (daemon/config.go:91), and the quota warning says so.
        fc.pre(opts.conf.eniCapRatio <= 1 && opts.conf.eniCapShift <= 0);
        const capped = planNodeCapacity(type, opts);
        const uncapped = planNodeCapacity(type, { ...opts, conf: DEFAULT_ENI_CONF });
        if (
          capped.containerPods !== null &&
          uncapped.containerPods !== null &&
          capped.ipam === 'daemon'
        ) {
          expect(capped.containerPods).toBeLessThanOrEqual(uncapped.containerPods);
        }
      }),
    );
  });

  it('invariant: ACK refuses exactly the nodes whose type quota is too small', () => {
    fc.assert(
      fc.property(ecsTypes, (generated) => {
        const type = typeFrom(generated);
        const base = options({ memoryKi: 1 << 20 });
        const shared = planNodeCapacity(type, base);
        const exclusive = planNodeCapacity(type, { ...base, mode: 'exclusive' });
        const sharedRefused = shared.violations.some((v) => v.code === 'SHARED_TOO_FEW_PODS');
        const exclusiveRefused = exclusive.violations.some(
          (v) => v.code === 'EXCLUSIVE_TOO_FEW_ENIS',
        );
        expect(sharedRefused).toBe((type.eniQuantity - 1) * type.ipv4PerEni <= 11);
        expect(exclusiveRefused).toBe(type.eniQuantity - 1 <= 6);
      }),
    );
  });

  it('invariant: every default-catalog type plans without throwing, kubelet pods = shared + 3', () => {
    for (const type of defaultCatalog().types.values()) {
      const plan = planNodeCapacity(type, options());
      expect(plan.maxPods).toBe((type.eniQuantity - 1) * type.ipv4PerEni + 3);
      expect(plan.containerPods).toBe(plan.sharedPodLimit);
    }
  });
});

describe('allocatable invariants', () => {
  it('invariant: allocatable never exceeds capacity', () => {
    fc.assert(
      fc.property(ecsTypes, planOptions, (generated, opts) => {
        const plan = planNodeCapacity(typeFrom(generated), opts);
        const { capacity, allocatable: alloc } = plan;
        if (capacity.cpuMillis !== null)
          expect(alloc.cpuMillis).toBeLessThanOrEqual(capacity.cpuMillis);
        if (capacity.memoryBytes !== null) {
          expect(alloc.memoryBytes).toBeLessThanOrEqual(capacity.memoryBytes);
          expect(alloc.memoryBytes).toBeGreaterThanOrEqual(0);
        }
        expect(alloc.ephemeralStorageBytes).toBeLessThanOrEqual(capacity.ephemeralStorageBytes);
        expect(alloc.pods).toBe(capacity.pods);
        expect(alloc.extended).toEqual(capacity.extended);
      }),
    );
  });

  it('invariant: capacity − allocatable memory = reservation + 300Mi eviction, to the KiB', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2 ** 20, max: 2 ** 34 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.constantFrom<ReservationPolicy>('1.28', '1.20', 'legacy'),
        (memoryKi, pods, policy) => {
          const result = allocatable(
            { cpuMillis: 1000, memoryKi, ephemeralKi: 1024, pods },
            policy,
          );
          const reserved = reservedMemoryMiB({ memoryKi, maxPods: pods, policy });
          expect(result.memoryKi).toBe(Math.max(memoryKi - reserved * 1024 - 300 * 1024, 0));
          expect(Number.isInteger(result.memoryKi)).toBe(true);
        },
      ),
    );
  });

  it('invariant: reservations grow with the node', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 2 ** 33 }),
        fc.constantFrom<ReservationPolicy>('1.28', '1.20', 'legacy'),
        (cores, memoryKi, policy) => {
          expect(reservedCpuMillis(cores + 1, policy)).toBeGreaterThanOrEqual(
            reservedCpuMillis(cores, policy),
          );
          const at = (ki: number) => reservedMemoryMiB({ memoryKi: ki, maxPods: 110, policy });
          expect(at(memoryKi + 1024)).toBeGreaterThanOrEqual(at(memoryKi));
        },
      ),
    );
  });
});

describe('parsing invariants', () => {
  it('invariant: a quantity prints and parses back to the same value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 50 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (bytes, millis) => {
          expect(parseQuantity(formatBytes(bytes))).toBe(bytes);
          expect(parseQuantityMillis(formatCpuMillis(millis))).toBe(millis);
        },
      ),
    );
  });

  it('invariant: Terway versions order as their numbers do', () => {
    const parts = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30), fc.nat(999));
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const parse = ([x, y, z, w]: [number, number, number, number]) => {
          const parsed = parseTerwayVersion(`v${x}.${y}.${z}.${w}-gabc1234-aliyun`);
          if (!parsed.ok) throw new Error(parsed.message);
          return parsed.version;
        };
        const sign = Math.sign(compareTerwayVersions(parse(a), parse(b)));
        const expected = Math.sign(a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3]);
        expect(sign).toBe(expected);
      }),
    );
  });

  it('invariant: a Go duration of hours, minutes, seconds and milliseconds is exact in µs', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(59), fc.nat(59), fc.nat(999), (h, m, s, ms) => {
        const us = ((h * 60 + m) * 60 + s) * 1_000_000 + ms * 1000;
        expect(parseGoDurationUs(`${h}h${m}m${s}s${ms}ms`)).toBe(us);
      }),
    );
  });

  it('invariant: a catalog entry with a bad quota is reported at that field, never accepted', () => {
    const badValue = fc.oneof(
      fc.integer({ max: -1 }),
      fc.double({ min: 0.1, max: 100, noNaN: true }).filter((x) => !Number.isInteger(x)),
      fc.integer({ min: 1025, max: 2 ** 40 }),
      fc.string(),
      fc.boolean(),
    );
    const field = fc.constantFrom(
      'EniQuantity',
      'EniPrivateIpAddressQuantity',
      'EniIpv6AddressQuantity',
    );
    fc.assert(
      fc.property(field, badValue, fc.nat(5), (key, value, index) => {
        const good = { InstanceTypeId: 'ecs.x', EniQuantity: 4, EniPrivateIpAddressQuantity: 10 };
        const entries = Array.from({ length: index + 1 }, (_, i) => ({
          ...good,
          InstanceTypeId: `ecs.x${i}`,
        }));
        entries[index] = { ...good, InstanceTypeId: 'ecs.bad', [key]: value };
        const result = parseCatalog({ InstanceTypes: { InstanceType: entries } }, { source: 't' });
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.issues[0]?.path).toBe(`$.InstanceTypes.InstanceType[${index}].${key}`);
        }
      }),
    );
  });
});
