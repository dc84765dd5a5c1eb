import { describe, expect, it } from 'vitest';

import {
  DEFAULT_ENI_CONF,
  erdmaEniLimit,
  exclusiveEniPods,
  ipPrefixPods,
  multiIpPods,
  podCapacity,
  type PodCapacityRequest,
} from '../../../models/index.js';
import { catalogType, codes, conf, ecsType, leniType } from './fixtures.js';

function request(overrides: Partial<PodCapacityRequest> = {}): PodCapacityRequest {
  return {
    mode: 'shared',
    trunk: false,
    ipPrefix: false,
    erdma: false,
    conf: DEFAULT_ENI_CONF,
    ...overrides,
  };
}

describe("capacity: Terway's Limits formulas", () => {
  it('MultiIPPod, ExclusiveENIPod, prefix, ERDMARes', () => {
    expect(multiIpPods(8, 30)).toBe(210);
    expect(exclusiveEniPods(8)).toBe(7);
    expect(ipPrefixPods(4, 15)).toBe(672);
    expect(multiIpPods(0, 30)).toBe(0);
    expect(exclusiveEniPods(0)).toBe(0);
    expect(erdmaEniLimit(2, 1)).toBe(0);
    expect(erdmaEniLimit(4, 0)).toBe(0);
    expect(erdmaEniLimit(4, 3)).toBe(1);
    expect(erdmaEniLimit(8, 3)).toBe(2);
    expect(erdmaEniLimit(8, 1)).toBe(1);
    expect(erdmaEniLimit(8, null)).toBeNull();
  });
});

describe('capacity: ACK worked examples', () => {
  it('ecs.g7.4xlarge: 210 shared, 7 exclusive', () => {
    const type = catalogType('ecs.g7.4xlarge');
    expect(podCapacity(type, request()).containerPods).toBe(210);
    expect(podCapacity(type, request({ mode: 'exclusive' })).containerPods).toBe(7);
  });

  it('ecs.c7.4xlarge: 210 shared, 7 exclusive; ecs.c6.4xlarge: 140 shared', () => {
    expect(podCapacity(catalogType('ecs.c7.4xlarge'), request()).containerPods).toBe(210);
    expect(
      podCapacity(catalogType('ecs.c7.4xlarge'), request({ mode: 'exclusive' })).containerPods,
    ).toBe(7);
    expect(podCapacity(catalogType('ecs.c6.4xlarge'), request()).containerPods).toBe(140);
  });

  it("ecs.g6.xlarge: 3 ENIs, so 2 exclusive pods (Terway's design doc)", () => {
    expect(
      podCapacity(catalogType('ecs.g6.xlarge'), request({ mode: 'exclusive' })).containerPods,
    ).toBe(2);
  });
});

describe('capacity: trunk (member ENIs)', () => {
  it('known EniTotalQuantity: ecs.g7.xlarge 20 − 4 = 16, ecs.r6.8xlarge 40 − 8 = 32', () => {
    const g7 = podCapacity(catalogType('ecs.g7.xlarge'), request({ trunk: true }));
    expect(g7).toMatchObject({ trunk: true, memberEniPods: 16, containerPods: 45 });
    expect(g7.warnings).toEqual([]);
    const r6 = podCapacity(catalogType('ecs.r6.8xlarge'), request({ trunk: true }));
    expect(r6.memberEniPods).toBe(32);
  });

  it('unknown EniTotalQuantity: null and TRUNK_QUOTA_UNKNOWN, never 0', () => {
    const result = podCapacity(catalogType('ecs.c7.4xlarge'), request({ trunk: true }));
    expect(result.memberEniPods).toBeNull();
    expect(result.containerPods).toBe(210);
    expect(codes(result.warnings)).toEqual(['TRUNK_QUOTA_UNKNOWN']);
  });

  it('a type that cannot trunk gets 0 and TRUNK_NOT_SUPPORTED', () => {
    const result = podCapacity(catalogType('ecs.g6.large'), request({ trunk: true }));
    expect(result).toMatchObject({ trunk: false, memberEniPods: 0 });
    expect(codes(result.warnings)).toEqual(['TRUNK_NOT_SUPPORTED']);
  });

  it('trunk is disabled on exclusive nodes', () => {
    const result = podCapacity(
      catalogType('ecs.g7.xlarge'),
      request({ trunk: true, mode: 'exclusive' }),
    );
    expect(result).toMatchObject({ trunk: false, memberEniPods: 0, containerPods: 3 });
    expect(codes(result.warnings)).toEqual(['TRUNK_DISABLED_EXCLUSIVE']);
  });

  it('trunk does not reduce the shared count (the trunk ENI serves shared IPs)', () => {
    const type = ecsType({ eniTotalQuantity: 30, trunkSupported: true });
    expect(podCapacity(type, request({ trunk: true })).containerPods).toBe(210);
  });
});

describe('capacity: ERDMA', () => {
  it('ecs.g8a.xlarge (4 ENIs, EriQuantity 1): one ENI goes to ERDMA, (4−1−1)×15 = 30', () => {
    const result = podCapacity(catalogType('ecs.g8a.xlarge'), request({ erdma: true }));
    expect(result).toMatchObject({ erdma: true, containerPods: 30, erdmaPods: 15 });
  });

  it('daemon sets aside ERDMARes() (2 on 8+ ENIs); centralized IPAM exactly one', () => {
    const type = ecsType({ eriQuantity: 4 });
    expect(podCapacity(type, request({ erdma: true })).containerPods).toBe(150);
    const crd = request({ erdma: true, conf: conf({ ipam_type: 'crd' }) });
    expect(podCapacity(type, crd).containerPods).toBe(180);
    expect(podCapacity(type, request({ erdma: true, mode: 'exclusive' })).containerPods).toBe(5);
  });

  it('unknown EriQuantity leaves the pod count unknown', () => {
    const result = podCapacity(catalogType('ecs.c7.4xlarge'), request({ erdma: true }));
    expect(result.containerPods).toBeNull();
    expect(result.erdmaPods).toBeNull();
    expect(codes(result.warnings)).toEqual(['ERDMA_QUOTA_UNKNOWN']);
  });

  it('EriQuantity 0 means no ERDMA ENI: ERDMA_NOT_AVAILABLE, count unchanged', () => {
    const result = podCapacity(catalogType('ecs.g7.xlarge'), request({ erdma: true }));
    expect(result).toMatchObject({ erdma: false, containerPods: 45, erdmaPods: 0 });
    expect(codes(result.warnings)).toEqual(['ERDMA_NOT_AVAILABLE']);
  });
});

describe('capacity: IP prefix', () => {
  it('(E−1)×(IPv4−1)×16: ecs.g7ne.xlarge and ecs.g9i.2xlarge hold 672 (Terway e2e)', () => {
    for (const id of ['ecs.g7ne.xlarge', 'ecs.g9i.2xlarge']) {
      expect(podCapacity(catalogType(id), request({ ipPrefix: true })).containerPods).toBe(672);
    }
    expect(
      podCapacity(catalogType('ecs.g7.4xlarge'), request({ ipPrefix: true })).containerPods,
    ).toBe(3248);
  });

  it("notes the controller annotation's EniTotalQuantity figure, or that it is unknown", () => {
    const known = podCapacity(catalogType('ecs.g7.xlarge'), request({ ipPrefix: true }));
    expect(known.ipPrefixAnnotation).toBe(14 * 16 * 19);
    expect(known.notes[0]?.message).toContain('EniTotalQuantity');
    expect(known.notes[0]?.message).toContain('4256');
    const unknown = podCapacity(catalogType('ecs.g7.4xlarge'), request({ ipPrefix: true }));
    expect(unknown.ipPrefixAnnotation).toBeNull();
    expect(codes(unknown.notes)).toEqual(['IP_PREFIX_ANNOTATION']);
  });

  it('is ignored in exclusive mode and on Lingjun', () => {
    const exclusive = podCapacity(
      catalogType('ecs.g7.4xlarge'),
      request({ ipPrefix: true, mode: 'exclusive' }),
    );
    expect(exclusive).toMatchObject({ ipPrefix: false, containerPods: 7 });
    expect(codes(exclusive.warnings)).toEqual(['IP_PREFIX_EXCLUSIVE']);
    const lingjun = podCapacity(
      leniType({ eniQuantity: 12, ipv4PerEni: 10 }),
      request({ ipPrefix: true }),
    );
    expect(lingjun).toMatchObject({ ipPrefix: false, containerPods: 110 });
    expect(codes(lingjun.warnings)).toEqual(['LINGJUN_NO_IP_PREFIX']);
  });
});

describe('capacity: eni_conf (max_eni, eni_cap_ratio, eni_cap_shift)', () => {
  const c7 = catalogType('ecs.c7.4xlarge');

  it('the daemon applies them to the shared count', () => {
    expect(podCapacity(c7, request({ conf: conf({ max_eni: 3 }) })).containerPods).toBe(90);
    expect(podCapacity(c7, request({ conf: conf({ eni_cap_ratio: 0.5 }) })).containerPods).toBe(90);
    expect(podCapacity(c7, request({ conf: conf({ eni_cap_shift: -2 }) })).containerPods).toBe(150);
  });

  it('and to aliyun/eni in exclusive mode', () => {
    expect(
      podCapacity(c7, request({ mode: 'exclusive', conf: conf({ max_eni: 3 }) })).containerPods,
    ).toBe(3);
  });

  it('centralized IPAM ignores them, with ENI_CAP_IGNORED', () => {
    const result = podCapacity(c7, request({ conf: conf({ max_eni: 3, ipam_type: 'crd' }) }));
    expect(result).toMatchObject({ ipam: 'centralized', containerPods: 210 });
    expect(codes(result.warnings)).toEqual(['ENI_CAP_IGNORED']);
  });

  it('eni_cap_shift 1 on 8 ENIs: Terway advertises 8 ENIs (daemon/config.go:91), ECS attaches 7: ENI_QUOTA_BELOW_ENI_CAP', () => {
    const shared = podCapacity(c7, request({ conf: conf({ eni_cap_shift: 1 }) }));
    expect(shared).toMatchObject({ ipam: 'daemon', podEnis: 8, containerPods: 240 });
    expect(codes(shared.warnings)).toEqual(['ENI_QUOTA_BELOW_ENI_CAP']);
    const exclusive = podCapacity(
      c7,
      request({ mode: 'exclusive', conf: conf({ eni_cap_shift: 1 }) }),
    );
    expect(exclusive.containerPods).toBe(8);
    expect(codes(exclusive.warnings)).toEqual(['ENI_QUOTA_BELOW_ENI_CAP']);
  });

  it("the ACK admission formulas stay the type's", () => {
    const result = podCapacity(c7, request({ conf: conf({ max_eni: 3 }) }));
    expect(result.sharedPodLimit).toBe(210);
    expect(result.exclusivePodLimit).toBe(7);
  });
});

describe('capacity: Lingjun', () => {
  it('LENI: (LeniQuota−1)×LeniSipQuota shared, LeniQuota−1 exclusive, centralized IPAM', () => {
    const type = leniType({ eniQuantity: 12, ipv4PerEni: 10 });
    expect(podCapacity(type, request())).toMatchObject({ containerPods: 110, ipam: 'centralized' });
    const exclusive = podCapacity(type, request({ mode: 'exclusive' }));
    expect(exclusive).toMatchObject({ containerPods: 11, limits: { eniApi: 'leni' } });
  });

  it('HDENI (LeniQuota ≤ 1, HdeniQuota > 0): HdeniQuota pods, no minus one, exclusive only', () => {
    const type = leniType({ eniQuantity: 1, ipv4PerEni: 10, highDensityQuantity: 16 });
    const exclusive = podCapacity(type, request({ mode: 'exclusive' }));
    expect(exclusive).toMatchObject({
      containerPods: 16,
      exclusivePodLimit: 16,
      limits: { eniApi: 'hdeni', eniQuantity: 16, ipv4PerEni: 1 },
    });
    expect(podCapacity(type, request()).containerPods).toBe(0);
  });

  it('ECS-link high density (EniQuantity ≤ 1, EniHighDenseQuantity > 0): EniHighDenseQuantity pods', () => {
    const type = leniType({ lingjunApi: 'ecs-link', eniQuantity: 1, highDensityQuantity: 8 });
    const exclusive = podCapacity(type, request({ mode: 'exclusive' }));
    expect(exclusive).toMatchObject({ containerPods: 8, limits: { eniApi: 'ecs-hdeni' } });
    expect(podCapacity(type, request()).containerPods).toBe(0);
  });

  it('ECS-link without high density follows the ECS formula on DescribeNodeType quotas', () => {
    const type = leniType({
      lingjunApi: 'ecs-link',
      eniQuantity: 12,
      ipv4PerEni: 10,
      highDensityQuantity: 0,
    });
    expect(podCapacity(type, request()).containerPods).toBe(110);
    expect(podCapacity(type, request({ mode: 'exclusive' })).limits.eniApi).toBe('ecs');
  });

  it('no trunk and no ERDMA on Lingjun', () => {
    const type = leniType();
    const result = podCapacity(type, request({ trunk: true, erdma: true }));
    expect(result).toMatchObject({ trunk: false, erdma: false, memberEniPods: 0 });
    expect(codes(result.warnings)).toEqual(['LINGJUN_NO_TRUNK', 'LINGJUN_NO_ERDMA']);
  });
});
