import { describe, expect, it } from 'vitest';
import {
  CLOUD_API_ACTIONS,
  cloudDefaults,
  resolveCloudOptions,
  TERWAY_CLIENT_RATE_PER_MINUTE,
} from '../../../sim/cloud/index.js';

describe('cloud options', () => {
  it("carries Terway's per-minute client limits (ratelimit.go), burst = the per-minute value", () => {
    expect(TERWAY_CLIENT_RATE_PER_MINUTE).toMatchObject({
      CreateNetworkInterface: 500,
      AttachNetworkInterface: 500,
      DeleteNetworkInterface: 500,
      DetachNetworkInterface: 400,
      AssignPrivateIpAddresses: 400,
      UnassignPrivateIpAddresses: 400,
      AssignIpv6Addresses: 400,
      UnassignIpv6Addresses: 400,
      DescribeNetworkInterfaces: 800,
      DescribeVSwitches: 300,
      AssignLeniPrivateIpAddress: 300,
      AttachElasticNetworkInterface: 300,
      DetachElasticNetworkInterface: 300,
      ListElasticNetworkInterfaces: 6000,
      CreateElasticNetworkInterface: 1200,
      DeleteElasticNetworkInterface: 1200,
      GetNodeInfoForPod: 6000,
      // Not in the table: Terway's default.
      UnassignLeniPrivateIpAddress: 500,
      ListLeniPrivateIpAddresses: 500,
      DescribeNode: 500,
      DescribeNodeType: 500,
    });
    expect(CLOUD_API_ACTIONS).toHaveLength(21);
    expect(cloudDefaults.clientRateLimits.DetachNetworkInterface).toEqual({
      count: 400,
      periodUs: 60_000_000,
      burst: 400,
    });
  });

  it("carries ACK's parallelism limits: 500 shared-ENI nodes, 100 ENI pods, eniMaxConcurrent 300", () => {
    expect(cloudDefaults.parallelism).toEqual({
      sharedEniNodesMax: 500,
      eniPodsMax: 100,
      controllerEniMax: 300,
    });
  });

  it('turns faults and the account limit off by default', () => {
    const resolved = resolveCloudOptions();
    expect(resolved.accountRateLimits).toEqual({});
    expect(resolved.ipNotEnoughAsQuotaExceededProbability).toBe(0);
    for (const action of CLOUD_API_ACTIONS) {
      expect(resolved.faults[action]).toEqual({
        throttlingProbability: 0,
        internalErrorProbability: 0,
        conflictProbability: 0,
      });
    }
  });

  it('moves the clamps with an overridden median unless they are given', () => {
    const resolved = resolveCloudOptions({
      attachLatency: { ecs: { medianUs: 4_000_000 } },
      callLatency: { CreateNetworkInterface: { medianUs: 800_000, maxUs: 900_000 } },
    });
    expect(resolved.attachLatency.ecs).toEqual({
      medianUs: 4_000_000,
      sigma: 0.3,
      minUs: 1_000_000,
      maxUs: 240_000_000,
    });
    expect(resolved.callLatency.CreateNetworkInterface).toEqual({
      medianUs: 800_000,
      sigma: 0.5,
      minUs: 80_000,
      maxUs: 900_000,
    });
  });

  it('names the offending value of a bad override', () => {
    expect(() =>
      resolveCloudOptions({ callLatency: { DescribeVSwitches: { sigma: -1 } } }),
    ).toThrow(/callLatency.DescribeVSwitches: sigma must be a finite number >= 0, got -1/);
    expect(() =>
      resolveCloudOptions({ clientRateLimits: { AssignPrivateIpAddresses: { perMinute: 0 } } }),
    ).toThrow(/AssignPrivateIpAddresses: count must be a positive integer, got 0/);
    expect(() => resolveCloudOptions({ statsBucketUs: 1.5 })).toThrow(/statsBucketUs/);
  });
});
