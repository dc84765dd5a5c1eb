/**
 * Test harness for the datapath: run operations and coroutines that complete synchronously, boot
 * a node with a configured primary ENI, and wrap a datapath to record or fail calls.
 */
import type {
  AddressEntry,
  DatapathErrno,
  DatapathFailure,
  LinkEntry,
  NeighbourEntry,
  NodeDatapath,
  RouteEntry,
  RuleEntry,
} from '../../../sim/contracts/datapath.js';
import { RouteProtocol } from '../../../sim/contracts/datapath.js';
import type { Coroutine, Operation } from '../../../sim/contracts/operation.js';
import { done, spawn } from '../../../sim/contracts/operation.js';
import { MemoryDatapath } from '../../../sim/datapath/memoryDatapath.js';

/** The value of an operation that completes at once (the memory datapath's all do). */
export function now<T>(operation: Operation<T>): T {
  const box: { value?: T; completed: boolean } = { completed: false };
  operation.start((result) => {
    box.completed = true;
    box.value = result;
  });
  if (!box.completed) throw new Error('operation did not complete synchronously');
  return box.value as T;
}

/** Runs a coroutine over the memory datapath to its end and returns its result. */
export function run<T>(coroutine: Coroutine<T>): T {
  const task = spawn(coroutine);
  if (!task.finished) throw new Error('coroutine did not finish synchronously');
  return task.result as T;
}

/** Unwraps a successful result, failing the test with the errno otherwise. */
export function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

export const PRIMARY_MAC = '00:16:3e:00:00:01';
export const NODE_IPV4 = '192.168.0.10';
export const NODE_GATEWAY = '192.168.0.253';

/**
 * A booted node: host loopback up, the primary ENI eth0 (index 2) with the node's address
 * 192.168.0.10/24 and a default route via the vSwitch gateway 192.168.0.253.
 */
export function bootNode(options: { readonly ipvlanSupported?: boolean } = {}): MemoryDatapath {
  const dp = new MemoryDatapath(options);
  dp.plugDevice({ mac: PRIMARY_MAC });
  ok(now(dp.addrAdd({ netns: '', dev: 'eth0', address: `${NODE_IPV4}/24` })));
  ok(now(dp.linkSetUp({ netns: '', name: 'eth0' })));
  ok(now(dp.routeAdd({ netns: '', dst: '0.0.0.0/0', dev: 'eth0', gateway: NODE_GATEWAY })));
  return dp;
}

/** The loopback link as a new namespace has it (down) or the host has it (up). */
export function loopback(up: boolean): LinkEntry {
  return { name: 'lo', index: 1, kind: 'loopback', mtu: 65536, mac: '00:00:00:00:00:00', up };
}

/** The host loopback's addresses. */
export const HOST_LO_ADDRESSES: readonly AddressEntry[] = [
  { dev: 'lo', family: 4, address: '127.0.0.1', prefixLength: 8, scope: 'host' },
  { dev: 'lo', family: 6, address: '::1', prefixLength: 128, scope: 'host' },
];

/** The booted node's eth0. */
export const PRIMARY_LINK: LinkEntry = {
  name: 'eth0',
  index: 2,
  kind: 'device',
  mtu: 1500,
  mac: PRIMARY_MAC,
  up: true,
};

/** The booted node's eth0 address. */
export const PRIMARY_ADDRESS: AddressEntry = {
  dev: 'eth0',
  family: 4,
  address: NODE_IPV4,
  prefixLength: 24,
  scope: 'universe',
};

/** A route as `ip route` would have it with everything not given at its default. */
export function route(fields: Partial<RouteEntry> & Pick<RouteEntry, 'dst' | 'dev'>): RouteEntry {
  const family = fields.dst.includes(':') ? 6 : 4;
  return {
    family,
    scope: 'universe',
    protocol: RouteProtocol.boot,
    metric: family === 6 ? 1024 : 0,
    onlink: false,
    ...fields,
  };
}

/** The booted node's main-table routes, in dump order (IPv4 first, by destination). */
export const HOST_MAIN_ROUTES: readonly RouteEntry[] = [
  route({ dst: '0.0.0.0/0', dev: 'eth0', gateway: NODE_GATEWAY }),
  route({
    dst: '192.168.0.0/24',
    dev: 'eth0',
    scope: 'link',
    protocol: RouteProtocol.kernel,
    src: NODE_IPV4,
  }),
  route({ dst: '::1/128', dev: 'lo', protocol: RouteProtocol.kernel, metric: 256 }),
];

/** The rules every namespace starts with. */
export const DEFAULT_RULES: readonly RuleEntry[] = [
  { family: 4, priority: 0, table: 255 },
  { family: 4, priority: 32766, table: 254 },
  { family: 4, priority: 32767, table: 253 },
  { family: 6, priority: 0, table: 255 },
  { family: 6, priority: 32766, table: 254 },
];

/** A permanent neighbour entry. */
export function neighbour(dev: string, address: string, mac: string): NeighbourEntry {
  return { dev, family: address.includes(':') ? 6 : 4, address, mac, state: 'permanent' };
}

/** A datapath call as recorded: the method and its first argument. */
export interface RecordedCall {
  readonly method: keyof NodeDatapath;
  readonly args: readonly unknown[];
}

/**
 * Wraps `inner`, recording every call, and failing the calls for which `failWith` returns an
 * errno (the call then does not reach `inner`).
 */
export function intercept(
  inner: NodeDatapath,
  failWith: (call: RecordedCall) => DatapathErrno | undefined = () => undefined,
): { readonly datapath: NodeDatapath; readonly calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const datapath = new Proxy(inner, {
    get(target, property, receiver): unknown {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = property as keyof NodeDatapath;
      return (...args: unknown[]): unknown => {
        const call = { method, args };
        calls.push(call);
        const errno = failWith(call);
        if (errno !== undefined) {
          const failure: DatapathFailure = { ok: false, errno, message: `injected ${errno}` };
          return done(failure);
        }
        return (value as (...inner: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { datapath, calls };
}
