/**
 * The shapes of the scenario YAML the arbitraries generate, typed: a scenario document
 * (`kind: Scenario`, `scenarios/schema/scenario.schema.json`) and the Kubernetes objects it lists
 * inline under `spec.manifests`. Only the fields the generators set are typed; everything here is
 * plain data that serialises to YAML as it stands.
 */

/** Kubernetes labels. */
export type LabelsDocument = Readonly<Record<string, string>>;

/** A node taint. */
export interface TaintDocument {
  readonly key: string;
  readonly value: string;
  readonly effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule';
}

/** A vSwitch of `spec.cluster.vSwitches`. */
export interface VSwitchDocument {
  readonly id: string;
  readonly zone: string;
  readonly ipv4Cidr: string;
  readonly usedIpv4Addresses?: number;
}

/** A node pool of `spec.cluster.nodePools`. */
export interface NodePoolDocument {
  readonly name: string;
  readonly instanceTypes: readonly string[];
  readonly count?: number;
  readonly autoscaling?: { readonly min: number; readonly max: number };
  readonly labels?: LabelsDocument;
  readonly taints?: readonly TaintDocument[];
  readonly vSwitches: readonly string[];
  readonly terwayConfig?: { readonly eniConf: Readonly<Record<string, unknown>> };
  readonly nodeReadyDelay?: string;
}

/** An inline Kubernetes object of `spec.manifests` (ConfigMap, PodNetworking, Deployment…). */
export interface ManifestDocument {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: LabelsDocument;
  };
  readonly spec?: Readonly<Record<string, unknown>>;
  readonly data?: Readonly<Record<string, string>>;
}

/** A workload's entry in `spec.timeline.workloads`. */
export interface WorkloadEntryDocument {
  readonly workload: string;
  readonly rollout: Readonly<Record<string, unknown>> & { readonly type: string };
}

/** One SLO bound. */
export type SloBoundDocument = { readonly max: number } | { readonly min: number };

/** A scenario document, as `enisim validate`, `run` and `check` read it. */
export interface ScenarioDocument {
  readonly apiVersion: 'enisim/v1alpha1';
  readonly kind: 'Scenario';
  readonly metadata: { readonly name: string; readonly description?: string };
  readonly spec: {
    /** Catalog files, relative to the scenario (see {@link TestScenario.files}). */
    readonly catalog?: readonly string[];
    readonly manifests?: readonly ManifestDocument[];
    readonly cluster: {
      readonly region?: string;
      readonly terwayVersion?: string;
      readonly ipStack?: 'ipv4' | 'dual';
      readonly vSwitches: readonly VSwitchDocument[];
      readonly nodePools?: readonly NodePoolDocument[];
    };
    readonly timeline: {
      readonly duration: string;
      readonly sampleStep?: string;
      readonly workloads?: readonly WorkloadEntryDocument[];
    };
    readonly slos?: Readonly<Record<string, SloBoundDocument>>;
  };
}

/**
 * A scenario and the files it references, by path relative to the scenario (a Lingjun pool's
 * EFLO catalog: Lingjun types never come from the shipped ECS catalog). JSON-valued files are
 * written as JSON, strings as they are.
 */
export interface TestScenario {
  readonly scenario: ScenarioDocument;
  readonly files: Readonly<Record<string, unknown>>;
}
