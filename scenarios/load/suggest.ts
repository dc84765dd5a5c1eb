/**
 * "Did you mean …?": the known names nearest to a misspelt one, by edit distance.
 */
import { distance } from 'fastest-levenshtein';

import { quoteInput } from '../../models/displayText.js';

/** How many suggestions a hint lists at most. */
const SUGGESTIONS_MAX = 3;

/**
 * The known names closest to `name` (case-insensitive edit distance at most a third of its
 * length, and at least 2), nearest first; a known name that contains `name` counts as close.
 */
export function nearestNames(name: string, known: Iterable<string>): string[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { readonly name: string; readonly score: number }[] = [];
  for (const candidate of known) {
    const lower = candidate.toLowerCase();
    const contains = wanted.length >= 3 && lower.includes(wanted);
    // The edit distance is at least the difference in length: a 10 MB name skips every
    // candidate in constant time instead of costing a full distance each.
    if (!contains && Math.abs(lower.length - wanted.length) > limit) continue;
    const score = contains ? 1 : distance(wanted, lower);
    if (score <= limit) scored.push({ name: candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.slice(0, SUGGESTIONS_MAX).map((entry) => entry.name);
}

/** A hint naming the nearest known names, or `fallback` when none is near. */
export function didYouMean(name: string, known: Iterable<string>, fallback: string): string {
  const near = nearestNames(name, known);
  if (near.length === 0) return fallback;
  return `did you mean ${near.map((entry) => quoteInput(entry)).join(' or ')}?`;
}
