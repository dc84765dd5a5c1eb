/**
 * `enisim capacity --html FILE`: the capacity planner's comparison of instance types as a page a
 * planner forwards: pods per node by mode (ENI pods, member-ENI pods, kubelet max-pods),
 * allocatable cpu and memory, admitted or not with the reason. Same shell as the report: strict
 * CSP, no script, every input string escaped.
 */
import type { NodeCapacityPlan } from '../../models/index.js';
import { fmt } from './charts.js';
import { escapeHtml } from './escape.js';
import { page } from './page.js';
import { table, type Cell } from './table.js';
import { cpuQuantity, kiQuantity } from './units.js';

function row(plan: NodeCapacityPlan): Cell[] {
  const reasons = plan.violations.map((v) => `${v.code}: ${v.message}`).join('\n');
  return [
    plan.instanceType,
    plan.mode,
    plan.stack ?? 'unknown',
    `${plan.limits.eniQuantity} × ${plan.limits.ipv4PerEni}`,
    plan.containerPods,
    plan.trunk ? plan.memberEniPods : null,
    plan.maxPods,
    cpuQuantity(plan.allocatable.cpuMillis),
    `${kiQuantity(plan.allocatable.memoryBytes)}${plan.memoryEstimated ? ' (estimated)' : ''}`,
    {
      html: plan.admitted ? 'admitted' : `not admitted<pre>${escapeHtml(reasons)}</pre>`,
      className: plan.admitted ? 'pass' : 'fail',
    },
  ];
}

/** The page comparing `plans` (one row per instance type and mode). */
export function renderCapacityHtml(plans: readonly NodeCapacityPlan[]): string {
  const warnings = plans.flatMap((plan) =>
    plan.warnings.map(
      (w) =>
        `<li><code>${escapeHtml(w.code)}</code> — ${escapeHtml(plan.instanceType)}: ${escapeHtml(w.message)}</li>`,
    ),
  );
  const body =
    `<h1>enisim capacity</h1><p class="lede">${escapeHtml(`Pods per node and Allocatable for ${plans.length} plan(s) (instance type and mode), as ACK and Terway compute them.`)}</p>` +
    table({
      caption: 'Instance types compared',
      columns: [
        'instance type',
        'mode',
        'stack',
        'ENIs × IPv4 per ENI',
        'ENI pods',
        'member-ENI pods',
        'kubelet max-pods',
        'allocatable cpu',
        'allocatable memory',
        'admitted',
      ],
      rows: plans.map(row),
      format: fmt,
      id: 'capacity-table',
    }) +
    (warnings.length === 0
      ? ''
      : `<h2>Warnings</h2><ul class="warnings">${warnings.join('')}</ul>`);
  return page('enisim capacity', body);
}
