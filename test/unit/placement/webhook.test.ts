import { describe, expect, it } from 'vitest';
import { makePod, type PodInit } from '../../../models/pod.js';
import {
  makePodNetworking,
  type PodNetworkingInit,
  type PodNetworkingView,
} from '../../../models/podNetworking.js';
import {
  admitPod,
  DEFAULT_WEBHOOK_CONFIG,
  type WebhookConfig,
  type WebhookOutcome,
} from '../../../models/webhook.js';

const appSelector = (app: string) => ({ matchLabels: { app }, matchExpressions: [] });
const pn = (init: Partial<PodNetworkingInit> & { name: string }): PodNetworkingView =>
  makePodNetworking({
    podSelector: appSelector('web'),
    vSwitchOptions: ['vsw-k'],
    securityGroupIds: ['sg-1'],
    vSwitchZones: ['cn-hangzhou-k'],
    ...init,
  });
const webPod = (init: Partial<PodInit> = {}) =>
  makePod({ name: 'web-0', namespace: 'shop', labels: { app: 'web' }, ...init });

function admit(
  podNetworkings: readonly PodNetworkingView[],
  options: {
    pod?: ReturnType<typeof makePod>;
    namespaceLabels?: Record<string, string>;
    config?: Partial<WebhookConfig>;
    previousZone?: string;
  } = {},
): WebhookOutcome {
  return admitPod({
    pod: options.pod ?? webPod(),
    namespaceLabels: options.namespaceLabels ?? {},
    podNetworkings,
    config: { ...DEFAULT_WEBHOOK_CONFIG, ...options.config },
    previousZone: options.previousZone ?? null,
  });
}

function mutated(outcome: WebhookOutcome) {
  if (outcome.kind !== 'mutated') throw new Error(`expected a mutation, got ${outcome.kind}`);
  return outcome;
}

describe('Terway webhook: which resource', () => {
  it.each([
    ['Default', true, 'aliyun/member-eni'],
    ['Default', false, 'aliyun/eni'],
    ['Trunk', true, 'aliyun/member-eni'],
    ['Trunk', false, 'aliyun/eni'],
    ['ENI', true, 'aliyun/eni'],
    ['ENI', false, 'aliyun/eni'],
  ] as const)('eniType %s with trunk %s requests %s: 1', (eniType, enableTrunk, resource) => {
    const outcome = mutated(admit([pn({ name: 'net', eniType })], { config: { enableTrunk } }));
    expect(outcome.resource).toEqual({ name: resource, count: 1 });
    expect(outcome.pod.requests.extended).toEqual({ [resource]: 1 });
  });

  it('injects nothing with enableWebhookInjectResource off', () => {
    const outcome = mutated(admit([pn({ name: 'net' })], { config: { injectResource: false } }));
    expect(outcome.resource).toBeNull();
    expect(outcome.pod.requests.extended).toEqual({});
  });
});

describe('Terway webhook: which PodNetworking', () => {
  it('writes the annotations and a zone affinity from the vSwitch zones', () => {
    const net = pn({
      name: 'net',
      vSwitchZones: ['cn-hangzhou-k', 'cn-hangzhou-j', 'cn-hangzhou-k'],
    });
    const outcome = mutated(admit([net]));
    expect(outcome.podNetworking).toBe('net');
    expect(outcome.zones).toEqual(['cn-hangzhou-j', 'cn-hangzhou-k']);
    expect(outcome.pod.annotations['k8s.aliyun.com/pod-networking']).toBe('net');
    expect(outcome.pod.annotations['k8s.aliyun.com/pod-eni']).toBe('true');
    expect(JSON.parse(outcome.pod.annotations['k8s.aliyun.com/pod-networks']!)).toEqual({
      podNetworks: [
        {
          interface: 'eth0',
          vSwitchOptions: ['vsw-k'],
          securityGroupIDs: ['sg-1'],
          eniOptions: { eniType: 'Default' },
          allocationType: { type: 'Elastic' },
          // controlplane.PodNetworks copies the PodNetworking's (CRD default `ordered`).
          vSwitchSelectOptions: { vSwitchSelectionPolicy: 'ordered' },
        },
      ],
    });
    expect(outcome.pod.requiredNodeAffinity).toEqual([
      {
        matchExpressions: [
          {
            key: 'topology.kubernetes.io/zone',
            operator: 'In',
            values: ['cn-hangzhou-j', 'cn-hangzhou-k'],
          },
        ],
      },
    ]);
  });

  it('adds the zone requirement to every existing term', () => {
    const pool = { key: 'pool', operator: 'In' as const, values: ['a'] };
    const other = { key: 'pool', operator: 'In' as const, values: ['b'] };
    const pod = webPod({
      requiredNodeAffinity: [{ matchExpressions: [pool] }, { matchExpressions: [other] }],
    });
    const zone = { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['cn-hangzhou-k'] };
    expect(mutated(admit([pn({ name: 'net' })], { pod })).pod.requiredNodeAffinity).toEqual([
      { matchExpressions: [pool, zone] },
      { matchExpressions: [other, zone] },
    ]);
  });

  it('takes the first Ready match by name and skips Fail ones', () => {
    const outcome = mutated(
      admit([pn({ name: 'zeta' }), pn({ name: 'beta', status: 'Fail' }), pn({ name: 'alpha' })]),
    );
    expect(outcome.podNetworking).toBe('alpha');
    expect(admit([pn({ name: 'net', status: 'Fail' })]).kind).toBe('notMatched');
    expect(admit([pn({ name: 'net', status: '' })]).kind).toBe('notMatched');
  });

  it('matches Fixed only for StatefulSet pods', () => {
    const fixed = pn({
      name: 'a-fixed',
      allocationType: { type: 'Fixed', releaseStrategy: 'TTL', releaseAfter: '5m0s' },
    });
    const elastic = pn({ name: 'b-elastic' });
    const sts = webPod({ ownerKind: 'StatefulSet' });
    expect(mutated(admit([fixed, elastic], { pod: sts })).podNetworking).toBe('a-fixed');
    const deploymentPod = webPod({ ownerKind: 'ReplicaSet' });
    expect(mutated(admit([fixed, elastic], { pod: deploymentPod })).podNetworking).toBe(
      'b-elastic',
    );
    expect(admit([fixed], { pod: deploymentPod }).kind).toBe('notMatched');
  });

  it('pins a recreated Fixed pod to its previous PodENI zone too', () => {
    const fixed = pn({
      name: 'fixed',
      allocationType: { type: 'Fixed', releaseStrategy: 'Never', releaseAfter: null },
    });
    const outcome = mutated(
      admit([fixed], { pod: webPod({ ownerKind: 'StatefulSet' }), previousZone: 'cn-hangzhou-j' }),
    );
    expect(outcome.zones).toEqual(['cn-hangzhou-j', 'cn-hangzhou-k']);
    expect(outcome.pod.requiredNodeAffinity?.[0]?.matchExpressions.map((e) => e.values)).toEqual([
      ['cn-hangzhou-j'],
      ['cn-hangzhou-k'],
    ]);
  });

  it('checks the namespace selector against the namespace labels', () => {
    const net = pn({ name: 'net', podSelector: null, namespaceSelector: appSelector('shop') });
    expect(mutated(admit([net], { namespaceLabels: { app: 'shop' } })).podNetworking).toBe('net');
    expect(admit([net], { namespaceLabels: { app: 'other' } }).kind).toBe('notMatched');
    const both = pn({ name: 'both', namespaceSelector: appSelector('shop') });
    expect(admit([both], { namespaceLabels: {} }).kind).toBe('notMatched');
  });

  it('ignores a PodNetworking with neither selector', () => {
    expect(admit([pn({ name: 'net', podSelector: null })]).kind).toBe('notMatched');
  });

  it('leaves an unmatched pod untouched (the same object)', () => {
    const pod = webPod({ labels: { app: 'api' } });
    const outcome = admit([pn({ name: 'net' })], { pod });
    expect(outcome).toEqual({ kind: 'notMatched', pod });
    expect(outcome.pod).toBe(pod);
  });

  it('gives an unmatched pod the default network when IPAM is crd', () => {
    const outcome = mutated(
      admit([], {
        pod: webPod({ labels: {} }),
        config: { ipamType: 'crd', defaultVSwitchIds: ['vsw-default'] },
      }),
    );
    expect(outcome.source).toBe('default');
    expect(outcome.zones).toEqual([]);
    expect(outcome.pod.requiredNodeAffinity).toBeNull();
    expect(outcome.networks[0]?.vSwitchOptions).toEqual(['vsw-default']);
  });

  it('adds no zone affinity to DaemonSet pods', () => {
    const outcome = mutated(
      admit([pn({ name: 'net' })], { pod: webPod({ ownerKind: 'DaemonSet' }) }),
    );
    expect(outcome.zones).toEqual([]);
    expect(outcome.pod.requiredNodeAffinity).toBeNull();
  });
});

describe('Terway webhook: pods it does not touch', () => {
  it('skips host-network pods, ignored pods and opted-out namespaces', () => {
    const nets = [pn({ name: 'net' })];
    expect(admit(nets, { pod: webPod({ hostNetwork: true }) })).toMatchObject({
      kind: 'skipped',
      reason: 'hostNetwork',
    });
    const ignored = webPod({ labels: { app: 'web', 'k8s.aliyun.com/ignore-by-terway': 'true' } });
    expect(admit(nets, { pod: ignored })).toMatchObject({
      kind: 'skipped',
      reason: 'ignoredByTerway',
    });
    const optOut = { 'k8s.aliyun.com/pod-eni': 'false' };
    expect(admit(nets, { namespaceLabels: optOut })).toMatchObject({
      kind: 'skipped',
      reason: 'namespaceOptOut',
    });
  });
});

describe('Terway webhook: networks from pod annotations', () => {
  it('uses k8s.aliyun.com/pod-networks before any PodNetworking', () => {
    const text = JSON.stringify({
      podNetworks: [
        {
          interface: 'eth0',
          vSwitchOptions: ['vsw-a'],
          securityGroupIDs: ['sg-a'],
          eniOptions: { eniType: 'ENI' },
        },
      ],
    });
    const pod = webPod({ annotations: { 'k8s.aliyun.com/pod-networks': text } });
    const outcome = mutated(admit([pn({ name: 'net' })], { pod }));
    expect(outcome.source).toBe('podNetworksAnnotation');
    expect(outcome.podNetworking).toBeNull();
    expect(outcome.resource).toEqual({ name: 'aliyun/eni', count: 1 });
    expect(outcome.zones).toEqual([]);
  });

  it('resolves k8s.aliyun.com/pod-networks-request by PodNetworking name', () => {
    const text = JSON.stringify([
      { interfaceName: 'eth0', network: 'net' },
      { interfaceName: 'eth1', network: 'net' },
    ]);
    const pod = webPod({
      labels: {},
      annotations: { 'k8s.aliyun.com/pod-networks-request': text },
    });
    const outcome = mutated(admit([pn({ name: 'net', podSelector: null })], { pod }));
    expect(outcome.resource).toEqual({ name: 'aliyun/member-eni', count: 2 });
    expect(outcome.zones).toEqual(['cn-hangzhou-k']);
  });

  it('denies bad annotations', () => {
    const deny = (annotations: Record<string, string>, owner: string | null = null) =>
      admit([pn({ name: 'net' })], { pod: webPod({ annotations, ownerKind: owner }) });
    expect(deny({ 'k8s.aliyun.com/pod-networks': '{' })).toMatchObject({
      kind: 'denied',
      message: expect.stringMatching(
        /^unable parse annotation field k8s\.aliyun\.com\/pod-networks, /,
      ) as unknown,
    });
    expect(
      deny({
        'k8s.aliyun.com/pod-networks': '{"podNetworks":[]}',
        'k8s.aliyun.com/pod-networking': 'net',
      }),
    ).toEqual(
      expect.objectContaining({
        message: 'can not use pod annotation and podNetworking at same time',
      }),
    );
    const fixed = JSON.stringify({
      podNetworks: [{ interface: 'eth0', allocationType: { type: 'Fixed' } }],
    });
    expect(deny({ 'k8s.aliyun.com/pod-networks': fixed }).kind).toBe('denied');
    expect(deny({ 'k8s.aliyun.com/pod-networks': fixed }, 'StatefulSet').kind).toBe('mutated');
    const longName = JSON.stringify({ podNetworks: [{ interface: 'eth0123' }] });
    expect(deny({ 'k8s.aliyun.com/pod-networks': longName })).toMatchObject({
      message: 'interface name should >0 and <6 ',
    });
    const missing = JSON.stringify([{ network: 'nope' }]);
    expect(deny({ 'k8s.aliyun.com/pod-networks-request': missing })).toMatchObject({
      message: 'podNetworking nope is not found or not Ready',
    });
  });
});
