import { describe, expect, it } from 'vitest';

import { formatDuration, parseDuration } from '../../../scenarios/load/duration.js';

describe('scenario durations', () => {
  it.each([
    ['90s', 90_000_000],
    ['5m0s', 300_000_000],
    ['1h30m', 5_400_000_000],
    ['2h', 7_200_000_000],
    ['250ms', 250_000],
    ['1.5h', 5_400_000_000],
    ['0.1s', 100_000],
    ['0', 0],
    ['0s', 0],
    ['24h', 86_400_000_000],
  ])('reads %s as %i µs', (text, us) => {
    expect(parseDuration(text)).toEqual({ ok: true, us });
  });

  it('keeps the sign of a negative duration, so a time in the past can be named as such', () => {
    expect(parseDuration('-5m')).toEqual({ ok: true, us: -300_000_000 });
  });

  it('refuses a number without a unit and says which unit to add', () => {
    const parsed = parseDuration('90');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain('has no unit');
  });

  it('calls a well-formed duration past 2^53 µs too long, not "not a Go duration"', () => {
    const parsed = parseDuration('9999999h');
    expect(parsed).toEqual({
      ok: false,
      reason: '"9999999h" is too long: durations go up to 2501999h47m34.740991s (2^53 µs)',
    });
    const malformed = parseDuration('5x');
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) expect(malformed.reason).toContain('not a Go duration');
  });

  it.each(['5 minutes', 'm5', '', '--5m', '5d'])('refuses %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });

  it.each([
    [0, '0s'],
    [250_000, '250ms'],
    [90_000_000, '1m30s'],
    [1_800_000_000, '30m0s'],
    [5_400_000_000, '1h30m0s'],
    [-300_000_000, '-5m0s'],
  ])('formats %i µs as %s', (us, text) => {
    expect(formatDuration(us)).toBe(text);
  });
});
