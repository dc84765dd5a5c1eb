import { describe, expect, it } from 'vitest';
import { addressUniqueness } from '../../../sim/checkers/addressUniqueness.js';
import { dualStack } from '../../../sim/checkers/dualStack.js';
import { eniLimits } from '../../../sim/checkers/eniLimits.js';
import { eniResource } from '../../../sim/checkers/eniResource.js';
import { exclusiveEni } from '../../../sim/checkers/exclusiveEni.js';
import { poolBounds } from '../../../sim/checkers/poolBounds.js';
import { checkAll, InvariantViolationError, runCheckers } from '../../../sim/checkers/runner.js';
import { vSwitchConservation } from '../../../sim/checkers/vSwitchConservation.js';
import { cleanInput, corruptible, nodeOf } from './fixture.js';

describe('invariant checkers', () => {
  it('find nothing wrong in a clean, settled cluster', () => {
    const input = cleanInput();
    expect(input.nodes.map((n) => n.pods.length)).toEqual([5, 2]);
    expect(runCheckers(input)).toEqual([]);
  });

  it('addressUniqueness fires when two pods hold one address', () => {
    const input = corruptible();
    const node = nodeOf(input, 'n1');
    const [a, b] = node.pods;
    if (a === undefined || b === undefined) throw new Error('fixture has too few pods');
    b.ipv4 = a.ipv4;
    const violations = addressUniqueness(input);
    expect(violations.map((v) => v.message)).toContain(
      `pods ${a.key} and ${b.key} both have address ${String(a.ipv4)}`,
    );
  });

  it('addressUniqueness fires when one address sits on two ENIs', () => {
    const input = corruptible();
    const x1 = nodeOf(input, 'x1');
    const [first, second] = x1.enis;
    if (first === undefined || second === undefined) throw new Error('fixture has too few ENIs');
    const stolen = first.ipv4[0];
    if (stolen === undefined) throw new Error('ENI without an address');
    second.ipv4.push({ ...stolen });
    expect(addressUniqueness(input).length).toBeGreaterThan(0);
  });

  it('eniLimits fires past EniQuantity, the member limit, and the per-ENI quota', () => {
    const input = corruptible();
    const x1 = nodeOf(input, 'x1');
    const template = x1.enis[0];
    if (template === undefined) throw new Error('fixture has no ENI');
    while (x1.enis.length < x1.limits.eniQuantity)
      x1.enis.push({ ...template, id: `eni-extra-${x1.enis.length}` });
    expect(eniLimits(input).map((v) => v.message)).toEqual([
      `x1 serves ${x1.limits.eniQuantity} ENIs besides eth0; EniQuantity is ${x1.limits.eniQuantity}`,
    ]);
    const again = corruptible();
    const n1 = nodeOf(again, 'n1');
    const eni = n1.enis[0];
    if (eni === undefined) throw new Error('fixture has no shared ENI');
    for (let i = eni.ipv4.length; i <= n1.limits.ipv4PerEni; i++) {
      eni.ipv4.push({
        address: `10.9.0.${i}`,
        family: 'ipv4',
        primary: false,
        status: 'Valid',
        podKey: null,
      });
    }
    expect(eniLimits(again).some((v) => v.message.includes('IPv4 addresses, quota'))).toBe(true);
    const members = corruptible();
    nodeOf(members, 'n1').enis.push({ ...eni, id: 'eni-member', kind: 'member', status: 'InUse' });
    expect(eniLimits(members).some((v) => v.message.includes('member ENIs'))).toBe(true);
  });

  it('vSwitchConservation fires when an allocator loses track of an address, unless a call is in flight', () => {
    const input = corruptible();
    const eni = nodeOf(input, 'n1').enis[0];
    if (eni === undefined) throw new Error('fixture has no shared ENI');
    const idle = eni.ipv4.findIndex((a) => a.podKey === null && !a.primary);
    expect(idle).toBeGreaterThanOrEqual(0);
    eni.ipv4.splice(idle, 1);
    const violations = vSwitchConservation(input);
    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toMatch(/IPv4: the cloud has \d+ addresses on pod ENIs/);
    nodeOf(input, 'n1').inFlightByVSwitch['vsw-a'] = 1;
    expect(vSwitchConservation(input)).toEqual([]);
  });

  it('vSwitchConservation fires on a broken cloud identity and on lost IPv6 addresses', () => {
    const input = corruptible();
    const accounting = input.vSwitches[0];
    if (accounting === undefined) throw new Error('fixture has no vSwitch');
    accounting.ipv4.free -= 1;
    expect(vSwitchConservation(input).some((v) => v.message.includes('≠ usable'))).toBe(true);
    const v6 = corruptible();
    const eni = nodeOf(v6, 'x1').enis[0];
    eni?.ipv6.pop();
    expect(vSwitchConservation(v6).some((v) => v.message.includes('IPv6'))).toBe(true);
  });

  it('dualStack fires when a dual-stack pod lacks a family', () => {
    const input = corruptible();
    const pod = nodeOf(input, 'n1').pods[0];
    if (pod === undefined) throw new Error('fixture has no pod');
    pod.ipv6 = null;
    expect(dualStack(input)).toHaveLength(1);
  });

  it('exclusiveEni fires when an ENI serves two pods or a pod names the wrong ENI', () => {
    const input = corruptible();
    const x1 = nodeOf(input, 'x1');
    const [a, b] = x1.pods;
    const eniA = x1.enis.find((e) => e.id === a?.eniId);
    if (a === undefined || b === undefined || eniA === undefined) throw new Error('bad fixture');
    const v6 = eniA.ipv6[0];
    if (v6 === undefined) throw new Error('dual-stack ENI without IPv6');
    v6.podKey = b.key;
    const messages = exclusiveEni(input).map((v) => v.message);
    expect(messages.some((m) => m.includes(`serves ${a.key}, ${b.key}`))).toBe(true);
    const wrong = corruptible();
    const [c, d] = nodeOf(wrong, 'x1').pods;
    if (c === undefined || d === undefined) throw new Error('bad fixture');
    c.eniId = d.eniId;
    expect(exclusiveEni(wrong).length).toBeGreaterThan(0);
  });

  it('eniResource fires when aliyun/eni or aliyun/member-eni is over-committed', () => {
    const input = corruptible();
    const x1 = nodeOf(input, 'x1');
    x1.resources.aliyunEni.inUse = x1.resources.aliyunEni.allocatable + 1;
    expect(eniResource(input)).toHaveLength(1);
    const member = corruptible();
    nodeOf(member, 'n1').resources.memberEni.inUse = 1;
    expect(eniResource(member)).toHaveLength(1);
  });

  it('poolBounds fires above max_pool_size after a sync and below min_pool_size when settled', () => {
    const input = corruptible();
    const pool = nodeOf(input, 'n1').pool;
    expect(pool.settled).toBe(true);
    pool.idle = pool.maxPoolSize + pool.idlePrimaries + 1;
    pool.lastPodChangeUs = -1;
    pool.lastGrowUs = 0;
    expect(poolBounds(input).map((v) => v.message)[0]).toMatch(/idle addresses after the sync/);
    const low = corruptible();
    const lowPool = nodeOf(low, 'n1').pool;
    lowPool.idle = lowPool.minPoolSize - 1;
    expect(poolBounds(low).map((v) => v.message)[0]).toMatch(/settled with/);
  });

  it('checkAll throws an error that names the seed and the time', () => {
    const input = corruptible();
    const pod = nodeOf(input, 'n1').pods[0];
    if (pod === undefined) throw new Error('fixture has no pod');
    pod.ipv6 = null;
    expect(() => {
      checkAll(input, { seed: 61 });
    }).toThrow(InvariantViolationError);
    expect(() => {
      checkAll(input, { seed: 61 });
    }).toThrow(/SEED=61/);
    expect(() => {
      checkAll(input, { seed: 61, only: ['poolBounds'] });
    }).not.toThrow();
  });
});
