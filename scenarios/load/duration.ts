/**
 * Durations in a scenario: Go / Kubernetes strings ("90s", "2h", "5m0s", "1h30m", "250ms") as
 * whole simulated microseconds, parsed by the models' `time.ParseDuration` reading. A scenario
 * also needs a sign ("-5m" is a time in the past, which validation reports as such rather than
 * as a typo), and a way to print a duration back in a message.
 */
import { parseGoDurationUs } from '../../models/eniConf.js';
import { quoteInput } from '../../models/displayText.js';

/** The outcome of parsing a duration: microseconds, or why the text is not one. */
export type DurationParse =
  { readonly ok: true; readonly us: number } | { readonly ok: false; readonly reason: string };

/** Go's duration syntax, without the sign: what parses unless it is too long. */
const GO_DURATION_SYNTAX = /^\+?((\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/u;

/** Parses a Go duration, sign included, into whole microseconds. */
export function parseDuration(text: string): DurationParse {
  const trimmed = text.trim();
  const negative = trimmed.startsWith('-');
  const magnitude = negative ? trimmed.slice(1) : trimmed;
  const us = magnitude.startsWith('-') ? null : parseGoDurationUs(magnitude);
  if (us === null) {
    const reason = /^[+-]?[\d.]+$/u.test(trimmed)
      ? `${quoteInput(text)} has no unit (write e.g. "${magnitude}s" or "${magnitude}m")`
      : GO_DURATION_SYNTAX.test(magnitude)
        ? `${quoteInput(text)} is too long: durations go up to ${formatDuration(Number.MAX_SAFE_INTEGER)} (2^53 µs)`
        : `${quoteInput(text)} is not a Go duration (e.g. "90s", "5m0s", "1h30m")`;
    return { ok: false, reason };
  }
  return { ok: true, us: negative && us !== 0 ? -us : us };
}

/** Formats microseconds as a Go duration ("1h30m0s", "250ms", "0s"), for messages. */
export function formatDuration(us: number): string {
  if (us === 0) return '0s';
  const sign = us < 0 ? '-' : '';
  let rest = Math.abs(us);
  if (rest < 1_000_000) return `${sign}${rest % 1000 === 0 ? `${rest / 1000}ms` : `${rest}us`}`;
  const hours = Math.floor(rest / 3_600_000_000);
  rest -= hours * 3_600_000_000;
  const minutes = Math.floor(rest / 60_000_000);
  rest -= minutes * 60_000_000;
  let text = hours > 0 ? `${hours}h` : '';
  if (hours > 0 || minutes > 0) text += `${minutes}m`;
  return `${sign}${text}${rest / 1_000_000}s`;
}
