/**
 * The exclusive-ENI path in time: one pod on an idle exclusive node, every latency fixed
 * (constant cloud latencies, a random stream that draws 0 so Terway's jitter adds nothing), and
 * the moment its CNI ADD returns asserted to the millisecond. Each expected figure is written as
 * a sum whose terms cite the Terway source (tags v1.17.5 and v1.11.2; the seed's 1.11.3 has no
 * tag and reads as v1.11.2).
 *
 * Then a burst: 200 exclusive pods at once, and the PodENI controller's workers
 * (`podENIMaxConcurrent` 10) cap the binds per second at 10 ÷ the per-pod hold the single pod
 * established.
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
// Every OpenAPI call takes the same fixed time (the ECS figures are assumptions in
// sim/cloud/options.ts; here they are pinned so the sum is exact).
const CREATE_MS = 400;
const ATTACH_CALL_MS = 200;
const DESCRIBE_MS = 100;
const OTHER_CALL_MS = 300;
const ATTACH_COMPLETES_MS = 2_000;
// The controlplane's Kubernetes side (models/terwayControlPlane.ts).
const KUBE_WRITE_MS = 10; // ASSUMED: one API-server write
const CACHE_WAIT_MS = 500; // common.WaitCreated / WaitRVChanged: PollUntilContextTimeout(500 ms, immediate)
// The kubelet's sandbox before CNI ADD (ASSUMED; pinned here).
const SANDBOX_MS = 400;

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
  return { callLatency, attachLatency: { ecs: fixed(ATTACH_COMPLETES_MS) } };
}

/** Binds one exclusive pod at 0, calls CNI ADD after the sandbox, returns when ADD is done. */
function oneExclusivePod(version: string): { readyMs: number; result: AllocationResult } {
  const world = new World({ seed: 1, cloud: pinnedCloud(), allocatorRng: ZERO_STREAM });
  const node = world.addNode({
    name: 'x1',
    mode: 'exclusive',
    config: { terwayVersion: terwayVersion(version) },
  });
  const request = pod('p', { kind: 'exclusive' });
  node.podBound(request);
  let readyUs = -1;
  let result: AllocationResult | undefined;
  world.engine.schedule(SANDBOX_MS * MS, () => {
    world.spawn(
      (function* () {
        result = yield* node.allocate(request);
        readyUs = world.engine.nowUs();
      })(),
    );
  });
  world.runUntil(seconds(200));
  if (result === undefined) throw new Error('CNI ADD did not return');
  return { readyMs: readyUs / MS, result };
}

describe('exclusive ENI: one pod on an idle node, to the millisecond', () => {
  it('Terway 1.17.5: pod controller, PodENI controller, NetworkInterface controller, daemon poll', () => {
    // pkg/controller/pod/pod_controller.go:podCreate → createENI, from the pod watch at binding:
    const podEniCreated =
      DESCRIBE_MS + // pkg/vswitch/vswitch.go:GetOne: DescribeVSwitches on an empty cache
      CREATE_MS + // CreateNetworkInterfaceV2 (IPCount 1)
      KUBE_WRITE_MS + // client.Create(NetworkInterface CR)
      CACHE_WAIT_MS + // common.WaitCreated(NetworkInterface)
      KUBE_WRITE_MS; // client.Create(PodENI); the PodENI controller starts from its watch
    // pkg/controller/pod-eni/eni_controller.go:attachENI → common.Attach: the CR to Binding
    const niBinding = podEniCreated + KUBE_WRITE_MS;
    // pkg/controller/eni/eni.go:attach: AttachNetworkInterface, time.Sleep(wait_eni_status
    // InitialDelay 3 s), DescribeNetworkInterfaces (InUse: the attach took 2 s), status Bind.
    const niBound = niBinding + ATTACH_CALL_MS + 3_000 + DESCRIBE_MS + KUBE_WRITE_MS;
    expect(niBound).toBe(4_340);
    // common.WaitStatus with wait_networkinterface_status: 2 s, then 1 s steps (jitter 0 here);
    // the first look at or after niBound sees Bind.
    let look = niBinding + 2_000;
    while (look < niBound) look += 1_000;
    expect(look).toBe(5_030);
    // client.Status().Update(podENI) → phase Bind.
    const podEniBound = look + KUBE_WRITE_MS;
    // pkg/eni/remote.go:allocateWithBackoff (the legacy daemon of an eniOnly node has no
    // notifier): a look at CNI ADD, then wait_podeni_status: 2 s, then 1 s steps.
    let daemonLook = SANDBOX_MS + 2_000;
    while (daemonLook < podEniBound) daemonLook += 1_000;
    const { readyMs, result } = oneExclusivePod('1.17.5');
    expect(result.ok).toBe(true);
    expect(readyMs).toBe(daemonLook);
    expect(readyMs).toBe(5_400);
  });

  it('Terway 1.11.2 (the seed’s 1.11.3): the PodENI controller attaches and polls itself', () => {
    // pod_controller.go:podCreate at v1.11.2: no NetworkInterface CR yet.
    const podEniCreated =
      DESCRIBE_MS + // vswitch GetOne: DescribeVSwitches
      CREATE_MS + // CreateNetworkInterface
      KUBE_WRITE_MS; // client.Create(PodENI)
    // eni_controller.go:attachENI at v1.11.2: AttachNetworkInterface, then
    // WaitForNetworkInterface(InUse, wait_eni_status 5 s / 1.5 / 0.5 / 8): a describe at once
    // (still Attaching), 5 s, a second describe (InUse); then the PodENI status to Bind.
    const podEniBound =
      podEniCreated + ATTACH_CALL_MS + DESCRIBE_MS + 5_000 + DESCRIBE_MS + KUBE_WRITE_MS;
    expect(podEniBound).toBe(5_920);
    // pkg/eni/remote.go at v1.11.2: wait_podeni_status 5 s / 1 / 0.3 / 20, no initial delay: a
    // look at CNI ADD, then every 5 s.
    let daemonLook = SANDBOX_MS;
    while (daemonLook < podEniBound) daemonLook += 5_000;
    const { readyMs, result } = oneExclusivePod('1.11.2');
    expect(result.ok).toBe(true);
    expect(readyMs).toBe(daemonLook);
    expect(readyMs).toBe(10_400);
  });
});

describe('exclusive ENI: a create that fails is requeued, not failed', () => {
  it('Terway 1.17.5: IpNotEnough blocks the vSwitch, the pod is requeued after 5 ms, GetOne takes the next', () => {
    const world = new World({ seed: 1, cloud: pinnedCloud(), allocatorRng: ZERO_STREAM });
    world.cloud.addVSwitch({ vSwitchId: 'vsw-b', zoneId: world.zoneId, cidrBlock: '10.9.0.0/24' });
    const node = world.addNode({
      name: 'x1',
      mode: 'exclusive',
      config: { terwayVersion: terwayVersion('1.17.5') },
    });
    const network = { kind: 'exclusive' as const, vSwitchIds: ['vsw-a', 'vsw-b'] };
    // A first pod warms the controller's vSwitch cache (pkg/vswitch: 20 min TTL), so the second
    // pod's sum has no DescribeVSwitches in it.
    const first = pod('p0', network);
    node.podBound(first);
    world.spawn(node.allocate(first));
    world.runUntil(seconds(60));
    const startMs = 60_000;
    // The next CreateNetworkInterface answers InvalidVSwitchId.IpNotEnough (injected: it returns
    // at once, with no call latency).
    world.failNext('controlplane', 'createNetworkInterface', 'InvalidVSwitchId.IpNotEnough');
    const request = pod('p1', network);
    node.podBound(request);
    let readyUs = -1;
    let result: AllocationResult | undefined;
    world.engine.schedule(SANDBOX_MS * MS, () => {
      world.spawn(
        (function* () {
          result = yield* node.allocate(request);
          readyUs = world.engine.nowUs();
        })(),
      );
    });
    world.runUntil(seconds(200));
    // pod_controller.go:createENI: the create fails, swPool.Block(vsw-a), podCreate returns the
    // error; controller-runtime's per-item limiter requeues after 5 ms × 2⁰; parse → GetOne
    // (ordered) skips the blocked vsw-a and takes vsw-b from the cache; then as for one pod.
    const podEniCreated =
      startMs +
      0 + // the failed CreateNetworkInterface (injected, immediate)
      5 + // workqueue.DefaultTypedControllerRateLimiter: 5 ms × 2⁰
      CREATE_MS + // CreateNetworkInterfaceV2 on vsw-b
      KUBE_WRITE_MS + // client.Create(NetworkInterface CR)
      CACHE_WAIT_MS + // common.WaitCreated(NetworkInterface)
      KUBE_WRITE_MS; // client.Create(PodENI)
    const niBinding = podEniCreated + KUBE_WRITE_MS; // eni_controller.go:attachENI → common.Attach
    // eni.go:attach: AttachNetworkInterface, 3 s (wait_eni_status InitialDelay), describe, Bind.
    const niBound = niBinding + ATTACH_CALL_MS + 3_000 + DESCRIBE_MS + KUBE_WRITE_MS;
    // common.WaitStatus (wait_networkinterface_status 2 s, then 1 s), then the PodENI to Bind.
    let look = niBinding + 2_000;
    while (look < niBound) look += 1_000;
    const podEniBound = look + KUBE_WRITE_MS;
    // remote.go:allocateWithBackoff: wait_podeni_status 2 s, then 1 s from CNI ADD.
    let daemonLook = startMs + SANDBOX_MS + 2_000;
    while (daemonLook < podEniBound) daemonLook += 1_000;
    expect(result?.ok).toBe(true);
    expect(result?.ok === true ? result.vSwitchId : null).toBe('vsw-b');
    expect(readyUs / MS).toBe(daemonLook);
    expect(readyUs / MS).toBe(65_400);
    // One create per vSwitch tried: the failed one on vsw-a, then vsw-b (and the first pod's).
    const creates = world.callsOf('createNetworkInterface', 'controlplane');
    expect(creates.map((call) => (call.request as { vSwitchId: string }).vSwitchId)).toEqual([
      'vsw-a',
      'vsw-a',
      'vsw-b',
    ]);
  });
});

describe('exclusive ENI: a burst is paced by the PodENI controller’s workers', () => {
  it('200 pods at once bind no faster than podENIMaxConcurrent ÷ the per-pod hold', () => {
    // The per-pod hold of a PodENI worker at 1.17.5, from the single-pod sum above: from
    // common.Attach's write to the PodENI's Bind write, then WaitRVChanged.
    const holdMs = KUBE_WRITE_MS + (5_030 - 1_030) + KUBE_WRITE_MS + CACHE_WAIT_MS;
    const podEniMaxConcurrent = 10;
    const world = new World({ seed: 7, cloud: pinnedCloud(), allocatorRng: ZERO_STREAM });
    const nodes = Array.from({ length: 30 }, (_, i) =>
      world.addNode({ name: `x${i}`, mode: 'exclusive' }),
    );
    let ready = 0;
    for (let i = 0; i < 200; i++) {
      const node = nodes[i % nodes.length];
      if (node === undefined) throw new Error('no node');
      const request = pod(`b${i}`, { kind: 'exclusive' });
      node.podBound(request);
      world.spawn(
        (function* () {
          const result = yield* node.allocate(request);
          if (result.ok) ready++;
        })(),
      );
    }
    // The moment each PodENI turns Bind (the controller's write), watched event by event.
    const boundAtUs = new Map<string, number>();
    const store = world.controlPlane.podEnis.store;
    while (ready < 200 && world.engine.nowUs() < seconds(600)) {
      world.engine.run({ eventsMax: 1, untilUs: seconds(600) });
      for (const record of store.values()) {
        if (record.phase === 'Bind' && !boundAtUs.has(record.key)) {
          boundAtUs.set(record.key, world.engine.nowUs());
        }
      }
    }
    // 30 nodes × 7 ENIs hold all 200 pods.
    expect(ready).toBe(200);
    expect(boundAtUs.size).toBe(200);
    // In any window of the hold's length, at most podENIMaxConcurrent pods were set up.
    const binds = [...boundAtUs.values()].sort((a, b) => a - b);
    const windowUs = holdMs * MS;
    let most = 0;
    for (let i = 0, j = 0; i < binds.length; i++) {
      while ((binds[i] ?? 0) - (binds[j] ?? 0) >= windowUs) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(podEniMaxConcurrent);
    // …and the workers were the bottleneck: some window holds exactly that many.
    expect(most).toBe(podEniMaxConcurrent);
    // And the burst takes at least 200 ÷ 10 holds.
    const spanMs = ((binds.at(-1) ?? 0) - (binds[0] ?? 0)) / MS;
    expect(spanMs).toBeGreaterThanOrEqual((200 / podEniMaxConcurrent - 1) * holdMs);
  });
});
