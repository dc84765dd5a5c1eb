/**
 * Terway's `nic.Setup` (`plugin/driver/nic/nic.go`): the one routine every datapath uses to
 * configure a link, given the link's configuration, in a fixed order: name, MTU, addresses, up,
 * neighbours, routes, rules. Each datapath only computes the configuration (Terway's
 * `generate*Cfg` functions); the order and the idempotent `Ensure*` checks live here.
 */
import type { LinkInfo, NodeDatapath, RouteSpec, RuleSpec } from '../../contracts/datapath.js';
import type { Coroutine } from '../../contracts/operation.js';
import type { StepResult } from './steps.js';
import { ensureLinkMtu, ensureLinkName, ensureLinkUp, ensureRule, step } from './steps.js';

/** A route of the link being configured: the link is its device, its namespace the route's. */
export type NicRoute = Omit<RouteSpec, 'netns' | 'dev'>;

/** A rule in the link's namespace. */
export type NicRule = Omit<RuleSpec, 'netns'> & { readonly priority: number };

/** What `nicSetup` makes of a link (Terway's `nic.Conf`). */
export interface NicConf {
  /** Rename to this unless it already has it. */
  readonly ifName?: string;
  /** Set this MTU unless it already has it. */
  readonly mtu?: number;
  /** `ADDRESS/LEN` to replace on the link. */
  readonly addresses?: readonly string[];
  /** Permanent neighbour entries on the link. */
  readonly neighbours?: readonly { readonly address: string; readonly mac: string }[];
  readonly routes?: readonly NicRoute[];
  readonly rules?: readonly NicRule[];
}

/** Configures `link` as `conf` says, in `nic.Setup`'s order; stops at the first failure. */
export function* nicSetup(
  dp: NodeDatapath,
  link: LinkInfo,
  conf: NicConf,
): Coroutine<StepResult<{ readonly link: LinkInfo }>> {
  let current = link;
  if (conf.ifName !== undefined) {
    const named = yield* ensureLinkName(dp, current, conf.ifName);
    if (!named.ok) return named;
    current = named.link;
  }
  if (conf.mtu !== undefined) {
    const sized = yield* ensureLinkMtu(dp, current, conf.mtu);
    if (!sized.ok) return sized;
    current = sized.link;
  }
  const { netns, name: dev } = current;
  for (const address of conf.addresses ?? []) {
    const added = yield* step(
      dp.addrReplace({ netns, dev, address }),
      `AddrReplace ${address} dev ${dev}`,
    );
    if (!added.ok) return added;
  }
  const up = yield* ensureLinkUp(dp, current);
  if (!up.ok) return up;
  for (const { address, mac } of conf.neighbours ?? []) {
    const set = yield* step(
      dp.neighSet({ netns, dev, address, mac }),
      `NeighSet ${address} dev ${dev}`,
    );
    if (!set.ok) return set;
  }
  for (const route of conf.routes ?? []) {
    const via = route.gateway === undefined ? '' : ` via ${route.gateway}`;
    const name = `RouteReplace ${route.dst}${via} dev ${dev}`;
    const replaced = yield* step(dp.routeReplace({ ...route, netns, dev }), name);
    if (!replaced.ok) return replaced;
  }
  for (const rule of conf.rules ?? []) {
    const added = yield* ensureRule(dp, { ...rule, netns });
    if (!added.ok) return added;
  }
  return { ok: true, link: up.link };
}
