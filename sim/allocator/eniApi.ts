/**
 * The OpenAPI operations the allocators perform on ENIs, each with Terway's retry policy, on the
 * ECS API or (Lingjun) the EFLO LENI API. Every function is a coroutine returning a
 * `CloudResult`: an expected failure is a value.
 *
 * Retries follow Terway's client (`pkg/aliyun/client/ecs.go`, which differs from terway.md §3.5):
 * Create is retried on `Throttling` and `InternalError` with `eni_create`, Assign also on
 * `Operation.Conflict` with `eni_ip_ops`, both with an idempotency key; AttachNetworkInterface
 * and DetachNetworkInterface are called once (their callers retry, or not); quota and address
 * errors are returned at once.
 */
import { CloudErrorCode } from '../contracts/cloudApi.js';
import type {
  CloudResult,
  NetworkInterface,
  NetworkInterfaceStatus,
} from '../contracts/cloudApi.js';
import type { Coroutine, Operation } from '../contracts/operation.js';
import { wait } from '../contracts/operation.js';
import type { AddressRecord } from './addressSet.js';
import { backoffSleepsUs, TERWAY_BACKOFF } from './backoff.js';
import type { BackoffSpec } from './backoff.js';
import { bump, trackInFlight } from './env.js';
import type { AllocatorEnv } from './env.js';

/**
 * Error codes Terway retries (with an idempotency key) on AssignPrivateIpAddresses and
 * AssignIpv6Addresses: the exact codes `Throttling`, `InternalError` and `Operation.Conflict`
 * (`pkg/aliyun/client/ecs.go:AssignPrivateIPAddress`, `apiErr.ErrorIs(..., WarpFn(ErrThrottling,
 * ErrInternalError, ErrOperationConflict))`; URL errors too, which the simulated cloud never
 * returns).
 */
export function isRetryable(code: CloudErrorCode): boolean {
  return (
    code === CloudErrorCode.throttling ||
    code === CloudErrorCode.internalError ||
    code === CloudErrorCode.operationConflict
  );
}

/**
 * The codes CreateNetworkInterface is retried on: `Throttling` and `InternalError` only
 * (`ecs.go:CreateNetworkInterface`); `Operation.Conflict` is returned.
 */
export function isRetryableCreate(code: CloudErrorCode): boolean {
  return code === CloudErrorCode.throttling || code === CloudErrorCode.internalError;
}

/** Codes meaning the vSwitch has no address left (Terway blocks it and inhibits allocation). */
export function isVSwitchExhausted(code: CloudErrorCode): boolean {
  return (
    code === CloudErrorCode.vSwitchIpNotEnough || code === CloudErrorCode.privateIpQuotaExceeded
  );
}

function failure<T>(code: CloudErrorCode, message: string): CloudResult<T> {
  return { ok: false, code, message };
}

/**
 * Runs `call` up to `backoff.steps` times, sleeping the jittered backoff between tries while the
 * error is retryable. `call` is invoked fresh for each try (it may pick another vSwitch).
 */
export function* withRetries<T>(
  env: AllocatorEnv,
  backoff: BackoffSpec,
  call: () => Operation<CloudResult<T>>,
  retryable: (code: CloudErrorCode) => boolean = isRetryable,
): Coroutine<CloudResult<T>> {
  const sleeps = backoffSleepsUs(backoff, () => env.rng.float());
  let result: CloudResult<T> = failure(CloudErrorCode.internalError, 'no attempt made');
  for (let attempt = 0; attempt <= sleeps.length; attempt++) {
    result = yield* wait(call());
    if (result.ok) return result;
    bump(env.counters.errors, result.code);
    if (!retryable(result.code)) return result;
    const sleepUs = sleeps[attempt];
    if (sleepUs === undefined) break;
    yield* wait(env.clock.sleep(sleepUs));
  }
  return result;
}

/** What to create. */
export interface CreateEniRequest {
  readonly vSwitchId: string;
  readonly securityGroupIds: readonly string[];
  readonly trunk: boolean;
  /** IPv4 addresses in all, the primary included (Terway's `IPCount`, at least 1). */
  readonly ipv4Count: number;
  /** IPv6 addresses (`IPv6Count`). */
  readonly ipv6Count: number;
  /** The idempotency key. */
  readonly clientToken: string;
}

/** One try of CreateNetworkInterface (ECS) or CreateElasticNetworkInterface (EFLO). */
export function* createEniOnce(
  env: AllocatorEnv,
  request: CreateEniRequest,
): Coroutine<CloudResult<NetworkInterface>> {
  const done = trackInFlight(env, request.vSwitchId);
  let result: CloudResult<NetworkInterface>;
  if (env.platform === 'lingjun') {
    bump(env.counters.calls, 'CreateElasticNetworkInterface');
    result = yield* wait(
      env.cloud.createElasticNetworkInterface({
        nodeId: env.instanceId,
        vSwitchId: request.vSwitchId,
        securityGroupId: request.securityGroupIds[0] ?? '',
      }),
    );
  } else {
    bump(env.counters.calls, 'CreateNetworkInterface');
    result = yield* wait(
      env.cloud.createNetworkInterface({
        vSwitchId: request.vSwitchId,
        securityGroupIds: request.securityGroupIds,
        instanceType: request.trunk ? 'Trunk' : 'Secondary',
        secondaryPrivateIpAddressCount: Math.max(0, request.ipv4Count - 1),
        ipv6AddressCount: request.ipv6Count,
        tags: { creator: 'terway' },
        clientToken: request.clientToken,
      }),
    );
  }
  if (result.ok) env.counters.enisCreated++;
  done();
  return result;
}

/** Attaches an ENI (as a trunk member when `trunkEniId` is set): one call. */
export function* attachEni(
  env: AllocatorEnv,
  request: { readonly eniId: string; readonly trunkEniId: string | null },
): Coroutine<CloudResult<void>> {
  const attach = (): Operation<CloudResult<void>> => {
    if (env.platform === 'lingjun') {
      bump(env.counters.calls, 'AttachElasticNetworkInterface');
      return env.cloud.attachElasticNetworkInterface({
        networkInterfaceId: request.eniId,
        instanceId: env.instanceId,
      });
    }
    bump(env.counters.calls, 'AttachNetworkInterface');
    return env.cloud.attachNetworkInterface({
      networkInterfaceId: request.eniId,
      instanceId: env.instanceId,
      ...(request.trunkEniId === null ? {} : { trunkNetworkInterfaceId: request.trunkEniId }),
    });
  };
  // `ECSService.AttachNetworkInterface`: one call, no retry.
  const result = yield* wait(attach());
  if (!result.ok) bump(env.counters.errors, result.code);
  return result;
}

/** Detaches an ENI: one call; an ENI already gone counts as detached. */
export function* detachEni(
  env: AllocatorEnv,
  request: { readonly eniId: string; readonly trunkEniId: string | null },
): Coroutine<CloudResult<void>> {
  const detach = (): Operation<CloudResult<void>> => {
    if (env.platform === 'lingjun') {
      bump(env.counters.calls, 'DetachElasticNetworkInterface');
      return env.cloud.detachElasticNetworkInterface({
        networkInterfaceId: request.eniId,
        instanceId: env.instanceId,
      });
    }
    bump(env.counters.calls, 'DetachNetworkInterface');
    return env.cloud.detachNetworkInterface({
      networkInterfaceId: request.eniId,
      instanceId: env.instanceId,
      ...(request.trunkEniId === null ? {} : { trunkNetworkInterfaceId: request.trunkEniId }),
    });
  };
  // `ECSService.DetachNetworkInterface`: one call, no retry; not found counts as done.
  const result = yield* wait(detach());
  if (!result.ok && result.code !== CloudErrorCode.eniNotFound)
    bump(env.counters.errors, result.code);
  if (!result.ok && result.code === CloudErrorCode.eniNotFound)
    return { ok: true, value: undefined };
  return result;
}

/** Deletes a detached ENI; an ENI already gone counts as deleted. */
export function* deleteEni(
  env: AllocatorEnv,
  request: { readonly eniId: string; readonly vSwitchId: string },
): Coroutine<CloudResult<void>> {
  const done = trackInFlight(env, request.vSwitchId);
  const remove = (): Operation<CloudResult<void>> => {
    if (env.platform === 'lingjun') {
      bump(env.counters.calls, 'DeleteElasticNetworkInterface');
      return env.cloud.deleteElasticNetworkInterface({ networkInterfaceId: request.eniId });
    }
    bump(env.counters.calls, 'DeleteNetworkInterface');
    return env.cloud.deleteNetworkInterface({ networkInterfaceId: request.eniId });
  };
  let result = yield* withRetries(env, TERWAY_BACKOFF.eniRelease, remove);
  if (!result.ok && result.code === CloudErrorCode.eniNotFound)
    result = { ok: true, value: undefined };
  if (result.ok) env.counters.enisDeleted++;
  done();
  return result;
}

/** One DescribeNetworkInterfaces (ECS) / ListElasticNetworkInterfaces (EFLO) of one ENI. */
export function* describeEni(
  env: AllocatorEnv,
  eniId: string,
): Coroutine<CloudResult<NetworkInterface | null>> {
  let result: CloudResult<readonly NetworkInterface[]>;
  if (env.platform === 'lingjun') {
    bump(env.counters.calls, 'ListElasticNetworkInterfaces');
    result = yield* wait(env.cloud.listElasticNetworkInterfaces({ networkInterfaceIds: [eniId] }));
  } else {
    bump(env.counters.calls, 'DescribeNetworkInterfaces');
    result = yield* wait(
      env.cloud.describeNetworkInterfaces({ networkInterfaceIds: [eniId], maxResults: 500 }),
    );
  }
  if (!result.ok) {
    bump(env.counters.errors, result.code);
    return result;
  }
  return { ok: true, value: result.value.find((eni) => eni.networkInterfaceId === eniId) ?? null };
}

/** Every ENI attached to this node's instance, one page (Terway asks for 500). */
export function* describeInstanceEnis(
  env: AllocatorEnv,
): Coroutine<CloudResult<readonly NetworkInterface[]>> {
  let result: CloudResult<readonly NetworkInterface[]>;
  if (env.platform === 'lingjun') {
    bump(env.counters.calls, 'ListElasticNetworkInterfaces');
    result = yield* wait(env.cloud.listElasticNetworkInterfaces({ instanceId: env.instanceId }));
  } else {
    bump(env.counters.calls, 'DescribeNetworkInterfaces');
    result = yield* wait(
      env.cloud.describeNetworkInterfaces({ instanceId: env.instanceId, maxResults: 500 }),
    );
  }
  if (!result.ok) bump(env.counters.errors, result.code);
  return result;
}

/** The outcome of waiting for an ENI to reach a status. */
export type WaitStatusOutcome =
  | { readonly kind: 'reached'; readonly eni: NetworkInterface }
  | { readonly kind: 'gone' }
  | { readonly kind: 'timeout'; readonly lastStatus: NetworkInterfaceStatus | null };

/**
 * `WaitForNetworkInterface`: sleeps the backoff's initial delay, then describes the ENI up to
 * `steps` times with the backoff's sleeps between, until its status is `want`. A failed
 * describe (a throttled call) counts as "not yet".
 */
export function* waitEniStatus(
  env: AllocatorEnv,
  request: {
    readonly eniId: string;
    readonly want: NetworkInterfaceStatus;
    readonly backoff: BackoffSpec;
  },
): Coroutine<WaitStatusOutcome> {
  const { backoff } = request;
  if (backoff.initialDelayUs > 0) yield* wait(env.clock.sleep(backoff.initialDelayUs));
  const sleeps = backoffSleepsUs(backoff, () => env.rng.float());
  let lastStatus: NetworkInterfaceStatus | null = null;
  for (let attempt = 0; attempt <= sleeps.length; attempt++) {
    const described = yield* describeEni(env, request.eniId);
    if (described.ok) {
      if (described.value === null) return { kind: 'gone' };
      lastStatus = described.value.status;
      if (described.value.status === request.want) return { kind: 'reached', eni: described.value };
    }
    const sleepUs = sleeps[attempt];
    if (sleepUs === undefined) break;
    yield* wait(env.clock.sleep(sleepUs));
  }
  return { kind: 'timeout', lastStatus };
}

/** The wait used after an attach or detach, by ENI kind and platform (terway.md §3.5). */
export function statusBackoff(env: AllocatorEnv, member: boolean): BackoffSpec {
  if (env.platform === 'lingjun') return TERWAY_BACKOFF.waitLeniStatus;
  return member ? TERWAY_BACKOFF.waitMemberEniStatus : TERWAY_BACKOFF.waitEniStatus;
}

/** Assigned addresses, with EFLO's names when the LENI API named them. */
export interface AssignedAddresses {
  readonly addresses: readonly string[];
  readonly ipNames: ReadonlyMap<string, string>;
}

/**
 * Adds `count` IPv4 addresses to an ENI: one AssignPrivateIpAddresses call (ECS), or `count`
 * AssignLeniPrivateIpAddress calls (EFLO, one address each), retried with `eni_ip_ops`.
 */
export function* assignIpv4(
  env: AllocatorEnv,
  request: {
    readonly eniId: string;
    readonly vSwitchId: string;
    readonly count: number;
    readonly clientToken: string;
  },
): Coroutine<CloudResult<AssignedAddresses>> {
  const done = trackInFlight(env, request.vSwitchId);
  try {
    if (env.platform === 'lingjun') {
      const addresses: string[] = [];
      const ipNames = new Map<string, string>();
      for (let i = 0; i < request.count; i++) {
        const one = yield* withRetries(env, TERWAY_BACKOFF.eniIpOps, () => {
          bump(env.counters.calls, 'AssignLeniPrivateIpAddress');
          return env.cloud.assignLeniPrivateIpAddress({ networkInterfaceId: request.eniId });
        });
        if (!one.ok) {
          if (addresses.length > 0) break;
          return one;
        }
        addresses.push(one.value.privateIpAddress);
        ipNames.set(one.value.privateIpAddress, one.value.ipName);
      }
      env.counters.ipv4Assigned += addresses.length;
      return { ok: true, value: { addresses, ipNames } };
    }
    const result = yield* withRetries(env, TERWAY_BACKOFF.eniIpOps, () => {
      bump(env.counters.calls, 'AssignPrivateIpAddresses');
      return env.cloud.assignPrivateIpAddresses({
        networkInterfaceId: request.eniId,
        secondaryPrivateIpAddressCount: request.count,
        clientToken: request.clientToken,
      });
    });
    if (!result.ok) return result;
    env.counters.ipv4Assigned += result.value.length;
    return { ok: true, value: { addresses: result.value, ipNames: new Map() } };
  } finally {
    done();
  }
}

/** Adds `count` IPv6 addresses to an ENI (AssignIpv6Addresses), retried with `eni_ip_ops`. */
export function* assignIpv6(
  env: AllocatorEnv,
  request: {
    readonly eniId: string;
    readonly vSwitchId: string;
    readonly count: number;
    readonly clientToken: string;
  },
): Coroutine<CloudResult<readonly string[]>> {
  const done = trackInFlight(env, request.vSwitchId);
  const result = yield* withRetries(env, TERWAY_BACKOFF.eniIpOps, () => {
    bump(env.counters.calls, 'AssignIpv6Addresses');
    return env.cloud.assignIpv6Addresses({
      networkInterfaceId: request.eniId,
      ipv6AddressCount: request.count,
      clientToken: request.clientToken,
    });
  });
  if (result.ok) env.counters.ipv6Assigned += result.value.length;
  done();
  return result;
}

/** Returns addresses to the vSwitch: one call per family (ECS) or per address (EFLO). */
export function* unassignAddresses(
  env: AllocatorEnv,
  request: {
    readonly eniId: string;
    readonly vSwitchId: string;
    readonly records: readonly AddressRecord[];
  },
): Coroutine<CloudResult<void>> {
  const done = trackInFlight(env, request.vSwitchId);
  try {
    const ipv4 = request.records.filter((r) => r.family === 'ipv4');
    const ipv6 = request.records.filter((r) => r.family === 'ipv6');
    if (env.platform === 'lingjun') {
      for (const record of ipv4) {
        const one = yield* withRetries(env, TERWAY_BACKOFF.eniIpOps, () => {
          bump(env.counters.calls, 'UnassignLeniPrivateIpAddress');
          return env.cloud.unassignLeniPrivateIpAddress({
            networkInterfaceId: request.eniId,
            ipName: record.ipName ?? record.address,
          });
        });
        if (!one.ok) return one;
        env.counters.ipv4Unassigned++;
      }
      return { ok: true, value: undefined };
    }
    if (ipv4.length > 0) {
      const result = yield* withRetries(env, TERWAY_BACKOFF.eniIpOps, () => {
        bump(env.counters.calls, 'UnassignPrivateIpAddresses');
        return env.cloud.unassignPrivateIpAddresses({
          networkInterfaceId: request.eniId,
          privateIpAddresses: ipv4.map((r) => r.address),
        });
      });
      if (!result.ok) return result;
      env.counters.ipv4Unassigned += ipv4.length;
    }
    if (ipv6.length > 0) {
      const result = yield* withRetries(env, TERWAY_BACKOFF.eniIpOps, () => {
        bump(env.counters.calls, 'UnassignIpv6Addresses');
        return env.cloud.unassignIpv6Addresses({
          networkInterfaceId: request.eniId,
          ipv6Addresses: ipv6.map((r) => r.address),
        });
      });
      if (!result.ok) return result;
      env.counters.ipv6Unassigned += ipv6.length;
    }
    return { ok: true, value: undefined };
  } finally {
    done();
  }
}
