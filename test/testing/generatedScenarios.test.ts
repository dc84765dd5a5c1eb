/**
 * enisim/testing's generators against enisim itself: every generated scenario passes the loader
 * `enisim validate` uses (many runs, the property the package promises), generated scenarios run
 * with every invariant checker on and never hold more pods on a node than its mode allows, the
 * instance-type filters keep exactly what the capacity model admits, and expectSlo judges by the
 * one SLO rule. `FC_NUM_RUNS` raises the runs; `npm run test:testing-long` runs thousands.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { defaultCatalog } from '../../models/catalog.js';
import type { Results } from '../../models/results/document.js';
import {
  admits,
  expectSlo,
  instanceTypeId,
  lingjunCatalogEntry,
  lingjunInstanceType,
  matchingInstanceTypes,
  POOL_KINDS,
  runScenario,
  scenario,
  validateScenario,
} from '../../testing/index.js';

/** Runs of the validate property in `npm test` (about 70 ms each on the shared machine). */
const VALIDATE_RUNS = Number(process.env['FC_NUM_RUNS'] ?? '150');
/** Runs of the simulation property (each a short simulated run). */
const RUN_RUNS = Math.max(1, Math.round(VALIDATE_RUNS / 8));

describe('enisim/testing scenario generator', () => {
  it('invariant: every generated scenario passes enisim validate (no error finding)', () => {
    const kindsSeen = new Set<string>();
    fc.assert(
      fc.property(scenario(), (generated) => {
        for (const pool of generated.pools) kindsSeen.add(`${pool.kind}/${pool.mode}`);
        const validation = validateScenario(generated);
        if (validation.errors.length > 0) throw new Error(validation.errorText);
        expect(validation.scenario?.cluster.nodePools.map((pool) => pool.name)).toEqual(
          generated.pools.map((pool) => pool.name),
        );
      }),
      { numRuns: VALIDATE_RUNS },
    );
    // The generator reaches every kind of pool, Lingjun in both modes.
    expect([...kindsSeen].sort()).toEqual([
      'exclusive/exclusive',
      'lingjun/exclusive',
      'lingjun/shared',
      'shared/shared',
      'trunk/shared',
    ]);
  });

  it('invariant: a generated scenario runs with every checker on, and no node holds more pods than its mode allows', async () => {
    await fc.assert(
      fc.asyncProperty(scenario({ replicas: { max: 40 } }), async (generated) => {
        const results = await runScenario(generated, { seed: 1 });
        expect(results.invariants.status).toBe('passed');
        const replicas = generated.pools.reduce((sum, pool) => sum + pool.workload.replicas, 0);
        expect(results.pods.atEnd.running).toBeLessThanOrEqual(replicas);
        for (const pool of results.nodePools) {
          for (const density of pool.density) {
            expect(density.podsPerNodeMax).toBeLessThanOrEqual(
              density.podLimitForMode + density.memberEniLimit,
            );
          }
        }
      }),
      { numRuns: RUN_RUNS },
    );
  });

  it('rejects a pool kind list that is empty', () => {
    expect(() => scenario({ pools: [] })).toThrow(/at least one pool kind/);
    expect(POOL_KINDS).toEqual(['shared', 'exclusive', 'trunk', 'lingjun']);
  });
});

describe('enisim/testing instance types', () => {
  it('keeps exactly the catalog types of the asked ENI count that the capacity model admits', () => {
    const kept = matchingInstanceTypes({ mode: 'exclusive', eniCount: 8 });
    const expected = [...defaultCatalog().types.values()].filter(
      (type) => type.eniQuantity === 8 && admits(type, { mode: 'exclusive', trunk: false }),
    );
    expect(kept.map((type) => type.id)).toEqual(expected.map((type) => type.id).sort());
    expect(kept.length).toBeGreaterThan(100);
  });

  it('refuses exclusive mode for every type with fewer than 8 ENIs (ACK: more than 6 exclusive ENIs)', () => {
    expect(matchingInstanceTypes({ mode: 'exclusive', eniCount: { max: 7 } })).toEqual([]);
    expect(() => instanceTypeId({ mode: 'exclusive', eniCount: { max: 7 } })).toThrow(
      /no catalog instance type matches/,
    );
  });

  it('draws trunk types only where the catalog gives a member-ENI quota', () => {
    const trunk = matchingInstanceTypes({ trunk: true });
    expect(trunk.length).toBeGreaterThan(0);
    for (const type of trunk) {
      expect(type.trunkSupported).toBe(true);
      expect(type.eniTotalQuantity).toBeGreaterThan(type.eniQuantity);
    }
  });

  it('draws a family by InstanceTypeFamily', () => {
    fc.assert(
      fc.property(instanceTypeId({ family: 'ecs.g7' }), (id) => {
        expect(defaultCatalog().types.get(id)?.family).toBe('ecs.g7');
      }),
      { numRuns: 20 },
    );
  });

  it('invariant: generated Lingjun LENI types are admitted in their mode (exclusive needs LeniQuota ≥ 8)', () => {
    fc.assert(
      fc.property(lingjunCatalogEntry({ mode: 'exclusive' }), (entry) => {
        const type = lingjunInstanceType(entry);
        expect(type.platform).toBe('lingjun');
        expect(entry.LeniQuota).toBeGreaterThanOrEqual(8);
      }),
      { numRuns: 50 },
    );
  });
});

/** A results document with one figure per seed, for expectSlo. */
function resultsWith(values: readonly (number | null)[]): Results {
  const seeds = values.map((_, index) => index + 1);
  return {
    seed: 1,
    scenario: { name: 'fixture', file: 'fixture.yaml', description: '' },
    headline: { podNetworkReadyP99Ms: values[0] ?? null },
    replicationSummary:
      values.length === 1
        ? null
        : { seeds, metrics: [{ name: 'podNetworkReadyP99Ms', values: [...values] }] },
  } as unknown as Results;
}

describe('expectSlo', () => {
  it('passes one seed that meets the bound and fails one that does not, naming the figure', () => {
    expect(expectSlo(resultsWith([900]), 'podNetworkReadyP99Ms', { max: 1000 }).pass).toBe(true);
    expect(() => expectSlo(resultsWith([1100]), 'podNetworkReadyP99Ms', { max: 1000 })).toThrow(
      'SLO podNetworkReadyP99Ms ≤ 1000 breached in fixture: 0 of 1 seeds met it, 1 needed (seed 1: 1100)',
    );
  });

  it('holds over 20 seeds when 19 meet the bound and fails when 18 do (⌈0.95·K⌉)', () => {
    const nineteen = [...Array<number>(19).fill(500), 5000];
    expect(expectSlo(resultsWith(nineteen), 'podNetworkReadyP99Ms', { max: 1000 }).pass).toBe(true);
    const eighteen = [...Array<number>(18).fill(500), 5000, 5000];
    expect(() => expectSlo(resultsWith(eighteen), 'podNetworkReadyP99Ms', { max: 1000 })).toThrow(
      /18 of 20 seeds met it, 19 needed/,
    );
  });

  it('counts an unmeasured figure as not met, and judges a min bound', () => {
    expect(() => expectSlo(resultsWith([null]), 'podNetworkReadyP99Ms', { min: 0 })).toThrow(
      /0 of 1 seeds met it/,
    );
    expect(expectSlo(resultsWith([10]), 'podNetworkReadyP99Ms', { min: 10 }).pass).toBe(true);
  });
});
