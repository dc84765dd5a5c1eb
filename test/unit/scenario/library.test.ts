/**
 * The scenario library under scenarios/: every file loads without an error, warns only where its
 * header says it demonstrates a rule, and normalises to the figures its YAML states.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { loadScenario, type Scenario } from '../../../scenarios/load/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = readdirSync(`${root}scenarios`).filter((name) => name.endsWith('.yaml'));

function load(name: string): Scenario {
  const result = loadScenario(`scenarios/${name}.yaml`, { cwd: root });
  const errors = result.findings.filter((finding) => finding.severity === 'error');
  expect(errors).toEqual([]);
  if (result.scenario === null) throw new Error(`${name} did not load`);
  return result.scenario;
}

const MINUTE_US = 60_000_000;

describe('the scenario library', () => {
  it('has at least eight scenarios besides the performance one', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)('%s validates', (file) => {
    const result = loadScenario(`scenarios/${file}`, { cwd: root });
    expect(result.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(result.scenario).not.toBeNull();
    const warnings = result.findings.map((finding) => finding.code);
    // Only the dual-stack scenario demonstrates a warning (its header says so).
    expect(warnings).toEqual(file === 'dual-stack-rollout.yaml' ? ['DUAL_STACK_FALLBACK'] : []);
  });

  it("normalises the seed's exclusive-ENI pool", () => {
    const scenario = load('exclusive-eni-node-pool');
    expect(scenario.cluster.terwayVersion.text).toBe('1.11.3');
    const pool = scenario.cluster.nodePools.find((candidate) => candidate.name === 'exclusive-eni');
    expect(pool?.mode).toBe('exclusive');
    expect(pool?.platform).toBe('ecs');
    expect(pool?.instanceTypes.map((type) => [type.id, type.eniQuantity])).toEqual([
      ['ecs.c7.4xlarge', 8],
      ['ecs.g7.4xlarge', 8],
    ]);
    expect(pool?.autoscaling).toEqual({ minCount: 4, maxCount: 10 });
    expect(pool?.initialCount).toBe(4);
    expect(pool?.memTotalKiByType).toEqual({ 'ecs.c7.4xlarge': 31555380 });
    expect(pool?.ephemeralStorageKi).toBe(123460788);
    expect(pool?.nodeReadyDelayUs).toBe(2 * MINUTE_US);
    expect(pool?.taints).toEqual([
      { key: 'workload-type', value: 'network-intensive', effect: 'NoSchedule' },
    ]);
    expect(pool?.podVSwitchIdsByZone).toEqual({
      'cn-hangzhou-j': ['vsw-pods-j'],
      'cn-hangzhou-k': ['vsw-pods-k'],
    });
    const [pn] = scenario.podNetworkings;
    expect(pn?.name).toBe('enionly');
    expect(pn?.eniType).toBe('ENI');
    expect(pn?.allocationType.type).toBe('Elastic');
    // Filled from the eni-config, as Terway's PodNetworking webhook fills an empty vSwitchOptions.
    expect(pn?.vSwitchOptions).toEqual(['vsw-pods-j', 'vsw-pods-k']);
    expect(pn?.vSwitchZones).toEqual(['cn-hangzhou-j', 'cn-hangzhou-k']);
    expect(pn?.securityGroupIds).toEqual(['sg-pods']);
    const stream = scenario.workloads.find((workload) => workload.name === 'stream-processor');
    expect(stream?.replicas).toBe(28);
    expect(stream?.template.requests).toEqual({
      cpuMilli: 1000,
      memoryBytes: 2 * 2 ** 30,
      ephemeralStorageBytes: 0,
      extended: {},
    });
    expect(stream?.template.tolerations).toEqual([
      { key: 'workload-type', operator: 'Equal', value: 'network-intensive', effect: 'NoSchedule' },
    ]);
    expect(stream?.rollout).toEqual({ type: 'AllAtOnce', startUs: MINUTE_US, lifetime: null });
    expect(scenario.timeline).toEqual({
      durationUs: 30 * MINUTE_US,
      sampleStepUs: 5_000_000,
      events: [
        {
          type: 'ScaleWorkload',
          atUs: 15 * MINUTE_US,
          workload: 'default/stream-processor',
          replicas: 42,
        },
      ],
    });
    expect(scenario.slos).toEqual([
      { name: 'podNetworkReadyP99Ms', bound: 'max', value: 20000 },
      { name: 'podStartP99Ms', bound: 'max', value: 300000 },
      { name: 'vSwitchFreeAddressesMin', bound: 'min', value: 100 },
    ]);
  });

  it('merges the tuned pool’s terway-config over the eni-config', () => {
    const scenario = load('shared-eni-web-fleet');
    const tuned = scenario.cluster.nodePools.find((pool) => pool.name === 'web-tuned');
    const plain = scenario.cluster.nodePools.find((pool) => pool.name === 'web-default');
    expect(tuned?.terwayConfigName).toBe('web-tuned-terway-config');
    expect([
      tuned?.eniConf.minPoolSize,
      tuned?.eniConf.maxPoolSize,
      tuned?.eniConf.ipWarmUpSize,
    ]).toEqual([10, 30, 20]);
    expect([
      plain?.eniConf.minPoolSize,
      plain?.eniConf.maxPoolSize,
      plain?.eniConf.ipWarmUpSize,
    ]).toEqual([0, 5, 0]);
    // The patch keeps what it does not name.
    expect(tuned?.eniConf.securityGroups).toEqual(['sg-web']);
    expect(plain?.terwayConfigName).toBeNull();
    const web = scenario.workloads.find((workload) => workload.name === 'web');
    expect(web?.rollout).toEqual({
      type: 'RollingUpdate',
      startUs: 2 * MINUTE_US,
      updateAtUs: [30 * MINUTE_US],
      maxSurge: { kind: 'percent', value: 25 },
      maxUnavailable: { kind: 'count', value: 0 },
      lifetime: null,
    });
    const report = scenario.workloads.find((workload) => workload.name === 'report');
    expect(report?.job).toEqual({ parallelism: 5, completions: 5 });
    expect(report?.rollout).toEqual({
      type: 'Jobs',
      startUs: 5 * MINUTE_US,
      stopUs: 60 * MINUTE_US,
      repeatEveryUs: MINUTE_US,
      lifetime: { kind: 'uniform', minUs: 10_000_000, maxUs: 40_000_000 },
    });
  });

  it('keeps the dual-stack cluster dual and its IPv6 blocks', () => {
    const scenario = load('dual-stack-rollout');
    expect(scenario.cluster.ipStack).toBe('dual');
    expect(scenario.cluster.vSwitches.map((vSwitch) => vSwitch.ipv6Cidr)).toEqual([
      '2408:4005:39c:100::/64',
      '2408:4005:39c:200::/64',
    ]);
  });

  it('reads the Lingjun type from spec.catalog and marks the pool Lingjun and exclusive', () => {
    const scenario = load('lingjun-gpu-exclusive');
    const pool = scenario.cluster.nodePools.find((candidate) => candidate.name === 'lingjun-gpu');
    expect(pool?.platform).toBe('lingjun');
    expect(pool?.mode).toBe('exclusive');
    expect(pool?.instanceTypes[0]).toMatchObject({
      id: 'efg2.C48eNH3ebn',
      platform: 'lingjun',
      lingjunApi: 'leni',
      eniQuantity: 12,
      ipv4PerEni: 10,
    });
    expect(scenario.cluster.eniConf.ipamType).toBe('crd');
    const train = scenario.workloads.find((workload) => workload.name === 'train');
    expect(train?.template.requests.extended).toEqual({ 'aliyun/eni': 1 });
    expect(train?.template.requiredNodeAffinity).toEqual([
      {
        matchExpressions: [
          { key: 'alibabacloud.com/lingjun-worker', operator: 'In', values: ['true'] },
        ],
      },
    ]);
    expect(scenario.podNetworkings).toEqual([]);
  });

  it('orders the Terway upgrade before the exclusive pool it enables', () => {
    const scenario = load('terway-upgrade-exclusive-pool');
    expect(scenario.cluster.terwayVersion.text).toBe('1.10.0');
    expect(scenario.timeline.events.map((event) => [event.type, event.atUs])).toEqual([
      ['UpgradeTerway', 10 * MINUTE_US],
      ['AddNodePool', 15 * MINUTE_US],
    ]);
    const added = scenario.timeline.events[1];
    expect(added?.type === 'AddNodePool' && added.nodePool.mode).toBe('exclusive');
    expect(added?.type === 'AddNodePool' && added.nodePool.createdAtUs).toBe(15 * MINUTE_US);
  });

  it('gives the /24 vSwitch 252 usable and 240 free addresses', () => {
    const [vSwitch] = load('vswitch-exhaustion').cluster.vSwitches;
    expect(vSwitch).toMatchObject({
      ipv4Cidr: '10.40.8.0/24',
      ipv4PrefixLength: 24,
      ipv4UsableAddresses: 252,
      usedIpv4Addresses: 12,
      ipv4FreeAddresses: 240,
    });
  });

  it('scales the burst pool to 200 nodes for 6,000 pods under account flow limits', () => {
    const scenario = load('burst-scale-out');
    expect(scenario.timeline.events).toEqual([
      { type: 'ScaleNodePool', atUs: MINUTE_US, nodePool: 'burst', count: 200 },
    ]);
    expect(scenario.workloads[0]?.replicas).toBe(6000);
    expect(scenario.cloud.rateLimitsPerMinute).toEqual({
      CreateNetworkInterface: 300,
      AttachNetworkInterface: 300,
      AssignPrivateIpAddresses: 600,
      DescribeNetworkInterfaces: 600,
    });
  });

  it('serves the StatefulSet from a trunk pool with a Fixed, TTL PodNetworking', () => {
    const scenario = load('trunk-fixed-ip');
    expect(scenario.cluster.nodePools[0]?.trunk).toBe(true);
    expect(scenario.cluster.nodePools[0]?.instanceTypes[0]).toMatchObject({
      id: 'ecs.g7.xlarge',
      eniTotalQuantity: 20,
      trunkSupported: true,
    });
    const [pn] = scenario.podNetworkings;
    expect(pn).toMatchObject({
      eniType: 'Trunk',
      allocationType: { type: 'Fixed', releaseStrategy: 'TTL', releaseAfter: '10m0s' },
      releaseAfterUs: 10 * MINUTE_US,
      vSwitchOptions: ['vsw-db-k'],
      securityGroupIds: ['sg-db'],
    });
    const db = scenario.workloads[0];
    expect(db?.fixedName).toBe(true);
    expect(db?.podManagementPolicy).toBe('Parallel');
    expect(db?.rollout).toMatchObject({
      type: 'RollingUpdate',
      maxSurge: { kind: 'count', value: 0 },
      maxUnavailable: { kind: 'count', value: 1 },
    });
    expect(scenario.namespaces.find((namespace) => namespace.name === 'orders')?.labels).toEqual({
      team: 'orders',
      'kubernetes.io/metadata.name': 'orders',
    });
  });

  it('churns 30,000 pods on 1,000 nodes for 24 h with a 2 h mean lifetime', () => {
    const scenario = load('performance-24h-churn');
    expect(scenario.cluster.nodePools[0]?.initialCount).toBe(1000);
    expect(scenario.workloads.reduce((sum, workload) => sum + workload.replicas, 0)).toBe(30000);
    for (const workload of scenario.workloads) {
      expect(workload.rollout).toEqual({
        type: 'AllAtOnce',
        startUs: 0,
        lifetime: { kind: 'exponential', meanUs: 120 * MINUTE_US },
      });
    }
    expect(scenario.timeline.durationUs).toBe(24 * 60 * MINUTE_US);
  });
});
