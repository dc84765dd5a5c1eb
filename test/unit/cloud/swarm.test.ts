import { describe, expect, it } from 'vitest';
import { cloudFaultsSwarm, resolveCloudOptions } from '../../../sim/cloud/index.js';
import { createRng } from '../../../sim/engine/rng.js';

describe('fault swarm', () => {
  it('draws the same profile from the same seed, and a different one from another', () => {
    const first = cloudFaultsSwarm(createRng(5).fork('swarm'));
    expect(cloudFaultsSwarm(createRng(5).fork('swarm'))).toEqual(first);
    expect(cloudFaultsSwarm(createRng(6).fork('swarm'))).not.toEqual(first);
  });

  it('draws profiles the cloud accepts, with faults on some APIs and limits on some', () => {
    for (let seed = 0; seed < 20; seed++) {
      const profile = cloudFaultsSwarm(createRng(seed).fork('swarm'));
      const resolved = resolveCloudOptions(profile);
      const faulty = Object.values(resolved.faults).filter(
        (faults) => faults.throttlingProbability > 0,
      );
      expect(faulty.length).toBeGreaterThan(0);
      expect(faulty.length).toBeLessThan(18);
      for (const rate of Object.values(resolved.accountRateLimits)) {
        expect(rate.count).toBeGreaterThanOrEqual(2);
        expect(rate.count).toBeLessThanOrEqual(50);
      }
    }
  });
});
