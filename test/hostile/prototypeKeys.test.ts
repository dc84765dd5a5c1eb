/**
 * `__proto__` and `constructor` keys in scenario input are data: they never become a prototype
 * nor make another key read through one.
 */
import { describe, expect, it } from 'vitest';

import { loadParts, SHARED_POOL } from '../unit/scenario/scenarioText.js';

const poolWithPatch = (patch: string): string =>
  SHARED_POOL.replace(/\}\s*$/, `, terwayConfig: { eniConf: ${patch} } }`);

describe('prototype keys in a pool terway-config patch', () => {
  it('a "__proto__": {min_pool_size: 3} patch leaves min_pool_size at the cluster value', () => {
    const plain = loadParts({ pools: [SHARED_POOL] }).scenario?.cluster.nodePools[0];
    const patched = loadParts({ pools: [poolWithPatch('{ __proto__: { min_pool_size: 3 } }')] });
    const pool = patched.scenario?.cluster.nodePools[0];
    expect(plain?.eniConf.minPoolSize).toBeDefined();
    expect(pool?.eniConf.minPoolSize).toBe(plain?.eniConf.minPoolSize);
    expect(pool?.eniConf.minPoolSize).not.toBe(3);
  });

  it('a "constructor" key in a patch is a plain key: min_pool_size does not read through it', () => {
    const result = loadParts({ pools: [poolWithPatch('{ constructor: { min_pool_size: 3 } }')] });
    const pool = result.scenario?.cluster.nodePools[0];
    expect(pool?.eniConf.minPoolSize).not.toBe(3);
  });
});

describe('overlapping vSwitch blocks', () => {
  it('two vSwitches with the same IPv6 /64 are VSWITCH_OVERLAP at the second ipv6Cidr', () => {
    const result = loadParts({
      vSwitches: [
        "{ id: vsw-dup6, zone: cn-hangzhou-j, ipv4Cidr: 172.16.64.0/24, ipv6Cidr: '2408:4005:39c:200::/64' }",
      ],
    });
    const overlap = result.findings.find((finding) => finding.code === 'VSWITCH_OVERLAP');
    expect(overlap?.message).toBe(
      'vSwitch vsw-dup6 (2408:4005:39c:200::/64) overlaps vsw-pods (2408:4005:39c:200::/64)',
    );
    expect(overlap?.path).toBe('spec.cluster.vSwitches[2].ipv6Cidr');
  });
});
