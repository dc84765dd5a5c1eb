/**
 * The one SLO rule over seeds (`models/results/slos.ts`): an objective holds when at least
 * ⌈0.95·K⌉ of K seeds meet it, one seed decides alone, and the mean is shown but never judged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  evaluateSlos,
  requiredReplications,
  SLO_NAMES,
  type SeedHeadline,
  type SloName,
  type SloSpec,
} from '../../../models/results/slos.js';

function headline(values: Partial<Record<SloName, number | null>>): SeedHeadline['headline'] {
  const all = Object.fromEntries(SLO_NAMES.map((name) => [name, 0])) as Record<
    SloName,
    number | null
  >;
  return { ...all, ...values };
}

function seedsWith(name: SloName, values: readonly (number | null)[]): SeedHeadline[] {
  return values.map((value, index) => ({ seed: index + 1, headline: headline({ [name]: value }) }));
}

const p99: SloSpec = { name: 'podNetworkReadyP99Ms', bound: 'max', value: 20_000 };
const free: SloSpec = { name: 'vSwitchFreeAddressesMin', bound: 'min', value: 10 };

describe('SLO rule over seeds', () => {
  it('needs ⌈0.95·K⌉ seeds: 1 of 1, 2 of 2, 10 of 10, 19 of 20, 20 of 21, 95 of 100', () => {
    expect([1, 2, 10, 20, 21, 100].map(requiredReplications)).toEqual([1, 2, 10, 19, 20, 95]);
    expect(() => requiredReplications(0)).toThrow(RangeError);
  });

  it('one seed decides alone: its value is the figure', () => {
    const [met] = evaluateSlos([p99], seedsWith('podNetworkReadyP99Ms', [20_000]));
    expect(met).toMatchObject({ pass: true, measured: 20_000, breachedSeeds: [] });
    const [breached] = evaluateSlos([free], seedsWith('vSwitchFreeAddressesMin', [9]));
    expect(breached).toMatchObject({ pass: false, measured: 9, breachedSeeds: [1] });
  });

  it('19 of 20 seeds meeting it hold; 18 of 20 breach it, whatever the mean', () => {
    const nineteen = [...Array<number>(19).fill(1000), 90_000];
    const [held] = evaluateSlos([p99], seedsWith('podNetworkReadyP99Ms', nineteen));
    expect(held).toMatchObject({
      pass: true,
      passedReplications: 19,
      requiredReplications: 19,
      replications: 20,
      breachedSeeds: [20],
    });
    // The mean (5,450 ms) is far below the bound; two breaching seeds of 20 still breach it.
    const eighteen = [...Array<number>(18).fill(1000), 45_000, 45_000];
    const [breached] = evaluateSlos([p99], seedsWith('podNetworkReadyP99Ms', eighteen));
    expect(breached?.measured).toBe(5400);
    expect(breached).toMatchObject({
      pass: false,
      passedReplications: 18,
      breachedSeeds: [19, 20],
    });
  });

  it('invariant: an SLO holds exactly when at least ⌈0.95·K⌉ seeds meet it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 40_000 }), { nil: null }), {
          minLength: 1,
          maxLength: 60,
        }),
        (values) => {
          const [verdict] = evaluateSlos([p99], seedsWith('podNetworkReadyP99Ms', values));
          const met = values.filter((value) => value !== null && value <= 20_000).length;
          expect(verdict?.passedReplications).toBe(met);
          expect(verdict?.pass).toBe(met * 100 >= 95 * values.length);
          expect(verdict?.breachedSeeds?.length).toBe(values.length - met);
        },
      ),
    );
  });
});
