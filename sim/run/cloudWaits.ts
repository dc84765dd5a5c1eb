/**
 * Where a pod's wait for the cloud went: the log of every create, attach and assign call per ENI,
 * and the split of a wait window over them.
 *
 * A pod that waited for the cloud got its address on one ENI (`CniAddResult.eniId`). Each moment
 * of its wait is charged to the call on that ENI in flight then (the latest issued, if several):
 * to `cloudThrottled` while the call waited for a client token or was refused with `Throttling`,
 * otherwise to the call's operation. Between calls, a moment goes to the call that ended last,
 * unless a pod got an address on the ENI since (then the ENI was ready): after a successful
 * attach the ENI is still attaching (Attaching → InUse, which Terway polls), after a throttled
 * call the client backs off before it retries. Otherwise the moment is `cloudOther`: the
 * controller's work queue, Terway's own limiters, an address another pod released. So the parts
 * sum to the window exactly.
 *
 * Failed creates are tied to their ENI through the `ClientToken` their retries share (Terway's
 * `pkg/aliyun/client/ecs.go` CreateNetworkInterface passes one); EFLO's create has none, so a
 * Lingjun LENI's failed creates count as `cloudOther`.
 */
import type { CallCompleted, CallSubject, CloudCallObserver } from '../cloud/index.js';
import type { CloudApiAction, CloudErrorCode } from '../contracts/cloudApi.js';
import { CLOUD_WAIT_PHASES, type CloudWaitPhase } from '../../models/results/podPhases.js';

/** The operation each observed action performs. */
const OPERATION: Partial<Record<CloudApiAction, CloudWaitPhase>> = {
  CreateNetworkInterface: 'cloudCreate',
  CreateElasticNetworkInterface: 'cloudCreate',
  AttachNetworkInterface: 'cloudAttach',
  AttachElasticNetworkInterface: 'cloudAttach',
  AssignPrivateIpAddresses: 'cloudAssign',
  AssignIpv6Addresses: 'cloudAssign',
  AssignLeniPrivateIpAddress: 'cloudAssign',
};

/** One observed call. */
interface CallSpan {
  readonly operation: CloudWaitPhase;
  readonly issuedUs: number;
  /** When it left the client (after its token wait). */
  readonly sentUs: number;
  /** Infinity while in flight. */
  completedUs: number;
  throttled: boolean;
}

/** A log keeps at most this many calls per ENI before it drops the oldest finished half. */
const SPANS_KEPT_PER_ENI = 256;

/** Served moments kept per ENI: enough for the pods that wait on one ENI together. */
const SERVED_KEPT = 32;

const PHASE_INDEX = new Map(CLOUD_WAIT_PHASES.map((phase, index) => [phase, index]));

function indexOf(phase: CloudWaitPhase): number {
  const index = PHASE_INDEX.get(phase);
  if (index === undefined) throw new Error(`assertion: unknown cloud wait phase ${phase}`);
  return index;
}

/** The calls per ENI of a run, and the split of a pod's cloud wait over them. */
export class CloudWaitLog implements CloudCallObserver {
  readonly #byEni = new Map<string, CallSpan[]>();
  /** A create's tries by ClientToken, until one returns its ENI. */
  readonly #byToken = new Map<string, CallSpan[]>();
  /** The latest moments a pod got an address on each ENI (at most SERVED_KEPT). */
  readonly #served = new Map<string, number[]>();

  /** A pod got an address on `eniId` at `atUs` (warm or not). */
  served(eniId: string, atUs: number): void {
    const times = this.#served.get(eniId);
    if (times === undefined) this.#served.set(eniId, [atUs]);
    else {
      times.push(atUs);
      if (times.length > SERVED_KEPT) times.shift();
    }
  }

  issued(
    action: CloudApiAction,
    subject: CallSubject,
    issuedUs: number,
    sentUs: number,
  ): CallCompleted {
    const operation = OPERATION[action] ?? 'cloudOther';
    const span: CallSpan = { operation, issuedUs, sentUs, completedUs: Infinity, throttled: false };
    const token = subject.clientToken;
    if (subject.networkInterfaceId !== null) this.#add(subject.networkInterfaceId, [span]);
    else if (token !== null) {
      const tries = this.#byToken.get(token);
      if (tries === undefined) this.#byToken.set(token, [span]);
      else tries.push(span);
    }
    return (completedUs: number, code: CloudErrorCode | null, createdId: string | null) => {
      span.completedUs = completedUs;
      span.throttled = code === 'Throttling';
      if (createdId === null) return;
      const tries = token === null ? [span] : (this.#byToken.get(token) ?? [span]);
      if (token !== null) this.#byToken.delete(token);
      this.#add(createdId, tries);
    };
  }

  #add(eniId: string, spans: readonly CallSpan[]): void {
    let list = this.#byEni.get(eniId);
    if (list === undefined) {
      list = [];
      this.#byEni.set(eniId, list);
    }
    list.push(...spans);
    list.sort((a, b) => a.issuedUs - b.issuedUs);
    if (list.length > SPANS_KEPT_PER_ENI) {
      const cut = list.length >>> 1;
      if (list.slice(0, cut).every((s) => Number.isFinite(s.completedUs))) list.splice(0, cut);
    }
  }

  /**
   * The window `[fromUs, toUs)` of a pod's wait for an address on `eniId`, split in µs over
   * `CLOUD_WAIT_PHASES`; the parts sum to `toUs − fromUs`.
   */
  split(eniId: string, fromUs: number, toUs: number): number[] {
    const parts = new Array<number>(CLOUD_WAIT_PHASES.length).fill(0);
    if (toUs <= fromUs) return parts;
    const spans = (this.#byEni.get(eniId) ?? []).filter((s) => s.issuedUs < toUs);
    const cuts = new Set<number>([fromUs, toUs]);
    for (const s of spans) {
      for (const t of [s.issuedUs, s.sentUs, s.completedUs]) {
        if (t > fromUs && t < toUs) cuts.add(t);
      }
    }
    const served = this.#served.get(eniId) ?? [];
    for (const t of served) if (t > fromUs && t < toUs) cuts.add(t);
    const times = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < times.length; i++) {
      const at = times[i] ?? fromUs;
      const next = times[i + 1] ?? toUs;
      const phase = phaseAt(spans, served, at);
      const index = indexOf(phase);
      parts[index] = (parts[index] ?? 0) + (next - at);
    }
    return parts;
  }
}

/** What the moment `atUs` of a wait is charged to (spans sorted by issue time). */
function phaseAt(
  spans: readonly CallSpan[],
  served: readonly number[],
  atUs: number,
): CloudWaitPhase {
  let inFlight: CallSpan | null = null;
  let lastEnded: CallSpan | null = null;
  for (const s of spans) {
    if (s.issuedUs > atUs) break;
    if (atUs < s.completedUs) inFlight = s;
    else if (lastEnded === null || s.completedUs >= lastEnded.completedUs) lastEnded = s;
  }
  if (inFlight !== null) {
    return atUs < inFlight.sentUs || inFlight.throttled ? 'cloudThrottled' : inFlight.operation;
  }
  if (lastEnded !== null) {
    const endedUs = lastEnded.completedUs;
    if (served.some((t) => t >= endedUs && t <= atUs)) return 'cloudOther';
    return lastEnded.throttled ? 'cloudThrottled' : lastEnded.operation;
  }
  return 'cloudOther';
}
