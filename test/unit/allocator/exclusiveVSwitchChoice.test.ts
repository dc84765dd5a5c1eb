/**
 * Which vSwitch an exclusive ENI comes from. Terway's pod controller picks it with
 * `SwitchPool.GetOne` and the pod network's `vSwitchSelectOptions`
 * (`pkg/controller/pod/pod_controller_default.go:ParsePodNetworksFromAnnotation`; the fall-back
 * path without a PodNetworking calls `GetOne` with no options, `pod_controller.go:parse`), never
 * with eni-config's `vswitch_selection_policy`: `ordered` (the PodNetworking CRD's default) is
 * the first vSwitch in list order that has addresses, `most` the one with the most
 * (`pkg/vswitch/vswitch.go:GetOne`). The daemon maps eni-config's `ordered` to `most`
 * (`daemon/config.go:getConfig`).
 */
import { describe, expect, it } from 'vitest';

import { parsePodNetworksAnnotation } from '../../../models/podNetworksAnnotation.js';
import type { PodRequest } from '../../../sim/allocator/podRequest.js';
import { World, pod, seconds } from './harness.js';

/**
 * A world with two more vSwitches in the node's zone: a small one (a /27: 28 usable addresses
 * after the 4 the cloud reserves, `smallInUse` of them taken outside the simulation) and a /22.
 */
function twoVSwitchWorld(smallInUse = 0): World {
  const world = new World({ seed: 3 });
  world.cloud.addVSwitch({
    vSwitchId: 'vsw-small',
    zoneId: world.zoneId,
    cidrBlock: '10.1.0.0/27',
    ipv4InUseAtStart: smallInUse,
  });
  world.cloud.addVSwitch({
    vSwitchId: 'vsw-large',
    zoneId: world.zoneId,
    cidrBlock: '10.2.0.0/22',
  });
  return world;
}

/** The vSwitch of each exclusive pod's ENI, in pod order. */
function vSwitchesOf(world: World, requests: readonly PodRequest[]): string[] {
  const node = world.addNode({
    name: 'x1',
    mode: 'exclusive',
    // eni-config's policy: random. The pod controller must not use it.
    config: { vswitchSelectionPolicy: 'random' },
  });
  const picked: string[] = [];
  for (const request of requests) {
    node.podBound(request);
    world.spawn(
      (function* () {
        const result = yield* node.allocate(request);
        picked.push(result.ok ? result.vSwitchId : `failed:${result.reason}`);
      })(),
    );
    world.runFor(seconds(30));
  }
  return picked;
}

const NETWORK = ['vsw-small', 'vsw-large'];

describe('exclusive ENI: the vSwitch follows the pod network’s vSwitchSelectionPolicy', () => {
  it('ordered (the default): the first vSwitch in the list with addresses, every time', () => {
    const world = twoVSwitchWorld();
    const requests = Array.from({ length: 5 }, (_, i) =>
      pod(`o${i}`, { kind: 'exclusive', vSwitchIds: NETWORK }),
    );
    expect(vSwitchesOf(world, requests)).toEqual(Array(5).fill('vsw-small'));
  });

  it('most: the vSwitch with the most available addresses', () => {
    const world = twoVSwitchWorld();
    const requests = Array.from({ length: 5 }, (_, i) =>
      pod(`m${i}`, { kind: 'exclusive', vSwitchIds: NETWORK, vSwitchSelectionPolicy: 'most' }),
    );
    expect(vSwitchesOf(world, requests)).toEqual(Array(5).fill('vsw-large'));
  });

  it('ordered moves to the next vSwitch only once the first answers IpNotEnough', () => {
    // Every address of vsw-small but one is taken by something else. The controller's cached
    // count (1) is not decremented as addresses go, so the second pod's create goes to vsw-small
    // again, gets InvalidVSwitchId.IpNotEnough, blocks it (`SwitchPool.Block`), and the next
    // try takes vsw-large.
    const world = twoVSwitchWorld(27);
    const requests = Array.from({ length: 3 }, (_, i) =>
      pod(`e${i}`, { kind: 'exclusive', vSwitchIds: NETWORK }),
    );
    expect(vSwitchesOf(world, requests)).toEqual(['vsw-small', 'vsw-large', 'vsw-large']);
  });
});

describe('the pod-networks annotation carries the policy to the pod controller', () => {
  it('vSwitchSelectOptions: random and most as written, anything else ordered', () => {
    const policyOf = (options: unknown): string => {
      const parsed = parsePodNetworksAnnotation(
        JSON.stringify({ podNetworks: [{ interface: 'eth0', vSwitchSelectOptions: options }] }),
      );
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.value[0]?.vSwitchSelectionPolicy ?? 'none';
    };
    expect(policyOf({ vSwitchSelectionPolicy: 'random' })).toBe('random');
    expect(policyOf({ vSwitchSelectionPolicy: 'most' })).toBe('most');
    expect(policyOf({ vSwitchSelectionPolicy: 'ordered' })).toBe('ordered');
    // pod_controller_default.go's switch: an unknown or missing policy is ordered.
    expect(policyOf({ vSwitchSelectionPolicy: 'fastest' })).toBe('ordered');
    expect(policyOf(undefined)).toBe('ordered');
  });
});
