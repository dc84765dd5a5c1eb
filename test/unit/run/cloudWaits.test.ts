/**
 * The split of a pod's wait for the cloud over the calls on its ENI (sim/run/cloudWaits.ts):
 * throttling apart, an attach until the ENI is ready, failed creates tied by their ClientToken,
 * and parts that always sum to the window.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CLOUD_WAIT_PHASES, type CloudWaitPhase } from '../../../models/results/index.js';
import { CloudWaitLog } from '../../../sim/run/cloudWaits.js';

function byPhase(parts: readonly number[]): Record<CloudWaitPhase, number> {
  return Object.fromEntries(CLOUD_WAIT_PHASES.map((p, i) => [p, parts[i] ?? NaN])) as Record<
    CloudWaitPhase,
    number
  >;
}

describe('CloudWaitLog', () => {
  it('charges a throttled create, its backoff, the retry, the attach and its settling', () => {
    const log = new CloudWaitLog();
    const token = { networkInterfaceId: null, clientToken: 'node-1-1' };
    // A create waits 1 s for a client token and is refused with Throttling at 1.2 s.
    log.issued('CreateNetworkInterface', token, 0, 1_000_000)(1_200_000, 'Throttling', null);
    // The retry at 2 s succeeds at 2.5 s and returns eni-1.
    log.issued('CreateNetworkInterface', token, 2_000_000, 2_000_000)(2_500_000, null, 'eni-1');
    const eni = { networkInterfaceId: 'eni-1', clientToken: null };
    log.issued('AttachNetworkInterface', eni, 2_500_000, 2_500_000)(2_600_000, null, null);
    // The pod waited from 0.5 s; the ENI was ready (the pod got its address) at 6 s.
    const parts = byPhase(log.split('eni-1', 500_000, 6_000_000));
    expect(parts).toEqual({
      cloudThrottled: 1_500_000,
      cloudCreate: 500_000,
      cloudAttach: 3_500_000,
      cloudAssign: 0,
      cloudOther: 0,
    });
  });

  it('stops charging an attach once a pod got an address on the ENI', () => {
    const log = new CloudWaitLog();
    const eni = { networkInterfaceId: 'eni-2', clientToken: null };
    log.issued('AttachNetworkInterface', eni, 0, 0)(100_000, null, null);
    log.served('eni-2', 3_000_000);
    const parts = byPhase(log.split('eni-2', 1_000_000, 5_000_000));
    expect(parts.cloudAttach).toBe(2_000_000);
    expect(parts.cloudOther).toBe(2_000_000);
  });

  it('charges a wait with no call on the ENI to cloudOther, and an assign in flight to assign', () => {
    const log = new CloudWaitLog();
    expect(byPhase(log.split('eni-3', 0, 700)).cloudOther).toBe(700);
    const eni = { networkInterfaceId: 'eni-3', clientToken: null };
    log.issued('AssignPrivateIpAddresses', eni, 1_000, 1_000)(1_400, null, null);
    const parts = byPhase(log.split('eni-3', 900, 1_400));
    expect(parts.cloudOther).toBe(100);
    expect(parts.cloudAssign).toBe(400);
  });

  it('splits any window into non-negative parts that sum to it (invariant)', () => {
    const call = fc.record({
      action: fc.constantFrom(
        'CreateNetworkInterface',
        'AttachNetworkInterface',
        'AssignPrivateIpAddresses',
        'AssignIpv6Addresses',
      ),
      issuedUs: fc.integer({ min: 0, max: 10_000 }),
      waitUs: fc.integer({ min: 0, max: 2_000 }),
      latencyUs: fc.integer({ min: 0, max: 3_000 }),
      throttled: fc.boolean(),
      open: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(call, { maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 15_000 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 15_000 }),
        fc.integer({ min: 0, max: 15_000 }),
        (calls, served, a, b) => {
          const log = new CloudWaitLog();
          for (const c of [...calls].sort((x, y) => x.issuedUs - y.issuedUs)) {
            const create = c.action === 'CreateNetworkInterface';
            const done = log.issued(
              c.action,
              { networkInterfaceId: create ? null : 'eni', clientToken: create ? 't' : null },
              c.issuedUs,
              c.issuedUs + c.waitUs,
            );
            if (!c.open) {
              const failed = c.throttled ? 'Throttling' : null;
              done(
                c.issuedUs + c.waitUs + c.latencyUs,
                failed,
                create && !c.throttled ? 'eni' : null,
              );
            }
          }
          for (const t of served) log.served('eni', t);
          const [fromUs, toUs] = a <= b ? [a, b] : [b, a];
          const parts = log.split('eni', fromUs, toUs);
          expect(parts).toHaveLength(CLOUD_WAIT_PHASES.length);
          for (const us of parts) expect(us).toBeGreaterThanOrEqual(0);
          expect(parts.reduce((x, y) => x + y, 0)).toBe(toUs - fromUs);
        },
      ),
      { numRuns: 300, seed: 18 },
    );
  });
});
