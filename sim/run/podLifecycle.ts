/**
 * The pod lifecycle under simulated time, from creation to deletion:
 *
 *   created by a controller → Terway webhook (pods it denies are refused)
 *   → scheduling queue → kube-scheduler cycle (Filter/Score, assume, Binding at 50 QPS)
 *   → kubelet picks the pod up and the runtime creates the sandbox
 *   → CNI ADD through the node's allocator (shared: an address from the pool; exclusive: an ENI;
 *     trunk: a member ENI; dual-stack: both families) — network ready
 *   → containers start → Running.
 *
 * A sandbox fails when the allocator returns an error or CNI ADD outlives Terway's 120 s
 * timeout; the kubelet then calls CNI DEL for it and retries after its pod worker's requeue
 * (10 s, jittered). A deleted pod terminates (its grace), CNI DEL releases its network through
 * the allocator (a Fixed-IP ENI is kept per its releaseStrategy), and it leaves the scheduler's
 * cache; a finished Job pod does the same at once. Deletions and new nodes move unschedulable
 * pods back to the queue. Every constant is in `lifecycle.ts`.
 */
import type {
  AllocationResult,
  CniAddResult,
  NodeAllocator,
  PodRef,
  PodRequest,
} from '../allocator/index.js';
import { TokenBucket } from '../cloud/index.js';
import type { Coroutine } from '../contracts/operation.js';
import { delaySampler } from '../engine/distributions.js';
import { ResourceNames } from '../../models/wellKnownKeys.js';
import type { Scheduler, ScheduleResult } from '../placement/scheduler.js';
import type { PodOutcome, RunContext } from './context.js';
import { stampPod, type AdmittedTemplate } from './podFactory.js';
import { podPhasesUs } from './podStartPhases.js';
import { SchedulingQueue } from './schedulingQueue.js';
import type { SimNode } from './simNode.js';
import { PodPhase, SimPod, type NetworkMode, type PodOwner } from './simPod.js';

/** What the lifecycle needs from the node pools. */
export interface NodeDirectory {
  /** The node of that name (bound pods' nodes always exist). */
  node(name: string): SimNode;
  /** A pod left `node` (used to finish draining it). */
  podLeft(node: SimNode): void;
}

/** How to create one pod. */
export interface PodInit {
  readonly owner: PodOwner;
  readonly template: AdmittedTemplate;
  readonly name: string;
  readonly revision: number;
  readonly ordinal: number;
  readonly runsToCompletion: boolean;
}

/** What a pod's pending lifecycle event does (`SimPod.step`). */
const Step = {
  /** The kubelet creates the sandbox and calls CNI ADD. */
  sandbox: 1,
  /** Terway's CNI timeout for the running attempt. */
  cniTimeout: 2,
  /** The containers run. */
  running: 3,
  /** The grace period is over: tear the sandbox down. */
  tearDown: 4,
} as const;

/** The pods of a run and what happens to them. */
export class PodLifecycle {
  readonly queue: SchedulingQueue;
  readonly #ctx: RunContext;
  readonly #scheduler: Scheduler;
  readonly #nodes: NodeDirectory;
  readonly #bindings: TokenBucket;
  /** Live pods by `namespace/name` (pending, bound or terminating). */
  readonly #live = new Map<string, SimPod>();
  /** Pending pods whose PodScheduled condition is False, in the order they first failed. */
  readonly #scheduledFalse = new Set<SimPod>();
  #uidSerial = 0;
  #pumpQueued = false;
  #wakeUs = -1;
  #flushArmed = false;
  /** Each vSwitch's zone. */
  readonly #zones: ReadonlyMap<string, string>;
  /** A network's vSwitches narrowed to one zone, per list and zone. */
  readonly #zoneVSwitches = new WeakMap<readonly string[], Map<string, readonly string[]>>();

  constructor(ctx: RunContext, scheduler: Scheduler, nodes: NodeDirectory) {
    this.#ctx = ctx;
    this.#scheduler = scheduler;
    this.#nodes = nodes;
    this.queue = new SchedulingQueue(ctx.constants);
    this.#zones = new Map(ctx.scenario.cluster.vSwitches.map((v) => [v.id, v.zone]));
    this.#bindings = new TokenBucket(
      { count: ctx.constants.bindingQps, periodUs: 1_000_000, burst: ctx.constants.bindingBurst },
      'kube-scheduler client',
    );
  }

  /**
   * Pods waiting as unschedulable: what the cluster autoscaler looks at. Pods moved back for a
   * retry are left out, as CA's filter-out-schedulable leaves out pods an existing node takes;
   * if the retry fails they are unschedulable again at the next scan.
   */
  unschedulablePods(): SimPod[] {
    return [...this.queue.unschedulable];
  }

  /** The live pod named `key`, if any. */
  pod(key: string): SimPod | undefined {
    return this.#live.get(key);
  }

  /** Live pods bound to `node`, in no particular order (callers sort). */
  podsOn(node: SimNode): SimPod[] {
    const info = this.#ctx.state.nodeInfo(node.name);
    if (info === undefined) return [];
    const pods: SimPod[] = [];
    for (const spec of info.pods()) {
      const pod = this.#live.get(`${spec.namespace}/${spec.name}`);
      if (pod !== undefined) pods.push(pod);
    }
    return pods;
  }

  /**
   * Creates a pod now. Returns null when the API server refuses it (the webhook denied it) or a
   * pod of that name still exists.
   *
   * Equivalent to: `POST /api/v1/namespaces/{ns}/pods` by the workload's controller.
   */
  create(init: PodInit): SimPod | null {
    const { metrics, engine } = this.#ctx;
    const namespace = init.template.pod.namespace;
    if (init.template.outcome === 'denied' || this.#live.has(`${namespace}/${init.name}`)) {
      metrics.podsRefused++;
      return null;
    }
    const pod = new SimPod({
      name: init.name,
      uid: `uid-${(++this.#uidSerial).toString(36)}`,
      owner: init.owner,
      template: init.template,
      spec: stampPod(init.template, init.name),
      revision: init.revision,
      ordinal: init.ordinal,
      runsToCompletion: init.runsToCompletion,
      createdUs: engine.nowUs(),
    });
    // NOTE: one callback per pod, dispatching on `pod.step`, instead of a closure per event.
    pod.fire = () => {
      this.#fire(pod);
    };
    this.#live.set(pod.key, pod);
    metrics.podsCreated++;
    metrics.transition(-1, PodPhase.pending);
    this.queue.add(pod);
    this.#requestPump();
    return pod;
  }

  /**
   * Deletes a pod: a pending one goes at once; a bound one terminates, then its sandbox is torn
   * down (CNI DEL) and it leaves the node.
   *
   * Equivalent to: `DELETE /api/v1/namespaces/{ns}/pods/{name}` (default grace).
   */
  delete(pod: SimPod): void {
    this.#finish(pod, false);
  }

  /** A Job pod's containers exited 0: the pod succeeds and its sandbox is torn down at once. */
  complete(pod: SimPod): void {
    this.#finish(pod, true);
  }

  #finish(pod: SimPod, succeeded: boolean): void {
    if (pod.deleteRequested || pod.phase === PodPhase.gone) return;
    const { engine, metrics } = this.#ctx;
    pod.deleteRequested = true;
    if (pod.lifetimeTimer !== null) {
      engine.cancel(pod.lifetimeTimer);
      pod.lifetimeTimer = null;
    }
    pod.succeeded = succeeded;
    if (succeeded) metrics.podsSucceeded++;
    else metrics.podsDeleted++;
    if (pod.runningUs < 0) this.#record(pod, 'deletedBeforeRunning', null);
    if (pod.phase === PodPhase.pending) {
      this.queue.forget(pod);
      this.#clearScheduledFalse(pod);
      metrics.transition(PodPhase.pending, -1);
      pod.phase = PodPhase.gone;
      this.#live.delete(pod.key);
      pod.owner.onPodTerminating(pod);
      pod.owner.onPodGone(pod);
      return;
    }
    metrics.transition(pod.phase, PodPhase.terminating);
    pod.phase = PodPhase.terminating;
    if (pod.timer !== null && !pod.cniBusy) engine.cancel(pod.timer);
    if (!pod.cniBusy) pod.timer = null;
    const node = pod.node;
    if (pod.cniBusy && !pod.hasNetwork && node?.allocator != null) {
      // The kubelet cancels the pod worker's sync when the pod is deleted: the runtime stops
      // the sandbox and CNI DEL reaches Terway while CNI ADD still waits, which cancels it.
      node.allocator.release(this.#ref(pod, node));
    }
    pod.owner.onPodTerminating(pod);
    const graceUs = succeeded ? 0 : this.#ctx.constants.terminationUs;
    // The pod's own event slot is free unless CNI ADD runs (its timeout holds it).
    if (pod.timer === null) {
      this.#after(pod, graceUs, Step.tearDown);
    } else {
      engine.schedule(graceUs, () => {
        this.#tearDown(pod);
      });
    }
  }

  /** Tells the observer of a pod's record (once per pod). */
  #record(pod: SimPod, outcome: PodOutcome, phasesUs: readonly number[] | null): void {
    const observe = this.#ctx.observer?.podRecord;
    if (observe === undefined) return;
    observe({
      namespace: pod.namespace,
      name: pod.name,
      node: pod.node?.name ?? null,
      pool: pod.node?.poolName ?? null,
      mode: pod.template.hostNetwork ? 'hostNetwork' : pod.mode,
      createdUs: pod.createdUs,
      phasesUs,
      startUs: pod.runningUs < 0 ? null : pod.runningUs - pod.createdUs,
      outcome,
    });
  }

  /** At the end of the run: the records of the live pods that never reached Running. */
  recordUnfinished(): void {
    if (this.#ctx.observer?.podRecord === undefined) return;
    for (const pod of this.#live.values()) {
      if (pod.runningUs >= 0 || pod.deleteRequested) continue;
      const outcome: PodOutcome =
        pod.phase === PodPhase.pending
          ? pod.unschedulable || pod.podScheduledFalse
            ? 'unschedulableAtEnd'
            : 'pendingAtEnd'
          : pod.phase === PodPhase.networkSetup
            ? 'networkSetupAtEnd'
            : 'startingAtEnd';
      this.#record(pod, outcome, null);
    }
  }

  /** Moves unschedulable pods back to the queue: a node was added or changed, a pod left. */
  clusterChanged(): void {
    if (this.queue.unschedulable.size === 0) return;
    this.queue.moveAll(this.#ctx.engine.nowUs());
    this.#requestPump();
  }

  // ---- scheduling ----

  readonly #pumpNow = (): void => {
    this.#pump();
  };

  #requestPump(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    this.#ctx.engine.schedule(0, this.#pumpNow);
  }

  #pump(): void {
    this.#pumpQueued = false;
    const nowUs = this.#ctx.engine.nowUs();
    this.queue.releaseBackoff(nowUs);
    for (let pod = this.queue.pop(); pod !== undefined; pod = this.queue.pop()) {
      this.#scheduleOne(pod, nowUs);
    }
    const nextUs = this.queue.releaseBackoff(nowUs);
    if (this.queue.activeCount > 0) this.#requestPump();
    else if (nextUs !== null) this.#wakeAt(nextUs);
    this.#armFlush();
  }

  #wakeAt(atUs: number): void {
    if (this.#wakeUs !== -1 && this.#wakeUs <= atUs) return;
    this.#wakeUs = atUs;
    this.#ctx.engine.schedule(atUs - this.#ctx.engine.nowUs(), () => {
      if (this.#wakeUs === atUs) this.#wakeUs = -1;
      this.#pump();
    });
  }

  /** kube-scheduler's periodic flush of pods left unschedulable for more than 5 minutes. */
  #armFlush(): void {
    if (this.#flushArmed || this.queue.unschedulable.size === 0) return;
    this.#flushArmed = true;
    this.#ctx.engine.schedule(this.#ctx.constants.unschedulableFlushPeriodUs, () => {
      this.#flushArmed = false;
      if (this.queue.flushLeftover(this.#ctx.engine.nowUs()) > 0) this.#requestPump();
      this.#armFlush();
    });
  }

  #scheduleOne(pod: SimPod, nowUs: number): void {
    const result = this.#scheduler.scheduleAndBind(pod.spec);
    if (result.code === 'scheduled') {
      this.#assume(pod, this.#nodes.node(result.nodeName));
      return;
    }
    pod.scheduleAttempts++;
    pod.lastAttemptUs = nowUs;
    this.#noteUnschedulable(pod, result);
    this.queue.markUnschedulable(pod, nowUs);
  }

  #noteUnschedulable(pod: SimPod, result: Exclude<ScheduleResult, { code: 'scheduled' }>): void {
    const { metrics } = this.#ctx;
    if (!pod.podScheduledFalse) {
      pod.podScheduledFalse = true;
      this.#scheduledFalse.add(pod);
      metrics.unschedulable++;
    }
    const reasons = result.reasons.length === 0 ? [result.message] : result.reasons;
    for (const entry of reasons) {
      const reason = typeof entry === 'string' ? entry : entry.reason;
      pod.reasonsSeen ??= new Set();
      const first = !pod.reasonsSeen.has(reason);
      if (first) pod.reasonsSeen.add(reason);
      metrics.unschedulableReason(reason, result.message, first);
    }
  }

  #clearScheduledFalse(pod: SimPod): void {
    if (!pod.podScheduledFalse) return;
    pod.podScheduledFalse = false;
    this.#scheduledFalse.delete(pod);
    this.#ctx.metrics.unschedulable--;
  }

  /** The scheduler assumed the pod on `node`; the Binding call follows at the client's QPS. */
  #assume(pod: SimPod, node: SimNode): void {
    const { engine, metrics, constants } = this.#ctx;
    const nowUs = engine.nowUs();
    this.#clearScheduledFalse(pod);
    pod.node = node;
    pod.assumedUs = nowUs;
    metrics.podsScheduled++;
    metrics.transition(PodPhase.pending, PodPhase.networkSetup);
    pod.phase = PodPhase.networkSetup;
    node.podBound(!pod.template.hostNetwork);
    const bindUs = this.#bindings.reserve(nowUs) + constants.bindingLatencyUs;
    pod.boundUs = nowUs + bindUs;
    if (this.#usesOwnEni(pod, node)) {
      // Terway's pod controller starts on the binding, from its pod watch (ASSUMED: the watch
      // event arrives at once), while the kubelet is still creating the sandbox.
      engine.schedule(bindUs, () => {
        const allocator = node.allocator;
        if (pod.node !== node || pod.deleteRequested || allocator === null) return;
        pod.request ??= this.#request(pod, node);
        allocator.podBound(pod.request);
      });
    }
    this.#after(pod, bindUs + this.#delays(node).sandbox(), Step.sandbox);
  }

  /** Whether the pod gets an ENI of its own (exclusive or trunk member) on `node`. */
  #usesOwnEni(pod: SimPod, node: SimNode): boolean {
    const { template } = pod;
    if (template.hostNetwork) return false;
    return (
      node.profile.mode === 'exclusive' ||
      template.resource === ResourceNames.eni ||
      template.resource === ResourceNames.memberEni
    );
  }

  /** The kubelet's delay samplers on `node`. */
  #delays(node: SimNode): { readonly sandbox: () => number; readonly start: () => number } {
    node.kubeletDelays ??= {
      sandbox: delaySampler(node.kubeletRng, this.#ctx.constants.sandboxCreate),
      start: delaySampler(node.kubeletRng, this.#ctx.constants.containerStart),
    };
    return node.kubeletDelays;
  }

  /** Schedules the pod's next lifecycle event. */
  #after(pod: SimPod, delayUs: number, step: number): void {
    pod.step = step;
    pod.timer = this.#ctx.engine.schedule(delayUs, pod.fire);
  }

  #fire(pod: SimPod): void {
    pod.timer = null;
    switch (pod.step) {
      case Step.sandbox:
        this.#sandbox(pod);
        return;
      case Step.cniTimeout:
        if (pod.cniBusy) {
          pod.attemptTimedOut = true;
          this.#ctx.metrics.sandboxFailed('CniTimeout');
        }
        return;
      case Step.running:
        this.#running(pod);
        return;
      case Step.tearDown:
        this.#tearDown(pod);
        return;
      default:
        throw new Error(`assertion: pod ${pod.key} fired unknown step ${pod.step}`);
    }
  }

  // ---- the kubelet ----

  /** The kubelet creates the pod's sandbox and calls CNI ADD (host-network pods skip it). */
  #sandbox(pod: SimPod): void {
    const node = pod.node;
    if (node === null) throw new Error(`assertion: pod ${pod.key} has a sandbox but no node`);
    if (pod.template.hostNetwork) {
      // No CNI: its phases from here to network ready are empty.
      pod.firstCniAddUs = this.#ctx.engine.nowUs();
      pod.lastCniAddUs = pod.firstCniAddUs;
      this.#networkReady(pod, node, null);
      return;
    }
    const allocator = node.allocator;
    if (allocator === null) throw new Error(`assertion: node ${node.name} has no allocator`);
    const { engine, metrics, constants } = this.#ctx;
    if (pod.sandboxAttempts >= constants.sandboxAttemptsMax) {
      throw new Error(
        `assertion: pod ${pod.key} exceeded ${constants.sandboxAttemptsMax} attempts`,
      );
    }
    pod.sandboxAttempts++;
    metrics.sandboxAttempts++;
    const nowUs = engine.nowUs();
    if (pod.firstCniAddUs < 0) pod.firstCniAddUs = nowUs;
    pod.lastCniAddUs = nowUs;
    pod.cniBusy = true;
    pod.attemptTimedOut = false;
    const attempt = pod.sandboxAttempts;
    engine.process(this.#cniAdd(pod, node, allocator, attempt));
    // A warm pool answers synchronously, clearing the flag inside the call above.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (pod.cniBusy) this.#after(pod, constants.cniTimeoutUs, Step.cniTimeout);
  }

  *#cniAdd(pod: SimPod, node: SimNode, allocator: NodeAllocator, attempt: number): Coroutine<void> {
    pod.request ??= this.#request(pod, node);
    const result = yield* allocator.cniAdd(pod.request);
    this.#cniAddDone(pod, node, allocator, attempt, result);
  }

  #request(pod: SimPod, node: SimNode): PodRequest {
    const { template } = pod;
    let kind: PodRequest['kind'] = 'shared';
    if (node.profile.mode === 'exclusive' || template.resource === ResourceNames.eni) {
      kind = 'exclusive';
    } else if (template.resource === ResourceNames.memberEni) {
      kind = 'member';
    }
    const base = {
      namespace: pod.namespace,
      name: pod.name,
      key: pod.key,
      uid: pod.uid,
      kind,
      stateful: template.workload.fixedName,
    };
    if (kind === 'shared') return base;
    const vSwitchIds =
      template.vSwitchIds === null ? null : this.#inZone(template.vSwitchIds, node.profile.zone);
    return {
      ...base,
      ...(template.fixedIp === null ? {} : { fixedIp: template.fixedIp }),
      ...(vSwitchIds === null ? {} : { vSwitchIds }),
      vSwitchSelectionPolicy: template.vSwitchSelectionPolicy,
      ...(template.securityGroupIds === null
        ? {}
        : { securityGroupIds: template.securityGroupIds }),
    };
  }

  /**
   * The network's vSwitches in the node's zone: Terway's controller picks an ENI's vSwitch among
   * those of the pod's zone (an ENI cannot attach across zones); the webhook's zone affinity
   * put the pod where there is one.
   */
  #inZone(vSwitchIds: readonly string[], zone: string): readonly string[] {
    let byZone = this.#zoneVSwitches.get(vSwitchIds);
    if (byZone === undefined) {
      byZone = new Map();
      this.#zoneVSwitches.set(vSwitchIds, byZone);
    }
    let inZone = byZone.get(zone);
    if (inZone === undefined) {
      inZone = vSwitchIds.filter((id) => this.#zones.get(id) === zone);
      byZone.set(zone, inZone);
    }
    return inZone;
  }

  #cniAddDone(
    pod: SimPod,
    node: SimNode,
    allocator: NodeAllocator,
    attempt: number,
    result: CniAddResult,
  ): void {
    const { engine, metrics } = this.#ctx;
    if (attempt !== pod.sandboxAttempts) throw new Error(`assertion: stale CNI ADD of ${pod.key}`);
    pod.cniBusy = false;
    const timedOut = pod.attemptTimedOut;
    pod.attemptTimedOut = false;
    if (pod.timer !== null) {
      engine.cancel(pod.timer);
      pod.timer = null;
    }
    if (result.ok && !timedOut && !pod.deleteRequested && node.state !== 'removed') {
      pod.hasNetwork = true;
      if (result.warm) metrics.warmAllocations++;
      if (result.reused) metrics.reusedAllocations++;
      pod.datapathUs = result.datapathUs;
      pod.addressWarm = result.warm;
      const addressAtUs = engine.nowUs() - result.datapathUs;
      pod.cloudWaitUs = result.warm
        ? null
        : this.#ctx.cloudWaits.split(result.eniId, pod.lastCniAddUs, addressAtUs);
      this.#ctx.cloudWaits.served(result.eniId, addressAtUs);
      this.#networkReady(pod, node, result);
      return;
    }
    if (result.ok) {
      // The kubelet gave up on this sandbox (timeout) or the pod went meanwhile: CNI DEL.
      pod.hasNetwork = true;
      this.#release(pod, node, allocator, () => {
        this.#afterFailedSandbox(pod, node);
      });
      return;
    }
    // An ADD cancelled because the pod was deleted is not a failed sandbox.
    if (!(result.reason === 'Cancelled' && pod.deleteRequested))
      metrics.sandboxFailed(result.reason);
    if (result.reason === 'VSwitchExhausted') this.#noteExhaustion();
    // The kubelet tears the failed sandbox down: CNI DEL, which frees a failed PodENI.
    allocator.release(this.#ref(pod, node));
    this.#afterFailedSandbox(pod, node);
  }

  #afterFailedSandbox(pod: SimPod, node: SimNode): void {
    if (pod.deleteRequested) {
      if (pod.phase === PodPhase.terminating && pod.timer === null) this.#leave(pod, node);
      return;
    }
    if (node.state === 'removed') return;
    const { constants } = this.#ctx;
    const jitter = 1 + constants.sandboxRetryJitter * node.kubeletRng.float();
    const retryUs = Math.round(constants.sandboxRetryUs * jitter);
    this.#after(pod, retryUs + this.#delays(node).sandbox(), Step.sandbox);
  }

  #noteExhaustion(): void {
    const nowUs = this.#ctx.engine.nowUs();
    for (const accounting of this.#ctx.cloud.vSwitchAccounting()) {
      this.#ctx.metrics.noteVSwitchFree(accounting.vSwitchId, accounting.ipv4.free, nowUs);
    }
  }

  #networkReady(pod: SimPod, node: SimNode, result: AllocationResult | null): void {
    const { engine, metrics } = this.#ctx;
    const nowUs = engine.nowUs();
    pod.networkReadyUs = nowUs;
    if (result?.ok === true) {
      const mode: NetworkMode =
        result.kind === 'member' ? 'trunk' : result.kind === 'exclusive' ? 'exclusive' : 'shared';
      pod.mode = mode;
      pod.address = result.ipv4 ?? result.ipv6;
      metrics.networkReadyUs[mode].push(nowUs - pod.boundUs);
      metrics.podsNetworkReady++;
      node.networkUp();
      pod.networkCounted = true;
      this.#ctx.observer?.podNetworkReady?.({
        atUs: nowUs,
        pod: pod.key,
        uid: pod.uid,
        workload: pod.template.workload.key,
        node: node.name,
        pool: node.poolName,
        mode,
        ipv4: result.ipv4,
        ipv6: result.ipv6,
        eniId: result.eniId,
        warm: result.warm,
        reused: result.reused,
        boundUs: pod.boundUs,
      });
    }
    metrics.transition(PodPhase.networkSetup, PodPhase.starting);
    pod.phase = PodPhase.starting;
    this.#after(pod, this.#delays(node).start(), Step.running);
  }

  #running(pod: SimPod): void {
    const { engine, metrics } = this.#ctx;
    const nowUs = engine.nowUs();
    pod.runningUs = nowUs;
    metrics.transition(PodPhase.starting, PodPhase.running);
    pod.phase = PodPhase.running;
    metrics.podsStarted++;
    const latencyUs = nowUs - pod.createdUs;
    const phasesUs = podPhasesUs(pod);
    if (pod.mode === null) metrics.hostNetworkStartUs.push(latencyUs);
    else {
      metrics.startUs[pod.mode].push(latencyUs);
      metrics.podStarts.push({ mode: pod.mode, phasesUs, totalUs: latencyUs });
    }
    this.#record(pod, 'running', phasesUs);
    pod.owner.onPodRunning(pod);
  }

  // ---- termination ----

  /** The pod as CNI DEL names it (its request, which carries namespace, name and uid). */
  #ref(pod: SimPod, node: SimNode): PodRef {
    pod.request ??= this.#request(pod, node);
    return pod.request;
  }

  /** After the grace period: CNI DEL if the pod holds a network, then it leaves its node. */
  #tearDown(pod: SimPod): void {
    const node = pod.node;
    if (node === null) throw new Error(`assertion: terminating pod ${pod.key} has no node`);
    if (pod.cniBusy) return; // CNI ADD finishes first; #cniAddDone then releases and leaves.
    if (pod.timer !== null) {
      this.#ctx.engine.cancel(pod.timer);
      pod.timer = null;
    }
    const allocator = node.allocator;
    if (pod.hasNetwork && allocator !== null) {
      this.#release(pod, node, allocator, () => {
        this.#leave(pod, node);
      });
    } else {
      this.#leave(pod, node);
    }
  }

  #release(pod: SimPod, node: SimNode, allocator: NodeAllocator, then: () => void): void {
    pod.cniBusy = true;
    this.#ctx.engine.process(this.#cniDel(pod, node, allocator, then));
  }

  *#cniDel(
    pod: SimPod,
    node: SimNode,
    allocator: NodeAllocator,
    then: () => void,
  ): Coroutine<void> {
    yield* allocator.cniDel(this.#ref(pod, node));
    pod.cniBusy = false;
    pod.hasNetwork = false;
    if (pod.networkCounted) {
      pod.networkCounted = false;
      node.networkDown();
    }
    then();
  }

  /** The pod is gone from its node and from the API (or finished): the scheduler forgets it. */
  #leave(pod: SimPod, node: SimNode): void {
    const { engine, metrics, state } = this.#ctx;
    if (pod.phase === PodPhase.gone) return;
    state.unbind(pod.key);
    node.podUnbound(!pod.template.hostNetwork, engine.nowUs());
    metrics.transition(pod.phase, -1);
    pod.phase = PodPhase.gone;
    this.#live.delete(pod.key);
    this.#nodes.podLeft(node);
    pod.owner.onPodGone(pod);
    this.clusterChanged();
  }
}
