/**
 * The daemon pool's path in time: one shared pod on an idle node, every latency fixed (constant
 * cloud latencies, a random stream that draws 0 so Terway's jitter adds nothing), and the moment
 * its address is handed out asserted to the millisecond. Each expected figure is a sum whose
 * terms cite Terway's source (`pkg/factory/aliyun/aliyun.go` at tags v1.17.5 and v1.11.2; the
 * seed's 1.11.3 has no tag and reads as v1.11.2).
 */
import { describe, expect, it } from 'vitest';

import { terwayVersion } from '../../../models/terwayVersion.js';
import type { CloudApiAction } from '../../../models/cloudApiNames.js';
import type { RandomStream } from '../../../sim/contracts/random.js';
import type { SimCloudOverrides } from '../../../sim/cloud/index.js';
import { CLOUD_API_ACTIONS } from '../../../sim/cloud/options.js';
import type { AllocationResult } from '../../../sim/allocator/podRequest.js';
import { World, pod, seconds } from './harness.js';

/** Draws 0 for ever: `wait.Jitter(d, f)` is then exactly `d`. */
const ZERO_STREAM: RandomStream = {
  float: () => 0,
  fork: () => ZERO_STREAM,
};

const MS = 1_000;
// Every OpenAPI call takes a fixed time (the figures are assumptions in sim/cloud/options.ts;
// pinned here so the sum is exact).
const CREATE_MS = 400;
const ATTACH_CALL_MS = 200;
const DESCRIBE_MS = 100;
const ASSIGN_MS = 250;
const OTHER_CALL_MS = 300;
// The attach completes this long after AttachNetworkInterface returns (ASSUMED; pinned). Not a
// whole second, so no metadata look lands on the very moment it completes.
const ATTACH_COMPLETES_MS = 1_500;
// The kubelet's sandbox before CNI ADD (ASSUMED; pinned).
const SANDBOX_MS = 400;
// pkg/eni/local.go: the allocation worker collects requests for 300 ms before it calls the cloud.
const COALESCE_MS = 300;
// aliyun.go: metadataPollInterval.
const METADATA_POLL_MS = 1_000;

function fixed(ms: number): { medianUs: number; sigma: number; minUs: number; maxUs: number } {
  return { medianUs: ms * MS, sigma: 0, minUs: ms * MS, maxUs: ms * MS };
}

function pinnedCloud(): SimCloudOverrides {
  const callLatency: Partial<Record<CloudApiAction, ReturnType<typeof fixed>>> = {};
  for (const action of CLOUD_API_ACTIONS) callLatency[action] = fixed(OTHER_CALL_MS);
  callLatency.CreateNetworkInterface = fixed(CREATE_MS);
  callLatency.AttachNetworkInterface = fixed(ATTACH_CALL_MS);
  callLatency.DescribeNetworkInterfaces = fixed(DESCRIBE_MS);
  callLatency.DescribeVSwitches = fixed(DESCRIBE_MS);
  callLatency.AssignPrivateIpAddresses = fixed(ASSIGN_MS);
  return { callLatency, attachLatency: { ecs: fixed(ATTACH_COMPLETES_MS) } };
}

/**
 * An idle node with no ENI but its primary (min_pool_size 0); pods `names` call CNI ADD at
 * `addAtMs` each; returns when each got its address.
 */
function sharedPods(
  version: string,
  pods: readonly { readonly name: string; readonly addAtMs: number }[],
): Map<string, { readyMs: number; result: AllocationResult }> {
  const world = new World({ seed: 1, cloud: pinnedCloud(), allocatorRng: ZERO_STREAM });
  const node = world.addNode({
    name: 'n1',
    config: { terwayVersion: terwayVersion(version), minPoolSize: 0, maxPoolSize: 5 },
  });
  world.checkEveryEvent();
  const ready = new Map<string, { readyMs: number; result: AllocationResult }>();
  for (const { name, addAtMs } of pods) {
    world.engine.schedule(addAtMs * MS, () => {
      world.spawn(
        (function* () {
          const result = yield* node.allocate(pod(name));
          ready.set(name, { readyMs: world.engine.nowUs() / MS, result });
        })(),
      );
    });
  }
  world.runUntil(seconds(120));
  return ready;
}

describe('daemon pool: one shared pod on an idle node, to the millisecond', () => {
  it('Terway 1.17.5: create, attach, the metadata, the 2 s floor, the InUse describe', () => {
    // pkg/factory/aliyun/aliyun.go:CreateNetworkInterface at v1.17.5:
    const attachReturned =
      SANDBOX_MS + // CNI ADD reaches the daemon
      COALESCE_MS + // pkg/eni/local.go: the worker's 300 ms batch window
      DESCRIBE_MS + // vswitch.GetOne: DescribeVSwitches on an empty cache
      CREATE_MS + // ECS CreateNetworkInterface (the ENI with its first addresses)
      ATTACH_CALL_MS; // ECS AttachNetworkInterface (one call)
    // validateIPInMetadata: a look every 1 s, not at once; the ENI shows once attached (1.5 s).
    let metadataSeen = attachReturned + METADATA_POLL_MS;
    while (metadataSeen < attachReturned + ATTACH_COMPLETES_MS) metadataSeen += METADATA_POLL_MS;
    expect(metadataSeen).toBe(attachReturned + 2_000);
    // The MAC look is immediate (already listed); no IPv6. `<-timeout`: 2 s after the attach
    // (already past); then DescribeNetworkInterfaces (eni_ops, at once) finds it InUse.
    const floor = attachReturned + 2_000;
    const ready = Math.max(metadataSeen, floor) + DESCRIBE_MS;
    const seen = sharedPods('1.17.5', [{ name: 'p', addAtMs: SANDBOX_MS }]).get('p');
    expect(seen?.result.ok).toBe(true);
    expect(seen?.readyMs).toBe(ready);
    expect(seen?.readyMs).toBe(3_500);
  });

  it('Terway 1.11.2 (the seed’s 1.11.3): no floor and no describe after the metadata', () => {
    // aliyun.go:CreateNetworkInterface at v1.11.2: attach, then validateIPInMetadata and the
    // MAC look, and the ENI is up (the 2 s floor and the describe came in v1.13.2).
    const attachReturned = SANDBOX_MS + COALESCE_MS + DESCRIBE_MS + CREATE_MS + ATTACH_CALL_MS;
    const ready = attachReturned + 2 * METADATA_POLL_MS; // the second look sees it (1.5 s)
    const seen = sharedPods('1.11.2', [{ name: 'p', addAtMs: SANDBOX_MS }]).get('p');
    expect(seen?.result.ok).toBe(true);
    expect(seen?.readyMs).toBe(ready);
    expect(seen?.readyMs).toBe(3_400);
  });

  it('Terway 1.17.5: an assign costs the call and a metadata look (1 s, not at once)', () => {
    // The first pod creates the ENI with one address (the requests waiting); with
    // min_pool_size 0 no idle address is kept, so six pods at 60 s all wait for one assign.
    const pods = [
      { name: 'first', addAtMs: SANDBOX_MS },
      ...Array.from({ length: 6 }, (_, i) => ({ name: `later${i}`, addAtMs: 60_000 })),
    ];
    const seen = sharedPods('1.17.5', pods);
    const later = [...seen.entries()].filter(([name]) => name.startsWith('later'));
    expect(later.every(([, got]) => got.result.ok)).toBe(true);
    // pkg/eni/local.go's 300 ms window, one AssignPrivateIpAddresses for the six (a batch is at
    // most 10), and aliyun.go:AssignNIPv4's validateIPInMetadata (its first look, 1 s later,
    // sees them).
    const assigned = 60_000 + COALESCE_MS + ASSIGN_MS + METADATA_POLL_MS;
    expect(later.map(([, got]) => got.readyMs)).toEqual(Array(6).fill(assigned));
    expect(assigned).toBe(61_550);
  });
});
