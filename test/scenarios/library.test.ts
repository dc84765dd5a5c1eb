/**
 * The scenario library, run end to end. Every expectation is derived here from the catalog and
 * the formulas (EniQuantity − 1, 2^(32−p) − 4, EniTotalQuantity − EniQuantity, …) or from what
 * the scenario file says; none is a value the simulator printed for itself. Each run is checked
 * against the results JSON Schema and, except where noted, with every invariant checker on.
 */
import { describe, expect, it } from 'vitest';

import { US_PER_SECOND } from '../../sim/contracts/clock.js';
import { instanceType, load, libraryFile, runLibrary, runLoaded } from './helpers.js';

const MINUTE_S = 60;

describe('Scenario: exclusive-eni-node-pool (the seed: 8-ENI nodes behind eniType ENI)', () => {
  const run = runLibrary('exclusive-eni-node-pool');
  const pool = run.results.nodePools.find((candidate) => candidate.name === 'exclusive-eni');
  const type = instanceType(run.scenario, 'ecs.c7.4xlarge');
  const eniLimit = type.eniQuantity - 1;
  const streamPods = 42;

  it('density: at most EniQuantity − 1 = 7 pods per 8-ENI node, and exactly 7 where pods suffice', () => {
    expect(type.eniQuantity).toBe(8);
    expect(pool?.density).toHaveLength(1);
    const density = pool?.density[0];
    expect(density?.podLimitForMode).toBe(eniLimit);
    expect(density?.podsPerNodeMax).toBe(Math.min(eniLimit, streamPods));
    expect(density?.networkPodsPerNodeMax).toBe(Math.min(eniLimit, streamPods));
  });

  it('the autoscaler grows the pool to ceil(42 / 7) = 6 nodes, one ENI per pod', () => {
    const nodes = Math.ceil(streamPods / eniLimit);
    expect(pool?.nodesAtEnd).toBe(nodes);
    const enis = pool?.enisPerNodeAtEnd.histogram ?? [];
    // Every stream pod holds its own ENI; the pool's nodes hold no other.
    expect(enis.reduce((sum, entry) => sum + entry.value * entry.nodes, 0)).toBe(streamPods);
    expect(pool?.enisPerNodeAtEnd.max).toBeLessThanOrEqual(eniLimit);
    const scaleUps = run.results.autoscaler.filter((record) => record.action === 'scaleUp');
    expect(scaleUps.reduce((sum, record) => sum + record.nodes, 0)).toBe(nodes - 4);
    expect(scaleUps[0]?.atS).toBeGreaterThanOrEqual(15 * MINUTE_S);
  });

  it('the 14 pods beyond 4 × 7 were unschedulable for aliyun/eni, then all ran', () => {
    const reasons = run.results.pods.unschedulableByReason;
    expect(reasons.map((entry) => entry.reason)).toContain('Insufficient aliyun/eni');
    expect(reasons.find((entry) => entry.reason === 'Insufficient aliyun/eni')?.pods).toBe(
      streamPods - 4 * eniLimit,
    );
    expect(run.results.pods.atEnd.running).toBe(60 + streamPods);
    expect(run.results.latency.podNetworkReadyMs.exclusive.count).toBe(streamPods);
    expect(run.results.latency.podNetworkReadyMs.shared.count).toBe(60);
  });

  it("every exclusive pod gets its own ENI (ENI id = the pod's, none shared)", () => {
    const exclusive = run.network.filter((event) => event.mode === 'exclusive');
    expect(new Set(exclusive.map((event) => event.eniId)).size).toBe(exclusive.length);
    expect(exclusive.every((event) => event.pool === 'exclusive-eni')).toBe(true);
  });
});

describe('Scenario: vswitch-exhaustion (a /24 shared by nodes and pods)', () => {
  const run = runLibrary('vswitch-exhaustion');
  const vSwitch = run.results.vSwitches[0];
  const pool = run.results.nodePools[0];
  const used = run.scenario.cluster.vSwitches[0]?.usedIpv4Addresses ?? -1;

  it('a /24 holds 2^8 − 4 = 252 addresses, and they run out', () => {
    expect(vSwitch?.usableAddresses).toBe(2 ** 8 - 4);
    expect(vSwitch?.atEnd.freeAddresses).toBe(0);
    expect(vSwitch?.exhaustedAtS).not.toBeNull();
    expect(vSwitch?.freeAddressesMin).toBe(0);
  });

  it('what is left for pods is 252 − in use − node primaries, counted through the ENIs', () => {
    const nodes = pool?.nodesAtEnd ?? 0;
    const atEnd = vSwitch?.atEnd;
    expect(atEnd?.nodePrimaryAddresses).toBe(nodes);
    // Each ENI of the pool has exactly one primary address.
    const enis = (pool?.enisPerNodeAtEnd.histogram ?? []).reduce(
      (sum, entry) => sum + entry.value * entry.nodes,
      0,
    );
    expect(atEnd?.eniPrimaryAddresses).toBe(enis);
    const podAddresses = 252 - used - nodes;
    expect((atEnd?.eniPrimaryAddresses ?? 0) + (atEnd?.eniSecondaryAddresses ?? 0)).toBe(
      podAddresses,
    );
    // Pods hold at most those addresses; the rest of the 320 wait in network set-up.
    const networked = run.results.pods.atEnd.running + run.results.pods.atEnd.starting;
    expect(networked).toBeLessThanOrEqual(podAddresses);
    expect(run.results.pods.atEnd.networkSetup).toBe(320 - networked);
    expect(run.results.pods.atEnd.networkSetup).toBeGreaterThan(0);
  });

  it('pods wait in network set-up, not as unschedulable: the autoscaler cannot see addresses', () => {
    expect(run.results.pods.atEnd.unschedulable).toBe(0);
    const failures = run.results.pods.sandboxFailures.map((entry) => entry.reason);
    expect(failures).toContain('VSwitchExhausted');
  });
});

describe('Scenario: burst-scale-out (200 nodes × 30 pods against the API flow control)', () => {
  const run = runLibrary('burst-scale-out', { checkInvariants: false });

  it('meets throttling: throttled calls > 0 under the account flow limit', () => {
    expect(run.results.api.totals.throttled).toBeGreaterThan(0);
    const throttled = run.results.api.byAction.reduce((sum, api) => sum + api.throttled, 0);
    expect(throttled).toBe(run.results.api.totals.throttled);
    const slo = run.results.slos.find((verdict) => verdict.name === 'throttledCalls');
    expect(slo?.pass).toBe(false);
  });

  it('places 200 × 30 pods on 200 nodes, within (4 − 1) × 15 = 45 pods per node', () => {
    const type = instanceType(run.scenario, 'ecs.g7.2xlarge');
    const density = run.results.nodePools[0]?.density[0];
    expect(density?.nodes).toBe(200);
    expect(density?.podLimitForMode).toBe((type.eniQuantity - 1) * type.ipv4PerEni);
    expect(density?.podsPerNodeMax).toBeLessThanOrEqual(45);
    expect(run.results.pods.atEnd.running).toBe(200 * 30);
  });

  it('each series bucket sums to the totals', () => {
    for (const api of run.results.api.byAction) {
      const sum = (series: readonly number[]) => series.reduce((total, count) => total + count, 0);
      expect(sum(api.series.calls)).toBe(api.calls);
      expect(sum(api.series.throttled)).toBe(api.throttled);
      expect(sum(api.series.errors)).toBe(api.errors);
      expect(api.series.calls).toHaveLength(
        run.results.simulatedDurationS / run.results.sampleStepS,
      );
    }
  });
});

describe('Scenario: terway-upgrade-exclusive-pool (1.10 → 1.11 makes the pool possible)', () => {
  it('the exclusive pool is admitted only after the upgrade', () => {
    const run = runLibrary('terway-upgrade-exclusive-pool');
    const upgrade = run.scenario.timeline.events.find((event) => event.type === 'UpgradeTerway');
    const pool = run.results.nodePools.find((candidate) => candidate.mode === 'exclusive');
    expect(upgrade?.atUs).toBe(10 * MINUTE_S * US_PER_SECOND);
    expect(pool?.admittedAtS).toBeGreaterThanOrEqual((upgrade?.atUs ?? 0) / US_PER_SECOND);
    expect(run.results.terway.versionAtEnd).toBe('1.11.1');
    const exclusive = run.network.filter((event) => event.mode === 'exclusive');
    expect(exclusive.length).toBeGreaterThan(0);
    expect(exclusive.every((event) => event.atUs > (upgrade?.atUs ?? 0))).toBe(true);
  });

  it('a pool added before the upgrade waits for it (the runtime gate, loader bypassed)', () => {
    const scenario = load(libraryFile('terway-upgrade-exclusive-pool'));
    const earlyUs = 5 * MINUTE_S * US_PER_SECOND;
    const events = scenario.timeline.events
      .map((event) => (event.type === 'AddNodePool' ? { ...event, atUs: earlyUs } : event))
      .sort((a, b) => a.atUs - b.atUs);
    const early = { ...scenario, timeline: { ...scenario.timeline, events } };
    const run = runLoaded(early);
    const pool = run.results.nodePools.find((candidate) => candidate.mode === 'exclusive');
    expect(pool?.createdAtS).toBe(5 * MINUTE_S);
    expect(pool?.admittedAtS).toBe(10 * MINUTE_S);
    const exclusive = run.network.filter((event) => event.mode === 'exclusive');
    expect(exclusive.every((event) => event.atUs > 10 * MINUTE_S * US_PER_SECOND)).toBe(true);
  });
});

describe('Scenario: dual-stack-rollout (one type fails IPv4/IPv6 parity)', () => {
  const run = runLibrary('dual-stack-rollout');

  it('a node runs dual-stack exactly when its IPv6 per ENI equals its IPv4 per ENI', () => {
    for (const pool of run.results.nodePools) {
      for (const density of pool.density) {
        const type = instanceType(run.scenario, density.instanceType);
        const parity = type.ipv6PerEni === type.ipv4PerEni;
        expect(density.stack).toBe(parity ? 'dual' : 'ipv4');
      }
    }
    const g6 = instanceType(run.scenario, 'ecs.g6.2xlarge');
    expect(g6.ipv6PerEni).not.toBe(g6.ipv4PerEni);
  });

  it('pods on the parity-failing type get IPv4 only; the others both families', () => {
    const byPool = (name: string) => run.network.filter((event) => event.pool === name);
    expect(byPool('g6-legacy').length).toBeGreaterThan(0);
    expect(byPool('g6-legacy').every((event) => event.ipv4 !== null && event.ipv6 === null)).toBe(
      true,
    );
    expect(byPool('g7-dual').length).toBeGreaterThan(0);
    expect(byPool('g7-dual').every((event) => event.ipv4 !== null && event.ipv6 !== null)).toBe(
      true,
    );
  });

  it('the rolling update finishes with every replica of the new revision running', () => {
    const update = run.results.rollouts.find((rollout) => rollout.kind === 'update');
    expect(update?.startS).toBe(20 * MINUTE_S);
    expect(update?.finishedS).not.toBeNull();
    expect(run.results.pods.atEnd.running).toBe(240);
  });
});

describe('Scenario: trunk-fixed-ip (member ENIs, Fixed IPs for StatefulSet pods)', () => {
  it('fixed-IP pods keep their address across restarts (rolling update, scale down and up)', () => {
    const run = runLibrary('trunk-fixed-ip');
    expect(run.network.every((event) => event.mode === 'trunk')).toBe(true);
    const byPod = new Map<string, { uid: string; ipv4: string | null }[]>();
    for (const event of run.network) {
      byPod.set(event.pod, [...(byPod.get(event.pod) ?? []), event]);
    }
    const restarted = [...byPod.values()].filter((incarnations) => incarnations.length > 1);
    // All 24 were replaced by the update at 20m; pods 16-23 again by the scale down and up.
    expect(restarted).toHaveLength(24);
    for (const incarnations of restarted) {
      expect(new Set(incarnations.map((event) => event.uid)).size).toBe(incarnations.length);
      expect(new Set(incarnations.map((event) => event.ipv4)).size).toBe(1);
    }
    expect(run.results.pods.reusedAllocations).toBe(run.network.length - 24);
    // Their addresses come from the PodNetworking's vSwitch, not the nodes'.
    expect(run.network.every((event) => event.ipv4?.startsWith('172.18.') === true)).toBe(true);
  });

  it('one node takes at most EniTotalQuantity − EniQuantity member-ENI pods', () => {
    const run = runLoaded(load('test/scenarios/fixtures/trunk-one-node.yaml'));
    const type = instanceType(run.scenario, 'ecs.g7.xlarge');
    const members = (type.eniTotalQuantity ?? 0) - type.eniQuantity;
    expect(members).toBeGreaterThan(0);
    const pool = run.results.nodePools[0];
    expect(pool?.density[0]?.memberEniLimit).toBe(members);
    expect(pool?.density[0]?.podsPerNodeMax).toBe(members);
    expect(pool?.memberEnisPerNodeAtEnd.max).toBe(members);
    expect(run.results.pods.atEnd.unschedulable).toBe(24 - members);
    expect(run.results.pods.unschedulableByReason[0]?.reason).toBe(
      'Insufficient aliyun/member-eni',
    );
  });
});

describe('Scenario: shared-eni-web-fleet (warm pool against ACK defaults)', () => {
  const run = runLibrary('shared-eni-web-fleet');
  const warmUpS = 5 * MINUTE_S;
  const reports = run.network.filter(
    (event) => event.workload === 'default/report' && event.atUs > warmUpS * US_PER_SECOND,
  );

  it('once the warm pool is filled, pods on the tuned pool are ready without a cloud call', () => {
    const tuned = reports.filter((event) => event.pool === 'web-tuned');
    expect(tuned.length).toBeGreaterThan(0);
    expect(tuned.every((event) => event.warm)).toBe(true);
  });

  it('on ACK defaults (min_pool_size 0) some report pods wait for AssignPrivateIpAddresses', () => {
    const defaults = reports.filter((event) => event.pool === 'web-default');
    expect(defaults.some((event) => !event.warm)).toBe(true);
  });

  it('the rolling update with maxSurge 25% and maxUnavailable 0 finishes', () => {
    const update = run.results.rollouts.find((rollout) => rollout.kind === 'update');
    expect(update?.finishedS).not.toBeNull();
    expect(run.results.pods.atEnd.running).toBe(300);
  });
});

describe('Scenario: lingjun-gpu-exclusive (LENIs in exclusive mode)', () => {
  const run = runLibrary('lingjun-gpu-exclusive');

  it('Lingjun pods get their own LENI, at most LeniQuota − 1 per node', () => {
    const pool = run.results.nodePools.find((candidate) => candidate.platform === 'lingjun');
    const type = instanceType(run.scenario, 'efg2.C48eNH3ebn');
    expect(pool?.mode).toBe('exclusive');
    expect(pool?.density[0]?.podLimitForMode).toBe(type.eniQuantity - 1);
    expect(pool?.density[0]?.podsPerNodeMax).toBeLessThanOrEqual(type.eniQuantity - 1);
    const lingjun = run.network.filter((event) => event.pool === pool?.name);
    expect(lingjun.length).toBeGreaterThan(0);
    expect(lingjun.every((event) => event.mode === 'exclusive')).toBe(true);
    const leniCalls = run.results.api.byAction.find(
      (api) => api.action === 'CreateElasticNetworkInterface',
    );
    // One LENI per pod that got one, plus one per sandbox that timed out and was retried (its
    // LENI rolled back): each PodENI worker (podENIMaxConcurrent 10) holds through the LENI's
    // 18 s status wait, so 32 pods at once queue for up to three rounds.
    const failed = run.results.pods.sandboxFailures.reduce((sum, entry) => sum + entry.count, 0);
    expect(leniCalls?.calls).toBe(lingjun.length + failed);
  });
});

describe('Scenario: every library scenario is deterministic', () => {
  it('same seed gives byte-identical results; another seed differs', () => {
    const first = runLibrary('exclusive-eni-node-pool', { checkInvariants: false, seed: 7 });
    const again = runLibrary('exclusive-eni-node-pool', { checkInvariants: false, seed: 7 });
    const other = runLibrary('exclusive-eni-node-pool', { checkInvariants: false, seed: 8 });
    expect(JSON.stringify(again.results)).toBe(JSON.stringify(first.results));
    expect(other.results.engine.traceHash).not.toBe(first.results.engine.traceHash);
    expect(JSON.stringify(other.results)).not.toBe(JSON.stringify(first.results));
  });
});

describe('Scenario: existing nodes join an exclusive pool with their ENIs attached', () => {
  it('their old ENIs count against EniQuantity: E − 1 − attached pod ENIs per node', () => {
    const run = runLoaded(load('test/scenarios/fixtures/existing-nodes-exclusive.yaml'));
    const event = run.scenario.timeline.events[0];
    if (event?.type !== 'AddExistingNodes') throw new Error('expected AddExistingNodes');
    const type = event.instanceType;
    const podEnis = type.eniQuantity - 1 - event.attachedEnis;
    const density = run.results.nodePools[0]?.density[0];
    // The scheduler still sees aliyun/eni = E − 1 and binds that many pods per node…
    expect(density?.podLimitForMode).toBe(type.eniQuantity - 1);
    expect(density?.podsPerNodeMax).toBe(type.eniQuantity - 1);
    // …but only E − 1 − attached of them can get an ENI; the rest fail with the ENI limit.
    expect(density?.networkPodsPerNodeMax).toBe(podEnis);
    expect(run.results.pods.atEnd.running).toBe(event.count * podEnis);
    expect(run.results.pods.atEnd.networkSetup).toBe(14 - event.count * podEnis);
    // Their attach fails with EniPerInstanceLimitExceeded; Terway's NetworkInterface controller
    // fails the reconcile and retries (pkg/controller/eni/eni.go:attach), so the daemon's
    // wait_podeni_status runs out: the sandbox fails with a timeout.
    expect(run.results.pods.sandboxFailures.map((entry) => entry.reason)).toContain('Timeout');
    // Every node ends with all E − 1 slots taken: the old ENIs plus the pods' own.
    expect(run.results.nodePools[0]?.enisPerNodeAtEnd.histogram).toEqual([
      { value: type.eniQuantity - 1, nodes: event.count },
    ]);
  });
});

describe('Scenario: cloud fault windows (spec.cloud.faults)', () => {
  it('calls fail with the given code inside the window only, and pods get networks after it', () => {
    const scenario = load(libraryFile('exclusive-eni-node-pool'));
    const untilUs = 3 * MINUTE_S * US_PER_SECOND;
    const faulty = {
      ...scenario,
      cloud: {
        ...scenario.cloud,
        faults: [
          {
            action: 'AttachNetworkInterface' as const,
            errorCode: 'InternalError' as const,
            probability: 1,
            fromUs: 0,
            untilUs,
          },
        ],
      },
    };
    const run = runLoaded(faulty, { untilUs: 10 * MINUTE_S * US_PER_SECOND });
    const attach = run.results.api.byAction.find((api) => api.action === 'AttachNetworkInterface');
    expect(attach?.errorsByCode['InternalError']).toBeGreaterThan(0);
    expect(attach?.errors).toBe(attach?.errorsByCode['InternalError']);
    const windowBuckets = untilUs / US_PER_SECOND / run.results.sampleStepS;
    const errorsAfter = attach?.series.errors.slice(windowBuckets) ?? [];
    expect(errorsAfter.every((count) => count === 0)).toBe(true);
    // Nothing could attach in the window: every pod's network came after it, and all came.
    expect(run.network.length).toBe(60 + 28);
    expect(run.network.every((event) => event.atUs >= untilUs)).toBe(true);
  });
});
