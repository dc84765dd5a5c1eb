/**
 * One run of a scenario: builds the cluster (the simulated cloud with its vSwitches, the Terway
 * controlplane, the scheduler, the node pools), starts the workload controllers, the timeline's
 * events and the cluster autoscaler, samples the time series every `sampleStepUs`, and runs the
 * engine to the end of the timeline.
 *
 * Every random draw comes from a named fork of the run's seed: `cloud`, `controlplane`,
 * `scheduler`, `autoscaler`, `allocator/<node>`, `kubelet/<node>`, `workload/<ns/name>`,
 * `faults/<caller>`. So a change in one part (another workload, a new node) does not shift the
 * numbers any other part draws.
 */
import { ControlPlane } from '../allocator/index.js';
import { cloudInvariantViolations, SimCloud } from '../cloud/index.js';
import { checkAll, InvariantViolationError } from '../checkers/runner.js';
import type { CloudApi } from '../contracts/cloudApi.js';
import { Engine } from '../engine/engine.js';
import { ClusterState } from '../placement/clusterState.js';
import { defaultProfile } from '../placement/registry.js';
import { Scheduler } from '../placement/scheduler.js';
import { createRng } from '../engine/rng.js';
import type { Scenario } from '../../scenarios/load/index.js';
import { AutoscalerLoop } from './autoscaler.js';
import { cloudOptionsFor } from './cloudOverrides.js';
import { collectRun } from './collect.js';
import type { CollectedRun } from './collected.js';
import type { RunContext, RunObserver } from './context.js';
import { controllerFor, type WorkloadController } from './controllers/index.js';
import { FaultWindowClient, InjectedFaults } from './faultWindows.js';
import { LIFECYCLE, type LifecycleConstants } from './lifecycle.js';
import { RunMetrics } from './metrics.js';
import { NodePools } from './nodePools.js';
import { PodFactory } from './podFactory.js';
import { CloudWaitLog } from './cloudWaits.js';
import { PodLifecycle } from './podLifecycle.js';
import type { AppliedEvent } from './timelineEvents.js';
import { scheduleTimeline } from './timelineEvents.js';

/** How to run. */
export interface RunOptions {
  readonly seed: number;
  /** Run the invariant checkers at every sample and at the end (default false). */
  readonly checkInvariants?: boolean;
  /** Stop at this time instead of the timeline's end (tests shorten long scenarios). */
  readonly untilUs?: number;
  /** A bound on engine events (default 500 million): a run that needs more is a bug. */
  readonly eventsMax?: number;
  /** Fold events into the trace hash (default true). */
  readonly trace?: boolean;
  /** Replaces the lifecycle constants (tests). */
  readonly constants?: LifecycleConstants;
  /** Watches the run (tests); it must not change anything. */
  readonly observer?: RunObserver;
}

/** The default bound on engine events per run. */
export const EVENTS_MAX_DEFAULT = 500_000_000;

/** Runs `scenario` once and returns what it measured. */
export function runScenario(scenario: Scenario, options: RunOptions): CollectedRun {
  const steps = new Simulation(scenario, options).run(Number.POSITIVE_INFINITY);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * Runs `scenario` once in slices of at most `sliceEvents` engine events, yielding the events
 * fired so far after each slice, and returns what it measured. The result is the one
 * {@link runScenario} returns, byte for byte: the engine stops and resumes at the same event. A
 * caller that owns an event loop (the CLI) yields to it between slices, so a signal can stop a
 * long run cleanly; the simulator itself never looks at a wall clock.
 */
export function runScenarioInSlices(
  scenario: Scenario,
  options: RunOptions & { readonly sliceEvents: number },
): Generator<number, CollectedRun, void> {
  if (!Number.isSafeInteger(options.sliceEvents) || options.sliceEvents < 1) {
    throw new RangeError(`sliceEvents must be a positive integer, got ${options.sliceEvents}`);
  }
  return new Simulation(scenario, options).run(options.sliceEvents);
}

class Simulation {
  readonly #ctx: RunContext;
  readonly #options: RunOptions;
  readonly #pools: NodePools;
  readonly #lifecycle: PodLifecycle;
  readonly #controllers = new Map<string, WorkloadController>();
  readonly #applied: AppliedEvent[] = [];
  readonly #injected: InjectedFaults;
  readonly #endUs: number;

  constructor(scenario: Scenario, options: RunOptions) {
    this.#options = options;
    const { timeline, cluster } = scenario;
    this.#endUs = Math.min(options.untilUs ?? timeline.durationUs, timeline.durationUs);
    const engine = new Engine({ trace: options.trace ?? true });
    const rng = createRng(options.seed);
    const cloud = new SimCloud({
      clock: engine,
      rng: rng.fork('cloud'),
      options: cloudOptionsFor(scenario.cloud, { statsBucketUs: timeline.sampleStepUs }),
    });
    for (const vSwitch of cluster.vSwitches) {
      cloud.addVSwitch({
        vSwitchId: vSwitch.id,
        zoneId: vSwitch.zone,
        cidrBlock: vSwitch.ipv4Cidr,
        ipv4InUseAtStart: vSwitch.usedIpv4Addresses,
        ipv6InUseAtStart: vSwitch.usedIpv6Addresses,
        ...(vSwitch.ipv6Cidr === null ? {} : { ipv6CidrBlock: vSwitch.ipv6Cidr }),
      });
    }
    this.#injected = new InjectedFaults(timeline.sampleStepUs);
    const faults = scenario.cloud.faults;
    const cloudWaits = new CloudWaitLog();
    const clientFor = (callerId: string): CloudApi => {
      const inner = cloud.clientFor(callerId, { observer: cloudWaits });
      if (faults.length === 0) return inner;
      return new FaultWindowClient({
        inner,
        faults,
        clock: engine,
        cloud,
        rng: rng.fork(`faults/${callerId}`),
        record: this.#injected,
        observer: cloudWaits,
      });
    };
    const controlPlane = new ControlPlane({
      clock: engine,
      cloud: clientFor('controlplane'),
      rng: rng.fork('controlplane'),
      parallelism: cloud.parallelism,
      settings: cluster.terwayControlPlane,
    });
    const state = new ClusterState();
    // InterPodAffinity's namespaceSelector reads namespace labels.
    for (const namespace of scenario.namespaces) {
      state.setNamespaceLabels(namespace.name, namespace.labels);
    }
    this.#ctx = {
      scenario,
      seed: options.seed,
      engine,
      rng,
      constants: options.constants ?? LIFECYCLE,
      cloud,
      controlPlane,
      state,
      metrics: new RunMetrics(),
      cloudWaits,
      clientFor,
      observer: options.observer ?? null,
      terwayVersion: cluster.terwayVersion,
    };
    const scheduler = new Scheduler(state, {
      rng: rng.fork('scheduler'),
      profile: defaultProfile(cluster.scheduler.scoringStrategy),
      percentageOfNodesToScore: cluster.scheduler.percentageOfNodesToScore,
    });
    this.#pools = new NodePools(this.#ctx);
    this.#lifecycle = new PodLifecycle(this.#ctx, scheduler, this.#pools);
    this.#pools.attach(this.#lifecycle);
  }

  *run(sliceEvents: number): Generator<number, CollectedRun, void> {
    const { scenario, engine } = this.#ctx;
    for (const pool of scenario.cluster.nodePools) this.#pools.addPool(pool, true);
    const env = { ctx: this.#ctx, lifecycle: this.#lifecycle, factory: new PodFactory(scenario) };
    for (const workload of scenario.workloads) {
      const controller = controllerFor(env, workload);
      this.#controllers.set(workload.key, controller);
      controller.start();
    }
    scheduleTimeline(this.#ctx, {
      pools: this.#pools,
      controllers: this.#controllers,
      applied: this.#applied,
    });
    new AutoscalerLoop(this.#ctx, this.#pools, this.#lifecycle).start();
    this.#sampleEvery(scenario.timeline.sampleStepUs);
    const eventsMax = this.#options.eventsMax ?? EVENTS_MAX_DEFAULT;
    let fired = 0;
    let stoppedByEventsMax: boolean;
    for (;;) {
      const result = engine.run({
        untilUs: this.#endUs,
        eventsMax: Math.min(sliceEvents, eventsMax - fired),
      });
      fired += result.events;
      stoppedByEventsMax = result.reason === 'eventsMax' && fired >= eventsMax;
      if (result.reason !== 'eventsMax' || stoppedByEventsMax) break;
      yield fired;
    }
    if (stoppedByEventsMax) {
      throw new Error(
        `the run of ${scenario.name} (SEED=${this.#ctx.seed}) fired ${eventsMax} events before ${this.#endUs} µs`,
      );
    }
    if (this.#options.checkInvariants === true) this.#check();
    this.#lifecycle.recordUnfinished();
    return collectRun({
      ctx: this.#ctx,
      pools: this.#pools,
      lifecycle: this.#lifecycle,
      injected: this.#injected,
      events: this.#applied,
      endUs: this.#endUs,
      invariantsChecked: this.#options.checkInvariants === true,
      traced: this.#options.trace ?? true,
    });
  }

  /** Samples at 0, step, 2·step, … up to the end (inclusive). */
  #sampleEvery(stepUs: number): void {
    const { engine } = this.#ctx;
    const sample = (): void => {
      this.#sample();
      if (engine.nowUs() + stepUs <= this.#endUs) engine.schedule(stepUs, sample);
    };
    engine.schedule(0, sample);
  }

  #sample(): void {
    const { metrics, cloud, engine } = this.#ctx;
    const nowUs = engine.nowUs();
    for (let phase = 0; phase < 5; phase++) {
      metrics.phaseSeries[phase]?.push(metrics.phaseCounts[phase] ?? 0);
    }
    metrics.unschedulableSeries.push(metrics.unschedulable);
    for (const accounting of cloud.vSwitchAccounting()) {
      metrics.sampleVSwitch(accounting.vSwitchId, accounting.ipv4.free, nowUs);
      const v6 = accounting.ipv6;
      if (v6 !== null) {
        metrics.sampleVSwitchIpv6(accounting.vSwitchId, v6.inUseAtStart + v6.assignedToEnis);
      }
    }
    if (this.#options.checkInvariants === true) this.#check();
  }

  /** Runs every invariant checker now; a violation stops the run with the seed. */
  #check(): void {
    const { engine, cloud, controlPlane, metrics, seed } = this.#ctx;
    metrics.invariantChecks++;
    const nodes = this.#pools
      .liveNodes()
      .flatMap((node) => (node.allocator === null ? [] : [node.allocator.snapshot()]));
    // ENIs existing instances brought are outside Terway: count their addresses as used from
    // the start, as the checker counts any address no allocator manages.
    const foreign = this.#pools.foreignAddresses();
    const vSwitches = cloud.vSwitchAccounting().map((accounting) => {
      const count = foreign.get(accounting.vSwitchId) ?? 0;
      if (count === 0) return accounting;
      const { ipv4 } = accounting;
      return {
        ...accounting,
        ipv4: {
          ...ipv4,
          inUseAtStart: ipv4.inUseAtStart + count,
          assignedToEnis: ipv4.assignedToEnis - count,
          eniPrimary: ipv4.eniPrimary - count,
        },
      };
    });
    checkAll(
      { nowUs: engine.nowUs(), nodes, controlPlane: controlPlane.snapshot(), vSwitches },
      { seed },
    );
    const cloudViolations = cloudInvariantViolations(cloud);
    if (cloudViolations.length > 0) {
      throw new InvariantViolationError(
        cloudViolations.map((message) => ({ checker: 'cloud', message })),
        { seed, nowUs: engine.nowUs() },
      );
    }
  }
}
