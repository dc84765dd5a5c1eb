import { describe, expect, it } from 'vitest';

import { createRng } from '../../../sim/engine/rng.js';
import { nextArrivalUs, US_PER_HOUR } from '../../../sim/run/index.js';

function arrivals(ratesPerHour: readonly number[], hours: number, seed: number): number[] {
  const rng = createRng(seed).fork('arrivals');
  const stopUs = hours * US_PER_HOUR;
  const times: number[] = [];
  for (let atUs = nextArrivalUs(rng, { ratesPerHour, stopUs }, 0); Number.isFinite(atUs);) {
    times.push(atUs);
    atUs = nextArrivalUs(rng, { ratesPerHour, stopUs }, atUs);
  }
  return times;
}

describe('Arrivals: Poisson and daily profiles', () => {
  it('Poisson at 120/h over 100 h: about 12,000 arrivals, mean gap 30 s', () => {
    const times = arrivals([120], 100, 3);
    // Poisson(12000) has a standard deviation of 110: 5 sigma either way.
    expect(Math.abs(times.length - 12_000)).toBeLessThan(550);
    expect(times.every((t, i) => i === 0 || t > (times[i - 1] ?? 0))).toBe(true);
    expect(times.at(-1)).toBeLessThan(100 * US_PER_HOUR);
  });

  it('a daily profile follows the hour of day, and a zero hour has no arrivals', () => {
    const rates = Array.from({ length: 24 }, (_, hour) => (hour < 12 ? 0 : 100));
    const times = arrivals(rates, 24 * 20, 5);
    const byHour = new Array<number>(24).fill(0);
    for (const t of times) byHour[Math.floor(t / US_PER_HOUR) % 24]! += 1;
    expect(byHour.slice(0, 12).every((count) => count === 0)).toBe(true);
    // 20 days × 100/h per afternoon hour: 2,000 ± 5 × √2000.
    for (const count of byHour.slice(12)) expect(Math.abs(count - 2000)).toBeLessThan(224);
  });

  it('the same seed draws the same arrivals; another seed does not', () => {
    expect(arrivals([60], 10, 9)).toEqual(arrivals([60], 10, 9));
    expect(arrivals([60], 10, 9)).not.toEqual(arrivals([60], 10, 10));
  });
});
