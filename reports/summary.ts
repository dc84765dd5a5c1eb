/**
 * The short human summary `enisim run` prints: what ran, where pods ended, the latencies, the
 * density against each mode's limit, rollouts, vSwitches, the cloud API, why pods were
 * unschedulable, and the SLO verdicts. A pure function of the results document.
 */
import type { LatencyMs, Results } from '../models/results/document.js';
import { verdictOf } from '../models/results/verdict.js';
import { printable } from './printable.js';
import { sloText, tallyText } from './verdict/figures.js';

function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

function seconds(s: number | null): string {
  return s === null ? 'unfinished' : duration(s * 1000);
}

function latencyLine(label: string, all: LatencyMs, modes: Readonly<Record<string, LatencyMs>>) {
  const parts = Object.entries(modes)
    .filter(([, summary]) => summary.count > 0)
    .map(([mode, summary]) => `${mode} ${summary.count}: p99 ${duration(summary.p99)}`);
  const byMode = parts.length > 1 ? `  [${parts.join('; ')}]` : '';
  return (
    `${label} p50 ${duration(all.p50)}, p90 ${duration(all.p90)}, ` +
    `p99 ${duration(all.p99)}, max ${duration(all.max)}${byMode}`
  );
}

function densityLines(results: Results): string[] {
  const lines: string[] = [];
  for (const pool of results.nodePools) {
    if (pool.density.length === 0) {
      const why = pool.refusal === null ? 'no nodes' : `not admitted: ${pool.refusal}`;
      lines.push(`  ${pool.name} (${pool.mode}): ${why}`);
      continue;
    }
    for (const type of pool.density) {
      const member = type.memberEniLimit > 0 ? ` + ${type.memberEniLimit} member` : '';
      const admitted =
        pool.admittedAtS !== null && pool.admittedAtS > pool.createdAtS
          ? `, admitted at ${seconds(pool.admittedAtS)}`
          : '';
      lines.push(
        `  ${pool.name} (${pool.mode}${type.stack === 'dual' ? ', dual-stack' : ''}) ` +
          `${type.instanceType}: ${type.nodes} nodes, max ${type.podsPerNodeMax} pods/node ` +
          `of ${type.podLimitForMode}${member} (kubelet ${type.kubeletMaxPods})${admitted}`,
      );
    }
  }
  return lines;
}

function rolloutLine(results: Results): string | null {
  const shown = results.rollouts.filter((rollout) => rollout.kind !== 'jobRun');
  const jobRuns = results.rollouts.length - shown.length;
  if (shown.length === 0 && jobRuns === 0) return null;
  const parts = shown.map((rollout) => {
    const state =
      rollout.supersededAtS !== null ? 'superseded' : seconds(rollout.durationS ?? null);
    return `${rollout.workload} ${rollout.kind} ${state}`;
  });
  if (jobRuns > 0) parts.push(`${jobRuns} job runs`);
  return `Rollouts: ${parts.join('; ')}`;
}

function vSwitchLine(results: Results): string {
  const parts = results.vSwitches.map((vSwitch) => {
    const exhausted =
      vSwitch.exhaustedAtS === null ? '' : `, exhausted at ${seconds(vSwitch.exhaustedAtS)}`;
    return `${vSwitch.id} min ${vSwitch.freeAddressesMin}/${vSwitch.usableAddresses} free${exhausted}`;
  });
  return `vSwitches: ${parts.join('; ')}`;
}

function apiLine(results: Results): string {
  const { totals, byAction } = results.api;
  const top = [...byAction]
    .sort((a, b) => b.calls - a.calls)
    .slice(0, 4)
    .map((api) => `${api.action} ${api.calls}`);
  return (
    `Cloud API: ${totals.calls} calls, ${totals.throttled} throttled, ${totals.errors} errors` +
    (top.length > 0 ? ` (${top.join(', ')})` : '')
  );
}

function sloLines(results: Results): string[] {
  if (results.slos.length === 0) return [];
  const verdict = verdictOf(results);
  const lines = [`SLOs (${tallyText(verdict)}; enisim check exits 3 when one is breached):`];
  for (const slo of verdict.slos) {
    lines.push(`  ${slo.pass ? 'met     ' : 'BREACHED'} ${sloText(slo, verdict.seeds)}`);
  }
  return lines;
}

/** The summary text, ending in a newline. */
export function renderSummary(results: Results, options: { readonly resultsFile: string }): string {
  const { pods, latency } = results;
  const seeds =
    results.replications > 1
      ? `seeds ${results.seed}…${results.seed + results.replications - 1}`
      : `seed ${results.seed}`;
  const lines = [
    `enisim run ${printable(results.scenario.name)} (${seeds}, ${seconds(results.simulatedDurationS)} simulated)`,
    `Pods: ${pods.created} created, ${pods.atEnd.running} running at the end, ` +
      `${pods.atEnd.pendingPhase} pending (${pods.atEnd.unschedulable} unschedulable, ` +
      `${pods.atEnd.networkSetup} in network set-up), ` +
      `${pods.sandboxFailures.reduce((sum, entry) => sum + entry.count, 0)} failed sandboxes`,
    latencyLine('Network ready (binding → CNI ADD):', latency.podNetworkReadyMs.all, {
      shared: latency.podNetworkReadyMs.shared,
      exclusive: latency.podNetworkReadyMs.exclusive,
      trunk: latency.podNetworkReadyMs.trunk,
    }),
    latencyLine('Pod start (creation → Running):', latency.podStartMs.all, {}),
    'Density (most pods bound to one node, of the limit of its mode):',
    ...densityLines(results),
  ];
  const rollouts = rolloutLine(results);
  if (rollouts !== null) lines.push(rollouts);
  lines.push(vSwitchLine(results), apiLine(results));
  const reasons = pods.unschedulableByReason.slice(0, 3);
  if (reasons.length > 0) {
    lines.push(
      `Unschedulable: ${reasons.map((entry) => `${entry.pods} pods ${entry.reason}`).join('; ')}`,
    );
  }
  lines.push(...sloLines(results));
  if (results.replicationSummary !== null) {
    const p99 = results.replicationSummary.metrics.find(
      (metric) => metric.name === 'podNetworkReadyP99Ms',
    );
    if (p99?.mean != null) {
      const half = p99.halfWidth95 === null ? '' : ` ± ${duration(p99.halfWidth95)}`;
      lines.push(
        `Replications: network-ready p99 mean ${duration(p99.mean)}${half} (95% CI, ${results.replications} seeds)`,
      );
    }
  }
  lines.push(`Invariants: ${results.invariants.status}`, `Results: ${options.resultsFile}`);
  return `${lines.join('\n')}\n`;
}
