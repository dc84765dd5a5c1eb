/**
 * The one place `enisim` reads the host's clock and memory: for `timings.json` and benchmarks,
 * never for anything a simulation computes. The determinism lint rule exempts this file by name.
 */
import { performance } from 'node:perf_hooks';

/** Milliseconds on the host's monotonic clock (only differences mean anything). */
export function wallClockMs(): number {
  return performance.now();
}

/** The process's peak resident set size so far, in bytes. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** CPU time the process has used so far (user + system), in milliseconds. */
export function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}
