/**
 * Invariant: every pod's start-up phases are non-negative and sum to its creation-to-Running
 * time within 1 µs, for any seed; the phase means of results.json sum to the mean total.
 * Checked over whole runs of shipped scenarios with seeds drawn by fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { POD_PHASES } from '../../models/results/index.js';
import { buildResults, runScenario, type PodRecordEvent } from '../../sim/run/index.js';
import { libraryFile, load } from '../scenarios/helpers.js';

const scenarios = ['vswitch-exhaustion', 'trunk-fixed-ip'].map((name) => load(libraryFile(name)));

describe('pod start-up phases', () => {
  it('sum to each pod’s creation-to-Running time within 1 µs, and the means to the mean total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom(...scenarios),
        (seed, scenario) => {
          const records: PodRecordEvent[] = [];
          const collected = runScenario(scenario, {
            seed,
            observer: { podRecord: (r) => records.push(r) },
          });
          const running = records.filter((r) => r.outcome === 'running');
          expect(running.length).toBeGreaterThan(0);
          for (const record of running) {
            const phases = record.phasesUs ?? [];
            expect(phases).toHaveLength(POD_PHASES.length);
            for (const us of phases) expect(us).toBeGreaterThanOrEqual(0);
            const sum = phases.reduce((a, b) => a + b, 0);
            expect(Math.abs(sum - (record.startUs ?? NaN))).toBeLessThanOrEqual(1);
          }
          const results = buildResults(collected, { slos: [], enisimVersion: 'test' });
          const all = results.latency.phases?.all.all;
          if (all?.meanMs == null || all.totalMeanMs === null) throw new Error('pods ran');
          const sumOfMeans = Object.values(all.meanMs).reduce((a, b) => a + b, 0);
          // Each mean is rounded to the µs: at most half a µs each.
          expect(Math.abs(sumOfMeans - all.totalMeanMs)).toBeLessThanOrEqual(
            POD_PHASES.length * 0.0005 + 1e-9,
          );
        },
      ),
      { numRuns: 4 },
    );
  }, 120_000);
});
