/**
 * Latency and lifetime distributions with a huge tail (a LogNormal of sigma 10, an Exponential
 * mean of 2,000,000 h) run to the end: a draw is cut at DELAY_MAX_US, past any run's end, so the
 * clock plus a delay stays a safe integer (the engine threw "event time … is not safe" with a
 * stack trace).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { Interruption } from '../../cli/interrupt.js';
import { main } from '../../cli/main.js';
import { DELAY_MAX_US } from '../../models/delayDistribution.js';
import { createRng } from '../../sim/engine/rng.js';
import { delaySampler } from '../../sim/engine/distributions.js';
import { TINY_DEPLOYMENT, TINY_SCENARIO } from './tinyScenario.js';

describe('huge-tailed distributions', () => {
  it('a draw never exceeds DELAY_MAX_US', () => {
    const draw = delaySampler(createRng(1).fork('t'), {
      kind: 'logNormal',
      medianUs: 1e6,
      sigma: 10,
    });
    let largest = 0;
    for (let index = 0; index < 10_000; index++) largest = Math.max(largest, draw());
    expect(largest).toBe(DELAY_MAX_US);
  });

  it.each([
    ['eniAttachLatency: { distribution: LogNormal, median: 2s, sigma: 10 }'],
    ['eniAttachLatency: { distribution: Exponential, mean: 2000000h }'],
    ['apiLatency: { CreateNetworkInterface: { distribution: LogNormal, median: 1s, sigma: 10 } }'],
  ])('cloud %s: run exits 0', async (latency) => {
    const dir = mkdtempSync(join(tmpdir(), 'enisim-tail-'));
    writeFileSync(join(dir, 'web.yaml'), TINY_DEPLOYMENT);
    writeFileSync(join(dir, 's.yaml'), `${TINY_SCENARIO}  cloud:\n    ${latency}\n`);
    let err = '';
    const code = await main(
      ['run', join(dir, 's.yaml'), '--out', join(dir, 'out')],
      { out: () => undefined, err: (text) => (err += text) },
      { interruption: Interruption.none() },
    );
    expect(err).not.toMatch(/not safe|\n\s+at /u);
    expect(code).toBe(0);
  });
});

describe('pod lifetimes that would churn without end', () => {
  it.each([
    ['{ distribution: Constant, value: 0s }'],
    ['{ distribution: Uniform, min: 0s, max: 0s }'],
    ['{ distribution: Uniform, min: 0s, max: 1ms }'],
  ])('lifetime %s: exit 1 at once, naming the field and the 1s minimum', async (lifetime) => {
    const dir = mkdtempSync(join(tmpdir(), 'enisim-life-'));
    writeFileSync(join(dir, 'web.yaml'), TINY_DEPLOYMENT);
    const text = TINY_SCENARIO.replace(
      'rollout: { type: AllAtOnce }',
      `rollout: { type: AllAtOnce, lifetime: ${lifetime} }`,
    );
    writeFileSync(join(dir, 's.yaml'), text);
    let err = '';
    const code = await main(
      ['run', join(dir, 's.yaml'), '--out', join(dir, 'out')],
      { out: () => undefined, err: (chunk) => (err += chunk) },
      { interruption: Interruption.none() },
    );
    expect(code).toBe(1);
    expect(err).toMatch(
      /OUT_OF_RANGE at spec\.timeline\.workloads\[0\]\.rollout\.lifetime: .*under 1s/u,
    );
  });
});
