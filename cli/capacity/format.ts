/**
 * How `enisim capacity` prints plans: a JSON array (every field documented in the README), a
 * table for several plans, and for one plan a block shaped like `kubectl describe node`'s
 * Capacity and Allocatable sections, so it can be compared with a real node line by line.
 */
import {
  formatBytes,
  formatCount,
  formatCpuMillis,
  formatKi,
  type Diagnostic,
  type NodeCapacityPlan,
  type NodeResources,
} from '../../models/index.js';
import { diagnosticJson, withFlagHint } from './hints.js';

/** Kubernetes quantity strings of a node's resources, keyed and ordered as kubectl prints them. */
export function resourceQuantities(resources: NodeResources): Record<string, string | null> {
  const entries: [string, string | null][] = [
    ...Object.entries(resources.extended).map(([name, count]): [string, string] => [
      name,
      formatCount(count),
    ]),
    ['cpu', resources.cpuMillis === null ? null : formatCpuMillis(resources.cpuMillis)],
    ['ephemeral-storage', formatBytes(resources.ephemeralStorageBytes)],
    // ACK nodes reserve no huge pages unless a node pool configures them.
    ['hugepages-1Gi', '0'],
    ['hugepages-2Mi', '0'],
    ['memory', resources.memoryBytes === null ? null : formatBytes(resources.memoryBytes)],
    ['pods', formatCount(resources.pods)],
  ];
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** The JSON object of one plan (the `--json` output is an array of these). */
export function planJson(plan: NodeCapacityPlan): Record<string, unknown> {
  return {
    instanceType: plan.instanceType,
    platform: plan.platform,
    mode: plan.mode,
    stack: plan.stack,
    requestedStack: plan.requestedStack,
    terway: plan.terway,
    ipam: plan.ipam,
    trunk: plan.trunk,
    ipPrefix: plan.ipPrefix,
    erdma: plan.erdma,
    limits: {
      eniApi: plan.limits.eniApi,
      eniQuantity: plan.limits.eniQuantity,
      ipv4PerEni: plan.limits.ipv4PerEni,
      ipv6PerEni: plan.limits.ipv6PerEni,
      eniTotalQuantity: plan.limits.eniTotalQuantity,
      memberEniLimit: plan.limits.memberEniLimit,
      erdmaEniLimit: plan.limits.erdmaEniLimit,
    },
    containerPods: plan.containerPods,
    memberEniPods: plan.memberEniPods,
    erdmaPods: plan.erdmaPods,
    sharedPodLimit: plan.sharedPodLimit,
    exclusivePodLimit: plan.exclusivePodLimit,
    maxPods: plan.maxPods,
    maxPodsSource: plan.maxPodsSource,
    capacity: resourceQuantities(plan.capacity),
    allocatable: resourceQuantities(plan.allocatable),
    reservation: plan.reservation,
    reserved: {
      cpu: plan.reservedCpuMillis === null ? null : formatCpuMillis(plan.reservedCpuMillis),
      memory: plan.reservedMemoryMiB === null ? null : formatKi(plan.reservedMemoryMiB * 1024),
      evictionMemory: formatKi(plan.evictionMemoryKi),
      evictionEphemeralStorage: formatBytes(plan.evictionEphemeralBytes),
    },
    memoryEstimated: plan.memoryEstimated,
    ephemeralEstimated: plan.ephemeralEstimated,
    admitted: plan.admitted,
    violations: plan.violations.map(diagnosticJson),
    warnings: plan.warnings.map(diagnosticJson),
    notes: plan.notes.map(diagnosticJson),
  };
}

/** The whole `--json` document. */
export function renderJson(plans: readonly NodeCapacityPlan[]): string {
  return `${JSON.stringify(plans.map(planJson), null, 2)}\n`;
}

function gibibytes(bytes: number | null, estimated: boolean): string {
  if (bytes === null) return 'unknown';
  return `${estimated ? '~' : ''}${(bytes / 1024 ** 3).toFixed(2)}Gi`;
}

function orDash(value: number | null, unknown = 'unknown'): string {
  return value === null ? unknown : String(value);
}

const TABLE_HEADER = [
  'TYPE',
  'MODE',
  'STACK',
  'ENIS×IPV4',
  'ENI PODS',
  'MEMBER-ENI',
  'KUBELET PODS',
  'CPU ALLOC',
  'MEMORY ALLOC',
  'ADMITTED',
] as const;

function tableRow(plan: NodeCapacityPlan): string[] {
  const admitted = plan.admitted
    ? 'yes'
    : `no: ${[...new Set(plan.violations.map((v) => v.code))].join(', ')}`;
  return [
    plan.instanceType,
    plan.mode,
    plan.stack ?? 'unknown',
    `${plan.limits.eniQuantity}×${plan.limits.ipv4PerEni}`,
    orDash(plan.containerPods),
    plan.trunk || plan.memberEniPods === null ? orDash(plan.memberEniPods) : '-',
    String(plan.maxPods),
    plan.allocatable.cpuMillis === null ? 'unknown' : formatCpuMillis(plan.allocatable.cpuMillis),
    gibibytes(plan.allocatable.memoryBytes, plan.memoryEstimated),
    admitted,
  ];
}

function columns(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Footnotes shared by every plan in the output, printed once. */
function footnotes(plans: readonly NodeCapacityPlan[]): string[] {
  const lines: string[] = [];
  const reservation = [...new Set(plans.map((plan) => plan.reservation))].join(', ');
  lines.push(
    "ENI PODS: pods the mode's ENIs hold (shared: (ENIs−1) × IPv4 per ENI; exclusive: ENIs−1,",
    'advertised as aliyun/eni). KUBELET PODS: kubelet max-pods (ACK: shared formula + 3).',
    `Allocatable: ${reservation} reservation policy, 300Mi memory eviction, nodefs 10%.`,
  );
  if (plans.some((plan) => plan.memoryEstimated)) {
    lines.push(
      '~ memory estimated: MemTotal taken as 94.04% of the nominal GiB (measured on a 32 GiB',
      '  ecs.c7.4xlarge); pass --memory-ki for the real figure.',
    );
  }
  if (plans.some((plan) => plan.ephemeralEstimated)) {
    lines.push(
      "ephemeral-storage: ACK's default 120 GiB system disk assumed (123460788Ki); pass",
      '  --ephemeral-ki for the real figure.',
    );
  }
  return lines;
}

function violationLines(plans: readonly NodeCapacityPlan[]): string[] {
  return plans.flatMap((plan) =>
    plan.violations.map(
      (violation) =>
        `${plan.instanceType} (${plan.mode}): ${violation.code}: ${withFlagHint(violation)}`,
    ),
  );
}

/** The table of several plans, with the refusals spelled out under it. */
export function renderTable(plans: readonly NodeCapacityPlan[]): string {
  const table = columns([[...TABLE_HEADER], ...plans.map(tableRow)]);
  const refused = violationLines(plans);
  const sections = [table, '', ...footnotes(plans)];
  if (refused.length > 0) sections.push('', 'Not admitted:', ...refused.map((line) => `  ${line}`));
  return `${sections.join('\n')}\n`;
}

function describeSection(title: string, resources: NodeResources): string[] {
  const quantities = Object.entries(resourceQuantities(resources));
  const width = Math.max(...quantities.map(([name]) => name.length)) + 3;
  return [
    `${title}:`,
    ...quantities.map(([name, value]) => `  ${`${name}:`.padEnd(width)}${value ?? '<unknown>'}`),
  ];
}

function podsLine(plan: NodeCapacityPlan): string {
  const limits = plan.limits;
  const pods = orDash(plan.containerPods);
  const how =
    plan.mode === 'exclusive'
      ? `${pods} pods on exclusive ENIs (aliyun/eni)`
      : plan.ipPrefix
        ? `${pods} pods on /28 prefixes of ${limits.eniQuantity - 1} secondary ENIs`
        : `${pods} pods on ${limits.eniQuantity - 1} secondary ENIs × ${limits.ipv4PerEni} IPv4`;
  const member = plan.trunk
    ? `, ${orDash(plan.memberEniPods)} member-ENI pods (aliyun/member-eni)`
    : '';
  return `Pods:         ${how}${member}; kubelet max-pods ${plan.maxPods} (${plan.maxPodsSource})`;
}

function reservedLine(plan: NodeCapacityPlan): string {
  const cpu = plan.reservedCpuMillis === null ? 'unknown' : formatCpuMillis(plan.reservedCpuMillis);
  const memory = plan.reservedMemoryMiB === null ? 'unknown' : `${plan.reservedMemoryMiB}Mi`;
  return `Reserved:     cpu ${cpu}, memory ${memory} + ${formatKi(plan.evictionMemoryKi)} eviction, ephemeral-storage ${plan.evictionEphemeralBytes} (nodefs.available<10%)`;
}

/** One plan as a `kubectl describe node`-shaped block. */
export function renderDescribe(plan: NodeCapacityPlan): string {
  const lines = [
    `Name:         ${plan.instanceType}`,
    `Platform:     ${plan.platform}, ${plan.mode} ENI mode, stack ${plan.stack ?? 'unknown'}, Terway ${plan.terway}, ${plan.ipam} IPAM, reservation ${plan.reservation}`,
    ...describeSection('Capacity', plan.capacity),
    ...describeSection('Allocatable', plan.allocatable),
    podsLine(plan),
    reservedLine(plan),
    `Admitted:     ${plan.admitted ? 'yes' : 'no'}`,
    ...plan.violations.map((v) => `  ${v.code}: ${withFlagHint(v)}`),
    ...plan.notes.map((note) => `Note:         ${withFlagHint(note)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The stderr lines for warnings in table mode: `enisim: warning: TYPE (MODE): CODE: message`. */
export function warningLines(plans: readonly NodeCapacityPlan[]): string[] {
  return plans.flatMap((plan) =>
    plan.warnings.map(
      (warning: Diagnostic) =>
        `enisim: warning: ${plan.instanceType} (${plan.mode}): ${warning.code}: ${withFlagHint(warning)}`,
    ),
  );
}
