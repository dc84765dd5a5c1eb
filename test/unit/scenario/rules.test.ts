/**
 * The node-pool rules (from the models) and the semantic checks, as validation findings with
 * their stable codes, each at the line that causes it.
 */
import { describe, expect, it } from 'vitest';

import { resolveRollingLimits } from '../../../scenarios/load/index.js';
import {
  deployment,
  exclusivePool,
  lineOf,
  loadParts,
  podNetworking,
  SHARED_POOL,
  type ScenarioParts,
} from './scenarioText.js';

function codes(parts: ScenarioParts, severity: 'error' | 'warning' = 'error'): string[] {
  return loadParts(parts)
    .findings.filter((finding) => finding.severity === severity)
    .map((finding) => finding.code);
}

const LINGJUN_CATALOG = JSON.stringify([
  {
    InstanceTypeId: 'efg2.test',
    LeniQuota: 12,
    LeniSipQuota: 10,
    CpuCoreCount: 48,
    MemorySize: 512,
  },
]);
const LINGJUN_POOL = `{ name: lingjun, instanceTypes: [efg2.test], count: 2, vSwitches: [vsw-nodes], labels: { alibabacloud.com/lingjun-worker: 'true', k8s.aliyun.com/exclusive-mode-eni-type: eniOnly }, taints: [{ key: dedicated, value: eni, effect: NoSchedule }] }`;

describe('node-pool rules', () => {
  it('EXCLUSIVE_TOO_FEW_ENIS: a 7-ENI type is refused for an exclusive pool, an 8-ENI one admitted', () => {
    const refused = loadParts({ pools: [exclusivePool('ecs.g6.13xlarge')] });
    expect(refused.scenario).toBeNull();
    const [finding] = refused.findings.filter((candidate) => candidate.severity === 'error');
    expect(finding?.code).toBe('EXCLUSIVE_TOO_FEW_ENIS');
    expect(finding?.message).toContain('7 ENIs leave 6 for pods');
    expect(finding?.path).toBe('spec.cluster.nodePools[0].instanceTypes[0]');
    expect(finding?.location?.line).toBe(lineOf(refused.text, 'ecs.g6.13xlarge'));
    expect(codes({ pools: [exclusivePool('ecs.g7.4xlarge')] })).toEqual([]);
  });

  it('SHARED_TOO_FEW_PODS: (2 − 1) × 6 = 6 pods is not more than 11', () => {
    const pool = '{ name: tiny, instanceTypes: [ecs.g6.large], count: 1, vSwitches: [vsw-nodes] }';
    expect(codes({ pools: [pool] })).toEqual(['SHARED_TOO_FEW_PODS']);
  });

  it('TERWAY_VERSION_TOO_OLD: an exclusive pool on 1.10, before and after an upgrade', () => {
    expect(codes({ terwayVersion: 'v1.10.0', pools: [exclusivePool('ecs.g7.4xlarge')] })).toEqual([
      'TERWAY_VERSION_TOO_OLD',
    ]);
    const addPool = `{ type: AddNodePool, at: 20m, nodePool: ${exclusivePool('ecs.g7.4xlarge')} }`;
    const upgrade = "{ type: UpgradeTerway, at: 10m, version: 'v1.11.1' }";
    expect(
      codes({ terwayVersion: 'v1.10.0', pools: [SHARED_POOL], events: [upgrade, addPool] }),
    ).toEqual([]);
    const early = addPool.replace('at: 20m', 'at: 5m');
    expect(
      codes({ terwayVersion: 'v1.10.0', pools: [SHARED_POOL], events: [early, upgrade] }),
    ).toEqual(['TERWAY_VERSION_TOO_OLD']);
  });

  it('BAD_TERWAY_VERSION: an unparseable version', () => {
    expect(codes({ terwayVersion: 'latest', pools: [SHARED_POOL] })).toEqual([
      'BAD_TERWAY_VERSION',
    ]);
  });

  it('DUAL_STACK_FALLBACK: a warning, and the scenario still loads', () => {
    const pool = '{ name: g6, instanceTypes: [ecs.g6.2xlarge], count: 1, vSwitches: [vsw-nodes] }';
    const result = loadParts({ ipStack: 'dual', pools: [pool] });
    expect(result.scenario).not.toBeNull();
    expect(result.findings.map((finding) => [finding.severity, finding.code])).toEqual([
      ['warning', 'DUAL_STACK_FALLBACK'],
    ]);
  });

  it('LINGJUN_NO_DUAL_STACK: a Lingjun pool in a dual-stack cluster', () => {
    const files = { 'lingjun.json': LINGJUN_CATALOG };
    expect(
      codes({ ipStack: 'dual', catalog: 'lingjun.json', files, pools: [LINGJUN_POOL] }),
    ).toEqual(['LINGJUN_NO_DUAL_STACK']);
  });

  it('LINGJUN_NO_PODNETWORKING: a PodNetworking selects pods that can land on a Lingjun pool', () => {
    const result = loadParts({
      catalog: 'lingjun.json',
      files: { 'lingjun.json': LINGJUN_CATALOG },
      pools: [LINGJUN_POOL],
      manifests: [podNetworking('gpu', 'ENI'), deployment('trainer', 'network: gpu')],
    });
    const finding = result.findings.find(
      (candidate) => candidate.code === 'LINGJUN_NO_PODNETWORKING',
    );
    expect(finding?.severity).toBe('error');
    expect(finding?.location?.line).toBe(lineOf(result.text, 'kind: PodNetworking') - 1);
    expect(finding?.message).toContain('PodNetworking gpu selects Deployment default/trainer');
    // Placed by taints and affinity instead, with aliyun/eni asked for, the pool is fine.
    const placed = deployment('trainer', 'team: ml').replace(
      'cpu: 100m,',
      "cpu: 100m, aliyun/eni: '1',",
    );
    expect(
      codes({
        catalog: 'lingjun.json',
        files: { 'lingjun.json': LINGJUN_CATALOG },
        pools: [LINGJUN_POOL],
        manifests: [placed],
      }),
    ).toEqual([]);
  });

  it('LINGJUN_LABEL_MISSING: a Lingjun type in a pool without the lingjun-worker label', () => {
    const pool = LINGJUN_POOL.replace("alibabacloud.com/lingjun-worker: 'true', ", '');
    expect(
      codes({ catalog: 'lingjun.json', files: { 'lingjun.json': LINGJUN_CATALOG }, pools: [pool] }),
    ).toEqual(['LINGJUN_LABEL_MISSING']);
  });

  it('EXCLUSIVE_NO_NETWORK_POLICY: a NetworkPolicy protects pods on exclusive ENIs', () => {
    const policy = `apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: { name: deny-all }
      spec: { podSelector: { matchLabels: { app: quotes } } }`;
    const result = loadParts({
      pools: [exclusivePool('ecs.g7.4xlarge')],
      manifests: [
        podNetworking('exclusive', 'ENI'),
        deployment('quotes', 'network: exclusive'),
        policy,
      ],
    });
    expect(result.scenario).not.toBeNull();
    const finding = result.findings.find(
      (candidate) => candidate.code === 'EXCLUSIVE_NO_NETWORK_POLICY',
    );
    expect(finding?.severity).toBe('warning');
    expect(finding?.location?.line).toBe(lineOf(result.text, 'kind: NetworkPolicy') - 1);
  });

  it('EXCLUSIVE_NO_EBPF: the eBPF datapath does not reach exclusive-ENI pods', () => {
    const parts = {
      datapath: 'datapathv2',
      pools: [exclusivePool('ecs.g7.4xlarge')],
      manifests: [podNetworking('exclusive', 'ENI'), deployment('quotes', 'network: exclusive')],
    };
    expect(codes(parts, 'warning')).toEqual(['EXCLUSIVE_NO_EBPF']);
  });

  it('NO_CUSTOM_CNI_CHAIN: an exclusive pool with a custom CNI chain', () => {
    expect(
      codes({ pools: [exclusivePool('ecs.g7.4xlarge', 'exclusive', ', customCniChain: true')] }),
    ).toEqual(['NO_CUSTOM_CNI_CHAIN']);
    const shared = SHARED_POOL.replace(' }', ', customCniChain: true }');
    expect(codes({ pools: [shared] })).toEqual([]);
  });

  it('EXISTING_NODE_ENIS_UNUSED: existing instances added to an exclusive pool', () => {
    const event =
      '{ type: AddExistingNodes, at: 10m, nodePool: exclusive, count: 2, attachedEnis: 3 }';
    const result = loadParts({ pools: [exclusivePool('ecs.g7.4xlarge')], events: [event] });
    const finding = result.findings.find(
      (candidate) => candidate.code === 'EXISTING_NODE_ENIS_UNUSED',
    );
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('3 fewer pod ENI(s) per node');
    const tooMany = event.replace('attachedEnis: 3', 'attachedEnis: 8');
    expect(codes({ pools: [exclusivePool('ecs.g7.4xlarge')], events: [tooMany] })).toEqual([
      'OUT_OF_RANGE',
    ]);
  });

  it('NODE_POOL_MODE_IMMUTABLE: re-creating a pool under its name in another mode', () => {
    const event = `{ type: AddNodePool, at: 10m, nodePool: ${exclusivePool('ecs.g7.4xlarge', 'shared')} }`;
    expect(codes({ pools: [SHARED_POOL], events: [event] })).toEqual(['NODE_POOL_MODE_IMMUTABLE']);
  });
});

describe('semantic checks', () => {
  it('pods with an exclusive PodNetworking but no exclusive pool fit nowhere (a warning)', () => {
    const result = loadParts({
      pools: [SHARED_POOL],
      manifests: [podNetworking('exclusive', 'ENI'), deployment('quotes', 'network: exclusive')],
    });
    const finding = result.findings.find((candidate) => candidate.code === 'WORKLOAD_FITS_NO_POOL');
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toContain('shared: no aliyun/eni');
  });

  it('a Fixed PodNetworking selecting a Deployment serves no pod', () => {
    const result = loadParts({
      pools: [SHARED_POOL],
      manifests: [
        podNetworking('fixed', 'Trunk', '{ type: Fixed, releaseStrategy: Never }'),
        deployment('web', 'network: fixed'),
      ],
    });
    const finding = result.findings.find((candidate) => candidate.code === 'PODNETWORKING_UNUSED');
    expect(finding?.hint).toContain('serves only StatefulSet pods');
  });

  it('PodNetworking releaseAfter rules of the validating webhook', () => {
    const never = podNetworking(
      'fixed',
      'ENI',
      '{ type: Fixed, releaseStrategy: Never, releaseAfter: 10m }',
    );
    expect(codes({ pools: [SHARED_POOL], manifests: [never] })).toContain('PODNETWORKING_DENIED');
    const ttl = podNetworking('fixed', 'ENI', '{ type: Fixed, releaseStrategy: TTL }');
    expect(codes({ pools: [SHARED_POOL], manifests: [ttl] })).toContain('PODNETWORKING_DENIED');
    const short = podNetworking(
      'fixed',
      'ENI',
      '{ type: Fixed, releaseStrategy: TTL, releaseAfter: 1m }',
    );
    expect(codes({ pools: [SHARED_POOL], manifests: [short] }, 'warning')).toContain(
      'FIXED_IP_TTL_SHORT',
    );
  });

  it('an exclusive pool without a taint, and shared pods that can land on it', () => {
    const untainted = exclusivePool('ecs.g7.4xlarge').replace(
      ', taints: [{ key: dedicated, value: eni, effect: NoSchedule }]',
      '',
    );
    const result = loadParts({ pools: [untainted], manifests: [deployment('web', 'tier: web')] });
    expect(result.findings.map((finding) => finding.code)).toEqual([
      'EXCLUSIVE_POOL_SHARED_PODS',
      'EXCLUSIVE_POOL_UNTAINTED',
    ]);
  });

  it('sums a pod’s requests as kube-scheduler does', () => {
    const pod = `apiVersion: v1
      kind: Pod
      metadata: { name: p }
      spec:
        overhead: { cpu: 50m, memory: 64Mi }
        initContainers: [{ name: init, resources: { requests: { cpu: '2', memory: 1Gi } } }]
        containers:
          - { name: a, resources: { requests: { cpu: 500m, memory: 512Mi } } }
          - { name: b, resources: { limits: { cpu: '0.25', memory: 256M, nvidia.com/gpu: 1 } } }`;
    const result = loadParts({ pools: [SHARED_POOL], manifests: [pod] });
    const [workload] = result.scenario?.workloads ?? [];
    // cpu: max(500m + 250m, 2000m) + 50m; memory: max(512Mi + 256M, 1Gi) + 64Mi.
    expect(workload?.template.requests).toEqual({
      cpuMilli: 2050,
      memoryBytes: 2 ** 30 + 64 * 2 ** 20,
      ephemeralStorageBytes: 0,
      extended: { 'nvidia.com/gpu': 1 },
    });
  });

  it('refuses bad quantities where they are written', () => {
    const bad = deployment('web', 'tier: web').replace('cpu: 100m', 'cpu: lots');
    const result = loadParts({ pools: [SHARED_POOL], manifests: [bad] });
    const finding = result.findings.find((candidate) => candidate.severity === 'error');
    expect(finding?.code).toBe('BAD_FORMAT');
    expect(finding?.path).toBe(
      'spec.manifests[1].spec.template.spec.containers[0].resources.requests.cpu',
    );
  });

  it('checks ip_stack against the eni-config and pool terway-config sources', () => {
    const conflict = codes({ ipStack: 'dual', pools: [SHARED_POOL] }).filter(
      (code) => code === 'CONFLICTING_FIELDS',
    );
    expect(conflict).toEqual([]);
    const named = SHARED_POOL.replace(' }', ', terwayConfig: { name: missing-config } }');
    expect(codes({ pools: [named] })).toEqual(['TERWAY_CONFIG_NOT_FOUND']);
    const patched = SHARED_POOL.replace(
      ' }',
      ', terwayConfig: { eniConf: { max_pool_size: -1 } } }',
    );
    expect(codes({ pools: [patched] })).toEqual(['BAD_ENI_CONF']);
  });

  it('refuses a scale of a workload before it exists', () => {
    const parts = {
      pools: [SHARED_POOL],
      manifests: [deployment('web', 'tier: web')],
      workloads: ['{ workload: web, rollout: { type: AllAtOnce, start: 20m } }'],
      events: ['{ type: ScaleWorkload, at: 10m, workload: web, replicas: 5 }'],
    };
    expect(codes(parts)).toEqual(['EVENT_BEFORE_TARGET']);
  });

  it('resolves rolling-update limits as the Deployment controller rounds them', () => {
    const quarter = { kind: 'percent', value: 25 } as const;
    expect(resolveRollingLimits(10, { maxSurge: quarter, maxUnavailable: quarter })).toEqual({
      surge: 3,
      unavailable: 2,
    });
    const none = { kind: 'count', value: 0 } as const;
    expect(resolveRollingLimits(3, { maxSurge: quarter, maxUnavailable: none })).toEqual({
      surge: 1,
      unavailable: 0,
    });
  });
});

describe('more semantic checks, each with its code', () => {
  const web = deployment('web', 'tier: web');
  it.each<[string, ScenarioParts, string]>([
    [
      'ip_stack disagreeing with spec.cluster.ipStack',
      {
        ipStack: 'dual',
        eniConf: '{"ip_stack": "ipv4", "security_group": "sg-a"}',
        pools: [SHARED_POOL],
      },
      'CONFLICTING_FIELDS',
    ],
    [
      'a dual-stack pool on a vSwitch without an IPv6 block',
      {
        ipStack: 'dual',
        pools: ['{ name: v4only, instanceTypes: [ecs.g7.2xlarge], count: 1, vSwitches: [vsw-v4] }'],
        eniConf: '{"security_group": "sg-a"}',
        vSwitches: ['{ id: vsw-v4, zone: cn-hangzhou-j, ipv4Cidr: 172.16.8.0/22 }'],
      },
      'DUAL_STACK_NO_IPV6_CIDR',
    ],
    [
      'eni_conf vswitches naming an undeclared vSwitch',
      { eniConf: '{"vswitches": {"cn-hangzhou-j": ["vsw-gone"]}}', pools: [SHARED_POOL] },
      'UNKNOWN_VSWITCH',
    ],
    [
      'broken eni_conf JSON',
      { eniConf: '{"max_pool_size": 5,}', pools: [SHARED_POOL] },
      'BAD_ENI_CONF',
    ],
    [
      'a timeline entry for a workload that does not exist',
      { pools: [SHARED_POOL], workloads: ['{ workload: ghost }'] },
      'UNKNOWN_WORKLOAD',
    ],
    [
      'a Poisson rollout of a Deployment',
      {
        pools: [SHARED_POOL],
        manifests: [web],
        workloads: [
          '{ workload: web, rollout: { type: Poisson, ratePerHour: 60, lifetime: { distribution: Constant, value: 1m } } }',
        ],
      },
      'ROLLOUT_KIND_MISMATCH',
    ],
    ['the same object twice', { pools: [SHARED_POOL], manifests: [web, web] }, 'DUPLICATE_OBJECT'],
    [
      'a selector that does not match the template',
      {
        pools: [SHARED_POOL],
        manifests: [web.replace('matchLabels: { app: web }', 'matchLabels: { app: other }')],
      },
      'SELECTOR_MISMATCH',
    ],
    [
      'a pool with both count and autoscaling',
      { pools: [SHARED_POOL.replace('count: 2', 'count: 2, autoscaling: { min: 1, max: 3 }')] },
      'CONFLICTING_FIELDS',
    ],
    [
      'overlapping vSwitch blocks',
      {
        pools: [SHARED_POOL],
        vSwitches: ['{ id: vsw-dup, zone: cn-hangzhou-j, ipv4Cidr: 172.16.1.0/24 }'],
      },
      'VSWITCH_OVERLAP',
    ],
    [
      'more addresses in use than a /29 offers',
      {
        pools: [SHARED_POOL],
        vSwitches: [
          '{ id: vsw-tiny, zone: cn-hangzhou-j, ipv4Cidr: 172.16.9.0/29, usedIpv4Addresses: 5 }',
        ],
      },
      'VSWITCH_OVERUSED',
    ],
  ])('%s', (_name, parts, code) => {
    expect(codes(parts)).toContain(code);
  });

  it('warns when the exclusive-mode label has another value (Terway treats the pool as shared)', () => {
    const pool = SHARED_POOL.replace(
      ' }',
      ', labels: { k8s.aliyun.com/exclusive-mode-eni-type: eni-only } }',
    );
    const result = loadParts({ pools: [pool] });
    expect(result.scenario?.cluster.nodePools[0]?.mode).toBe('shared');
    expect(result.findings.map((finding) => finding.code)).toEqual(['EXCLUSIVE_LABEL_IGNORED']);
  });

  it("reads the label's value case-insensitively, as Terway does", () => {
    const pool = exclusivePool('ecs.g7.4xlarge').replace('eniOnly', 'ENIONLY');
    expect(loadParts({ pools: [pool] }).scenario?.cluster.nodePools[0]?.mode).toBe('exclusive');
  });

  it('OUT_OF_RANGE: a count beyond exact integers is an error at its line, not a dropped pool', () => {
    const pool = SHARED_POOL.replace('count: 2', 'count: 99999999999999999999999');
    const result = loadParts({ pools: [pool] });
    expect(result.scenario).toBeNull();
    const errors = result.findings.filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => [finding.code, finding.path])).toEqual([
      ['OUT_OF_RANGE', 'spec.cluster.nodePools[0].count'],
    ]);
    expect(errors[0]?.location?.line).toBe(lineOf(result.text, '99999999999999999999999'));
  });

  it('BAD_CATALOG: an entry that is an array, or a quota of 1e400, is reported at its JSON line', () => {
    const catalog =
      '[\n  ["efg2.test"],\n  {"InstanceTypeId": "efg2.x", "LeniQuota": 1e400, "LeniSipQuota": 10}\n]\n';
    const result = loadParts({ catalog: 'catalog.json', files: { 'catalog.json': catalog } });
    expect(result.scenario).toBeNull();
    const bad = result.findings.filter((finding) => finding.code === 'BAD_CATALOG');
    expect(bad.map((finding) => [finding.path, finding.message, finding.location?.line])).toEqual([
      ['$[0]', 'must be an object, got ["efg2.test"]', 2],
      ['$[1].LeniQuota', 'must be a whole number ≥ 0, got Infinity', 3],
    ]);
    expect(bad.every((finding) => finding.location?.file === 'catalog.json')).toBe(true);
  });
});
