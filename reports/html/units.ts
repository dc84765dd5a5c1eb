/**
 * How the report writes quantities: durations in the unit that reads best, times since the start
 * of the run on an axis in one unit, and node resources as `kubectl describe node` prints them.
 */
import { fmt } from './charts.js';

/** A duration in ms as "850 ms", "12.3 s", "4.1 min"; "—" for null. */
export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${fmt(Math.round(ms * 10) / 10)} ms`;
  if (ms < 120_000) return `${fmt(Math.round(ms / 100) / 10)} s`;
  return `${fmt(Math.round(ms / 6000) / 10)} min`;
}

/** The unit a time axis of `spanS` seconds is labelled in. */
export function timeUnit(spanS: number): { readonly label: string; readonly perSecond: number } {
  if (spanS <= 600) return { label: 's', perSecond: 1 };
  if (spanS <= 6 * 3600) return { label: 'min', perSecond: 1 / 60 };
  return { label: 'h', perSecond: 1 / 3600 };
}

/** Kubernetes' quantity for cpu millicores: "8", "7910m". */
export function cpuQuantity(millis: number | null): string {
  if (millis === null) return 'unknown';
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Kubernetes' quantity for bytes as the kubelet reports memory: "31555380Ki". */
export function kiQuantity(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  return bytes % 1024 === 0 ? `${bytes / 1024}Ki` : String(bytes);
}
