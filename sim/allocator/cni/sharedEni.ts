/**
 * A shared ENI on the host, as the policy-routing datapath configures it (terway.md §3.4, "On
 * the ENI"; `generateENICfgForPolicy` run through `nic.Setup`):
 *
 * 1. find the device (by MAC when the allocator has just attached it, or by index);
 * 2. set its MTU;
 * 3. put the node's own addresses on it as /32 and /128 (`HostIPSet`);
 * 4. bring it up;
 * 5. IPv4: `default via GW dev ENI onlink table 1000+ifindex`;
 *    IPv6: `GW/128 dev ENI scope link` (main) and `default via GW dev ENI onlink table 1000+ifindex`.
 *
 * The allocator runs this when a new secondary ENI appears, and every pod set-up on the ENI runs
 * it again (Terway does), which changes nothing the second time. Terway does not undo it: the
 * detach makes the device vanish. `tearDownSharedEni` undoes it for callers that keep the device.
 */
import type { LinkInfo, NodeDatapath } from '../../contracts/datapath.js';
import type { Coroutine } from '../../contracts/operation.js';
import type {
  CniResult,
  SharedEniConfig,
  SharedEniSetUpDone,
  SharedEniTearDown,
} from './cniTypes.js';
import type { NicConf, NicRoute } from './nicSetup.js';
import { nicSetup } from './nicSetup.js';
import { ensureLinkMtu, families, hostPrefix, removal, step } from './steps.js';
import { routeTableForEni } from './terwayDatapath.js';

function describeSelector(eni: SharedEniConfig['eni']): string {
  return 'index' in eni ? `index ${eni.index}` : `address ${eni.mac}`;
}

/** The ENI's configuration (`generateENICfgForPolicy`). */
export function sharedEniConf(config: SharedEniConfig, eni: LinkInfo): NicConf {
  const table = routeTableForEni(eni.index);
  const routes: NicRoute[] = [];
  for (const { family, value: gateway } of families(config.gateways)) {
    const dst = family === 4 ? '0.0.0.0/0' : '::/0';
    if (family === 6) routes.push({ dst: hostPrefix(gateway), scope: 'link' });
    routes.push({ table, dst, gateway, onlink: true });
  }
  const addresses = families(config.nodeIps ?? {}).map(({ value }) => hostPrefix(value));
  return { mtu: config.mtu, addresses, routes };
}

/** Brings a shared ENI up on the host with its policy-routing table. */
export function* setUpSharedEni(
  dp: NodeDatapath,
  config: SharedEniConfig,
): Coroutine<CniResult<SharedEniSetUpDone>> {
  const selector = describeSelector(config.eni);
  const found = yield* step(dp.linkGet({ netns: '', ...config.eni }), `LinkBy ${selector}`);
  if (!found.ok) return found;
  const done = yield* nicSetup(dp, found.link, sharedEniConf(config, found.link));
  if (!done.ok) return done;
  return { ok: true, eni: done.link, table: routeTableForEni(done.link.index) };
}

/** Removes what `setUpSharedEni` configured and takes the ENI down; absent parts are fine. */
export function* tearDownSharedEni(
  dp: NodeDatapath,
  input: SharedEniTearDown,
): Coroutine<CniResult> {
  const selector = describeSelector(input.eni);
  const found = yield* step(dp.linkGet({ netns: '', ...input.eni }), `LinkBy ${selector}`);
  if (!found.ok) return found.errno === 'ENODEV' ? { ok: true } : found;
  const eni = found.link;
  const table = routeTableForEni(eni.index);
  for (const { family, value: gateway } of families(input.gateways)) {
    const dst = family === 4 ? '0.0.0.0/0' : '::/0';
    const spec = { netns: '', table, dst, dev: eni.name };
    const gone = yield* removal(dp.routeDelete(spec), `RouteDel ${dst} table ${table}`, ['ESRCH']);
    if (!gone.ok) return gone;
    if (family === 6) {
      const host = { netns: '', dst: hostPrefix(gateway), dev: eni.name };
      const hostGone = yield* removal(dp.routeDelete(host), `RouteDel ${host.dst}`, ['ESRCH']);
      if (!hostGone.ok) return hostGone;
    }
  }
  for (const { value } of families(input.nodeIps ?? {})) {
    const spec = { netns: '', dev: eni.name, address: hostPrefix(value) };
    const gone = yield* removal(dp.addrDelete(spec), `AddrDel ${spec.address}`, ['EADDRNOTAVAIL']);
    if (!gone.ok) return gone;
  }
  const ref = { netns: '', index: eni.index };
  const down = yield* step(dp.linkSetDown(ref), `LinkSetDown ${eni.name}`);
  if (!down.ok) return down;
  if (input.restoreMtu === undefined) return { ok: true };
  const sized = yield* ensureLinkMtu(dp, down.link, input.restoreMtu);
  return sized.ok ? { ok: true } : sized;
}
