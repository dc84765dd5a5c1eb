/**
 * The normalised scenario: what `loadScenario` returns and the simulator reads.
 *
 * Everything here is checked and complete: durations are integer microseconds (`…Us`), resource
 * requests are integers in named units (`cpuMillis`, `memoryBytes`), instance types are resolved
 * to the models' {@link InstanceType} records, every default is filled in, and the Kubernetes
 * manifests are reduced to the fields placement and the Terway webhook read. Names carry units;
 * `null` means "not given, and no default applies" (never 0 in disguise).
 */
import type { TerwayControlPlaneSettings } from '../../models/terwayControlPlane.js';
import type { Catalog } from '../../models/catalog.js';
import type { EniMode } from '../../models/capacity.js';
import type { EniConf, IpStack } from '../../models/eniConf.js';
import type { InstanceType, Platform } from '../../models/instanceType.js';
import type { ReservationPolicy } from '../../models/allocatable.js';
import type { TerwayVersion } from '../../models/terwayVersion.js';
import type { CloudApiAction, CloudErrorCode } from '../../models/cloudApiNames.js';
import type { DelayDistribution } from '../../models/delayDistribution.js';
import type { LabelSelector, Labels } from '../../models/labels.js';
import type { NodeSelectorTerm, PodResources, PreferredSchedulingTerm } from '../../models/pod.js';
import type { PodAffinityRules } from '../../models/podAffinity.js';
import type { TopologySpreadConstraint } from '../../models/topologySpread.js';
import type { PodNetworkingView } from '../../models/podNetworking.js';
import type { Taint, Toleration } from '../../models/taints.js';
import type { SloSpec } from '../../models/results/slos.js';
import type { WebhookConfig } from '../../models/webhook.js';
import type { Finding, SourcePosition } from './findings.js';

/** A loaded scenario. */
export interface Scenario {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.description` ('' when absent). */
  readonly description: string;
  /** The scenario file as the user named it. */
  readonly file: string;
  /** The built-in catalog with `spec.catalog`'s types over it. */
  readonly catalog: Catalog;
  readonly cluster: ClusterSpec;
  /** PodNetworkings, sorted by name (the order the webhook's lister returns them). */
  readonly podNetworkings: readonly PodNetworkingSpec[];
  /** Every namespace a workload uses or a manifest declares, with its labels. */
  readonly namespaces: readonly NamespaceSpec[];
  /** NetworkPolicies (not simulated; kept so reports can name the pods they fail to protect). */
  readonly networkPolicies: readonly NetworkPolicySpec[];
  /** Workloads in manifest order, each with its pod template and rollout. */
  readonly workloads: readonly WorkloadSpec[];
  readonly timeline: TimelineSpec;
  readonly cloud: CloudOverrides;
  /** Service-level objectives, in the order `spec.slos` lists them. */
  readonly slos: readonly SloSpec[];
  /** The warnings validation found (errors stop the load, so there are none here). */
  readonly warnings: readonly Finding[];
}

/** The cluster at time 0. */
export interface ClusterSpec {
  readonly region: string | null;
  /** The Terway version at time 0 (`UpgradeTerway` events change it). Default: newest known. */
  readonly terwayVersion: TerwayVersion;
  /** The cluster's IP stack (a node may still run IPv4-only: see the dual-stack rule). */
  readonly ipStack: IpStack;
  /** The shared-ENI datapath; `datapathv2` is eBPF. */
  readonly datapath: Datapath;
  /** The cluster's `eni_conf` (kube-system/eni-config), parsed with Terway's defaults. */
  readonly eniConf: EniConf;
  /** The same `eni_conf` as the JSON object it was written as (the base of pool patches). */
  readonly eniConfDocument: Readonly<Record<string, unknown>>;
  /** The Terway webhook's settings, as the loader derived them to admit the workloads. */
  readonly webhook: WebhookConfig;
  readonly vSwitches: readonly VSwitchSpec[];
  /** Pools that exist at time 0 (`AddNodePool` events carry the others). */
  readonly nodePools: readonly NodePoolSpec[];
  readonly autoscaler: AutoscalerSpec;
  readonly scheduler: SchedulerSpec;
  /** The Terway controlplane's concurrency and client limits (Terway's defaults unless set). */
  readonly terwayControlPlane: TerwayControlPlaneSettings;
}

/** The shared-ENI datapath (`eniip_virtual_type`). */
export type Datapath = 'veth' | 'ipvlan' | 'datapathv2';

/** A vSwitch and its addresses. */
export interface VSwitchSpec {
  readonly id: string;
  readonly zone: string;
  /** The IPv4 block, normalised ("172.16.0.0/24"). */
  readonly ipv4Cidr: string;
  readonly ipv4PrefixLength: number;
  /** 2^(32−p) − 4: the block minus the first and last three reserved addresses. */
  readonly ipv4UsableAddresses: number;
  /** Usable minus `usedIpv4Addresses`: what nodes and pods may take at time 0. */
  readonly ipv4FreeAddresses: number;
  /** Addresses other resources held at time 0. */
  readonly usedIpv4Addresses: number;
  /** The IPv6 /64, or null for an IPv4-only vSwitch. */
  readonly ipv6Cidr: string | null;
  readonly usedIpv6Addresses: number;
  readonly source: SourcePosition;
}

/** A node pool. */
export interface NodePoolSpec {
  readonly name: string;
  /** The pool's instance types, resolved in the catalog, in order of preference. */
  readonly instanceTypes: readonly InstanceType[];
  /** `lingjun` when the pool carries `alibabacloud.com/lingjun-worker: "true"`. */
  readonly platform: Platform;
  /** `exclusive` when it carries `k8s.aliyun.com/exclusive-mode-eni-type: eniOnly`. */
  readonly mode: EniMode;
  /** Nodes at creation: `count`, or `autoscaling.min`. */
  readonly initialCount: number;
  /** Autoscaler bounds, or null for a fixed-size pool. */
  readonly autoscaling: { readonly minCount: number; readonly maxCount: number } | null;
  /**
   * The labels every node gets, as written. Each node also gets the labels Kubernetes and ACK
   * add (`topology.kubernetes.io/zone`, `node.kubernetes.io/instance-type`,
   * `kubernetes.io/hostname`, `terway-config` when set): see `nodeLabels` in nodeLabels.ts.
   */
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  /** The vSwitches nodes are created in (node primary ENIs take their addresses here). */
  readonly vSwitchIds: readonly string[];
  /** The zones of those vSwitches, in order, without repeats. */
  readonly zones: readonly string[];
  /**
   * The vSwitches pod ENIs use in each zone: the pool's effective `eni_conf.vswitches`, or,
   * where it names none for a zone, the node's own vSwitches there (as Terway falls back).
   */
  readonly podVSwitchIdsByZone: Readonly<Record<string, readonly string[]>>;
  readonly reservationPolicy: ReservationPolicy;
  /** Real MemTotal by instance type where given; others are estimated by the models. */
  readonly memTotalKiByType: Readonly<Record<string, number>>;
  readonly ephemeralStorageKi: number | null;
  /** A kubelet max-pods override, or null for ACK's (shared-ENI limit + 3). */
  readonly maxPods: number | null;
  /** The `terway-config` label's value, or null when the pool has no override. */
  readonly terwayConfigName: string | null;
  /** The pool's effective `eni_conf`: the cluster's with the pool's merge patch applied. */
  readonly eniConf: EniConf;
  /** Trunk ENIs are on: `enable_eni_trunking` in a shared-mode ECS pool. */
  readonly trunk: boolean;
  /** From a node's creation to Ready. Default 2 minutes. */
  readonly nodeReadyDelayUs: number;
  readonly customCniChain: boolean;
  /** When the pool is created: 0, or its `AddNodePool` event's time. */
  readonly createdAtUs: number;
  readonly source: SourcePosition;
}

/** The cluster autoscaler's settings. */
export interface AutoscalerSpec {
  /** How often unschedulable pods are looked at. Default 10 s. */
  readonly scanIntervalUs: number;
  /** Default false. */
  readonly scaleDownEnabled: boolean;
  /** Default 10 min. */
  readonly scaleDownUnneededTimeUs: number;
}

/** kube-scheduler's settings. */
export interface SchedulerSpec {
  readonly scoringStrategy: 'LeastAllocated' | 'MostAllocated';
  /** 0 means kube-scheduler's adaptive default. */
  readonly percentageOfNodesToScore: number;
}

/**
 * A PodNetworking as the Terway webhook reads it (placement's {@link PodNetworkingView}: status
 * `Ready`, `vSwitchOptions` and `securityGroupIds` already filled from the eni-config as the
 * PodNetworking webhook fills them, `vSwitchZones` the zones of those vSwitches), plus what the
 * scenario adds.
 */
export interface PodNetworkingSpec extends PodNetworkingView {
  /** For Fixed + TTL: how long the IP outlives its pod, in µs; null otherwise. */
  readonly releaseAfterUs: number | null;
  readonly source: SourcePosition;
}

/** A namespace and its labels (`kubernetes.io/metadata.name` always included). */
export interface NamespaceSpec {
  readonly name: string;
  readonly labels: Labels;
}

/** A NetworkPolicy: which pods it means to protect. */
export interface NetworkPolicySpec {
  readonly name: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  readonly source: SourcePosition;
}

/**
 * Resource requests of one pod, summed over its containers as the scheduler sums them:
 * placement's {@link PodResources} (`cpuMilli`, `memoryBytes`, `extended` in whole units such as
 * `aliyun/eni` or `nvidia.com/gpu`) plus ephemeral storage.
 */
export interface ResourceRequests extends PodResources {
  readonly ephemeralStorageBytes: number;
}

/** What the scheduler and the webhook read from a pod template. */
export interface PodTemplateSpec {
  readonly labels: Labels;
  readonly annotations: Labels;
  /**
   * The pod's effective request: max(sum of containers, largest init container) per resource,
   * plus the pod overhead, as kube-scheduler computes it.
   */
  readonly requests: ResourceRequests;
  readonly nodeSelector: Labels;
  /** Required node-affinity terms (any must match), or null when there is no requirement. */
  readonly requiredNodeAffinity: readonly NodeSelectorTerm[] | null;
  /** Preferred node-affinity terms and their weights (NodeAffinity's score). */
  readonly preferredNodeAffinity: readonly PreferredSchedulingTerm[];
  /** `topologySpreadConstraints`, API defaults applied (PodTopologySpread). */
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  /**
   * `podAffinity` and `podAntiAffinity` (InterPodAffinity), with `matchLabelKeys` and
   * `mismatchLabelKeys` already merged into each term's selector as the API server does; null
   * when the template has neither.
   */
  readonly podAffinity: PodAffinityRules | null;
  readonly tolerations: readonly Toleration[];
  /** Host-network pods take no pod IP and are not mutated by the Terway webhook. */
  readonly hostNetwork: boolean;
}

/** The workload kinds a scenario can run. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'Job' | 'Pod';

/** A workload and how it is rolled out. */
export interface WorkloadSpec {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly namespace: string;
  /** `namespace/name`: how timeline events refer to it. */
  readonly key: string;
  /** Desired pods at rollout: `replicas` (Deployment, StatefulSet), `parallelism` (Job), 1 (Pod). */
  readonly replicas: number;
  readonly template: PodTemplateSpec;
  /** StatefulSet pods have fixed names (`name-0`, `name-1`): a Fixed-IP PodNetworking serves them. */
  readonly fixedName: boolean;
  /** For a StatefulSet: OrderedReady (one pod at a time) or Parallel; null otherwise. */
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel' | null;
  /** For a Job: how many pods run at once and how many must finish; null otherwise. */
  readonly job: { readonly parallelism: number; readonly completions: number } | null;
  readonly rollout: Rollout;
  readonly source: SourcePosition;
}

/** A pod count or a percentage of the replicas. */
export type IntOrPercent =
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'percent'; readonly value: number };

/** How a workload's pods appear over time. */
export type Rollout =
  /** Every replica at `startUs`; with `lifetime`, each pod is replaced after it (churn). */
  | {
      readonly type: 'AllAtOnce';
      readonly startUs: number;
      readonly lifetime: DelayDistribution | null;
    }
  /** Created at `startUs`, then replaced by a rolling update at each of `updateAtUs`. */
  | {
      readonly type: 'RollingUpdate';
      readonly startUs: number;
      readonly updateAtUs: readonly number[];
      readonly maxSurge: IntOrPercent;
      readonly maxUnavailable: IntOrPercent;
      readonly lifetime: DelayDistribution | null;
    }
  /** Poisson arrivals of single pods, each living `lifetime`, between start and stop. */
  | {
      readonly type: 'Poisson';
      readonly startUs: number;
      readonly stopUs: number;
      readonly ratePerHour: number;
      readonly lifetime: DelayDistribution;
    }
  /** Poisson arrivals whose rate follows the hour of the day (index 0 = [0h, 1h) of each day). */
  | {
      readonly type: 'DailyProfile';
      readonly startUs: number;
      readonly stopUs: number;
      readonly ratesPerHour: readonly number[];
      readonly lifetime: DelayDistribution;
    }
  /** A Job's pods, `parallelism` at a time until `completions`, optionally re-run periodically. */
  | {
      readonly type: 'Jobs';
      readonly startUs: number;
      readonly stopUs: number;
      readonly repeatEveryUs: number | null;
      readonly lifetime: DelayDistribution;
    };

/** The timeline: its length, the results' sampling step and the events. */
export interface TimelineSpec {
  readonly durationUs: number;
  readonly sampleStepUs: number;
  /** Events sorted by time (ties keep their order in the file). */
  readonly events: readonly TimelineEvent[];
}

/** Something that happens at `atUs`. */
export type TimelineEvent =
  | {
      readonly type: 'ScaleWorkload';
      readonly atUs: number;
      /** The workload's `namespace/name` key. */
      readonly workload: string;
      readonly replicas: number;
    }
  | {
      readonly type: 'ScaleNodePool';
      readonly atUs: number;
      readonly nodePool: string;
      readonly count: number;
    }
  | { readonly type: 'AddNodePool'; readonly atUs: number; readonly nodePool: NodePoolSpec }
  | {
      readonly type: 'AddExistingNodes';
      readonly atUs: number;
      readonly nodePool: string;
      readonly instanceType: InstanceType;
      readonly count: number;
      /** Secondary ENIs already attached to each; unused if the pool is exclusive. */
      readonly attachedEnis: number;
    }
  | { readonly type: 'UpgradeTerway'; readonly atUs: number; readonly version: TerwayVersion };

/** Overrides of the simulated cloud; anything absent keeps the simulator's default. */
export interface CloudOverrides {
  readonly apiLatency: Readonly<Partial<Record<CloudApiAction, DelayDistribution>>>;
  readonly eniAttachLatency: DelayDistribution | null;
  readonly leniAttachLatency: DelayDistribution | null;
  /** Server-side flow control per action, calls per minute. */
  readonly rateLimitsPerMinute: Readonly<Partial<Record<CloudApiAction, number>>>;
  readonly faults: readonly CloudFaultSpec[];
}

/** Calls of `action` fail with `errorCode` with `probability` while `fromUs ≤ t < untilUs`. */
export interface CloudFaultSpec {
  readonly action: CloudApiAction;
  readonly errorCode: CloudErrorCode;
  readonly probability: number;
  readonly fromUs: number;
  readonly untilUs: number;
}
