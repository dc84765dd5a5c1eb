/**
 * A run cut into slices (so the CLI can yield to signals between them) is the same run: the
 * engine stops and resumes at the same event, so the results document is byte-identical.
 */
import { describe, expect, it } from 'vitest';

import { buildResults, runScenario, runScenarioInSlices } from '../../../sim/run/index.js';
import { libraryFile, load } from '../../scenarios/helpers.js';

describe('a run in slices', () => {
  it('invariant: slices of 1,000 events give the byte-identical results document of one run', () => {
    const scenario = load(libraryFile('vswitch-exhaustion'));
    const whole = runScenario(scenario, { seed: 3 });
    const steps = runScenarioInSlices(scenario, { seed: 3, sliceEvents: 1000 });
    const yielded: number[] = [];
    let step = steps.next();
    while (step.done !== true) {
      yielded.push(step.value);
      step = steps.next();
    }
    expect(yielded.length).toBeGreaterThan(5);
    expect(yielded.every((events, index) => events === (index + 1) * 1000)).toBe(true);
    const options = { slos: scenario.slos, enisimVersion: 'test' };
    expect(JSON.stringify(buildResults(step.value, options))).toBe(
      JSON.stringify(buildResults(whole, options)),
    );
    expect(step.value.eventsProcessed).toBe(whole.eventsProcessed);
  });

  it('refuses a slice of 0 events', () => {
    const scenario = load(libraryFile('vswitch-exhaustion'));
    expect(() => runScenarioInSlices(scenario, { seed: 1, sliceEvents: 0 })).toThrow(RangeError);
  });
});
