/**
 * The two long ENI sequences every allocator runs: create → attach → wait InUse, and
 * detach → wait Available → delete (terway.md §3.1 step 1–5, §3.3 step 2–4).
 *
 * Creation picks a vSwitch for each try; a vSwitch that answers "no address left" is blocked and
 * the next try takes another (`eni_create`: 2 tries). Once the ENI exists the caller is told at
 * once (`onCreated`), so it can track the addresses the ENI already holds; if the attach or the
 * wait then fails, the caller owns an ENI it must delete.
 */
import { CloudErrorCode } from '../contracts/cloudApi.js';
import type { NetworkInterface } from '../contracts/cloudApi.js';
import type { Coroutine } from '../contracts/operation.js';
import { wait } from '../contracts/operation.js';
import { backoffSleepsUs, TERWAY_BACKOFF } from './backoff.js';
import { bump, trackInFlight } from './env.js';
import type { AllocatorEnv } from './env.js';
import {
  attachEni,
  createEniOnce,
  deleteEni,
  describeEni,
  detachEni,
  isRetryableCreate,
  isVSwitchExhausted,
  statusBackoff,
  waitEniStatus,
} from './eniApi.js';
import type { VSwitchPicker } from './vSwitchPicker.js';
import type { VSwitchSelectPolicy } from '../../models/podNetworking.js';

/** Why a create-and-attach failed: a cloud code, no usable vSwitch, or the wait ran out. */
export type EniFailureCode = CloudErrorCode | 'NoUsableVSwitch' | 'AttachTimeout';

/** The outcome of {@link createAndAttachEni}. */
export type CreateAttachOutcome =
  | { readonly ok: true; readonly eni: NetworkInterface }
  | {
      readonly ok: false;
      readonly code: EniFailureCode;
      readonly message: string;
      /** The ENI if it was created: the caller must dispose of it. */
      readonly created: NetworkInterface | null;
    };

/** What to create and where to attach it. */
export interface CreateAttachRequest {
  readonly trunk: boolean;
  readonly ipv4Count: number;
  readonly ipv6Count: number;
  readonly securityGroupIds: readonly string[];
  /** Attach as a member of this trunk ENI. */
  readonly trunkEniId: string | null;
  /** vSwitches to choose from (a PodNetworking's, or the node's eni-config). */
  readonly vSwitchIds: readonly string[];
  /** The idempotency key of the create. */
  readonly clientToken: string;
}

/** Creates an ENI with its first addresses, attaches it, and waits until it is InUse. */
export function* createAndAttachEni(
  env: AllocatorEnv,
  picker: VSwitchPicker,
  request: CreateAttachRequest,
  onCreated: (eni: NetworkInterface) => void,
): Coroutine<CreateAttachOutcome> {
  const created = yield* createEni(env, picker, request, { vSwitchOnce: false });
  if (!created.ok) return { ...created, created: null };
  const eni = created.eni;
  onCreated(eni);
  const attached = yield* attachEni(env, {
    eniId: eni.networkInterfaceId,
    trunkEniId: request.trunkEniId,
  });
  if (!attached.ok) {
    return { ok: false, code: attached.code, message: attached.message, created: eni };
  }
  const waited = yield* waitEniStatus(env, {
    eniId: eni.networkInterfaceId,
    want: 'InUse',
    backoff: statusBackoff(env, request.trunkEniId !== null),
  });
  if (waited.kind === 'reached') return { ok: true, eni: waited.eni };
  const message =
    waited.kind === 'gone'
      ? `ENI ${eni.networkInterfaceId} vanished while attaching`
      : `ENI ${eni.networkInterfaceId} not InUse in time (last ${String(waited.lastStatus)})`;
  return { ok: false, code: 'AttachTimeout', message, created: eni };
}

/** What to create (the attach target is not needed yet). */
export type CreateEniSpec = Omit<CreateAttachRequest, 'trunkEniId'>;

/** The outcome of {@link createEni}. */
export type CreateResult =
  | { readonly ok: true; readonly eni: NetworkInterface }
  | { readonly ok: false; readonly code: EniFailureCode; readonly message: string };

/**
 * CreateNetworkInterface with the `eni_create` backoff (2 tries) and one idempotency key. A
 * vSwitch that answers "no address left" is blocked. The daemon picks a vSwitch for each try, so
 * its second try goes elsewhere; the controlplane picks one before it tries (`vSwitchOnce`) and
 * gives up on that vSwitch's exhaustion.
 */
export function* createEni(
  env: AllocatorEnv,
  picker: VSwitchPicker,
  request: CreateEniSpec,
  options: {
    readonly vSwitchOnce: boolean;
    /** `GetOne`'s policy when not the node's (the pod controller passes the pod network's). */
    readonly vSwitchPolicy?: VSwitchSelectPolicy;
  },
): Coroutine<CreateResult> {
  const sleeps = backoffSleepsUs(TERWAY_BACKOFF.eniCreate, () => env.rng.float());
  let last: CreateResult = {
    ok: false,
    code: 'NoUsableVSwitch',
    message: `no usable vSwitch among [${request.vSwitchIds.join(', ')}]`,
  };
  let vSwitchId: string | null = null;
  for (let attempt = 0; attempt <= sleeps.length; attempt++) {
    if (vSwitchId === null || !options.vSwitchOnce) {
      vSwitchId = yield* picker.pick(env, request.vSwitchIds, options.vSwitchPolicy);
    }
    if (vSwitchId === null) return last;
    const result = yield* createEniOnce(env, {
      vSwitchId,
      securityGroupIds: request.securityGroupIds,
      trunk: request.trunk,
      ipv4Count: request.ipv4Count,
      ipv6Count: request.ipv6Count,
      clientToken: request.clientToken,
    });
    if (result.ok) return { ok: true, eni: result.value };
    bump(env.counters.errors, result.code);
    last = { ok: false, code: result.code, message: result.message };
    if (isVSwitchExhausted(result.code)) {
      picker.block(vSwitchId);
      if (options.vSwitchOnce) return last;
    } else if (!isRetryableCreate(result.code)) return last;
    const sleepUs = sleeps[attempt];
    if (sleepUs === undefined) break;
    yield* wait(env.clock.sleep(sleepUs));
  }
  return last;
}

/** The outcome of {@link disposeEni}. */
export type DisposeOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: EniFailureCode; readonly message: string };

/**
 * Detaches an ENI, waits until it is Available, and deletes it. `attached: false` skips the
 * detach (an ENI whose attach never happened).
 */
export function* disposeEni(
  env: AllocatorEnv,
  request: {
    readonly eniId: string;
    readonly vSwitchId: string;
    readonly trunkEniId: string | null;
    readonly attached: boolean;
  },
): Coroutine<DisposeOutcome> {
  if (request.attached) {
    const detached = yield* detachEni(env, {
      eniId: request.eniId,
      trunkEniId: request.trunkEniId,
    });
    if (!detached.ok) return detached;
    const waited = yield* waitEniStatus(env, {
      eniId: request.eniId,
      want: 'Available',
      backoff: statusBackoff(env, request.trunkEniId !== null),
    });
    if (waited.kind === 'timeout') {
      return {
        ok: false,
        code: 'AttachTimeout',
        message: `ENI ${request.eniId} not Available after detach (last ${String(waited.lastStatus)})`,
      };
    }
    if (waited.kind === 'gone') return { ok: true };
  }
  const deleted = yield* deleteEni(env, { eniId: request.eniId, vSwitchId: request.vSwitchId });
  if (!deleted.ok) return deleted;
  return { ok: true };
}

/** `eni_delete_confirm` (1.17.1+): 1 s, then 2 s × 1.5ⁿ capped at 4 s, no jitter, 4 tries. */
const ENI_DELETE_CONFIRM_SLEEPS_US = [2_000_000, 3_000_000, 4_000_000] as const;
const ENI_DELETE_CONFIRM_INITIAL_US = 1_000_000;
/** `pkg/factory/aliyun/aliyun.go:DeleteNetworkInterface`: the fixed sleep between detach and delete. */
export const DAEMON_DETACH_SLEEP_US = 5_000_000;

/**
 * The daemon's delete (`pkg/factory/aliyun/aliyun.go:DeleteNetworkInterface`): detach once,
 * sleep a fixed 5 s, delete once; from 1.17.1 `ECSService.DeleteNetworkInterface` confirms the
 * delete by describing the ENI (`eni_delete_confirm`) until it is gone. `attached: false` skips
 * the detach and the sleep.
 */
export function* daemonDeleteEni(
  env: AllocatorEnv,
  request: {
    readonly eniId: string;
    readonly vSwitchId: string;
    readonly attached: boolean;
    readonly confirm: boolean;
  },
  /** Called once the delete is accepted (the cloud has let the ENI go), before the confirm. */
  onDeleted: () => void,
): Coroutine<DisposeOutcome> {
  if (request.attached) {
    const detached = yield* detachEni(env, { eniId: request.eniId, trunkEniId: null });
    if (!detached.ok) return detached;
    yield* wait(env.clock.sleep(DAEMON_DETACH_SLEEP_US));
  }
  const done = trackInFlight(env, request.vSwitchId);
  try {
    bump(env.counters.calls, 'DeleteNetworkInterface');
    const deleted = yield* wait(
      env.cloud.deleteNetworkInterface({ networkInterfaceId: request.eniId }),
    );
    if (!deleted.ok && deleted.code !== CloudErrorCode.eniNotFound) {
      bump(env.counters.errors, deleted.code);
      return deleted;
    }
    env.counters.enisDeleted++;
  } finally {
    done();
  }
  onDeleted();
  if (!request.confirm) return { ok: true };
  yield* wait(env.clock.sleep(ENI_DELETE_CONFIRM_INITIAL_US));
  for (let attempt = 0; ; attempt++) {
    const described = yield* describeEni(env, request.eniId);
    if (described.ok && described.value === null) return { ok: true };
    const sleepUs = ENI_DELETE_CONFIRM_SLEEPS_US[attempt];
    if (sleepUs === undefined) break;
    yield* wait(env.clock.sleep(sleepUs));
  }
  return {
    ok: false,
    code: CloudErrorCode.internalError,
    message: `timeout waiting for eni ${request.eniId} to be deleted`,
  };
}
