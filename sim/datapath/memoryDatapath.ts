/**
 * The in-memory node datapath: a simulated Linux kernel's networking state behind the
 * `NodeDatapath` contract, faithful where Terway depends on it (see `links.ts`, `addresses.ts`,
 * `routes.ts`, `rules.ts`, `neighbours.ts` for what each part reproduces and leaves out).
 *
 * Every operation completes synchronously (its `Operation` resumes the caller at once), so a
 * coroutine driven by `spawn` runs a whole CNI sequence in one call. The cloud side, which a real
 * node does not control through rtnetlink, has its own methods: `plugDevice` when an ENI attaches
 * and `unplugDevice` when it detaches.
 */
import type {
  AddressRef,
  AddressSpec,
  DatapathDump,
  DatapathResult,
  IpvlanSpec,
  LinkInfo,
  LinkRef,
  LinkSelector,
  NeighbourRef,
  NeighbourSpec,
  NodeDatapath,
  RouteDeleteSpec,
  RouteSpec,
  RuleDeleteSpec,
  RuleEntry,
  RuleSpec,
  VethSpec,
  AddressFamily,
} from '../contracts/datapath.js';
import type { Operation } from '../contracts/operation.js';
import { done } from '../contracts/operation.js';
import { addAddress, deleteAddress } from './addresses.js';
import { dumpState, normaliseRules } from './dump.js';
import type { KernelOptions, KernelState } from './kernelState.js';
import { createKernelState, findNamespace, isFailure } from './kernelState.js';
import type { PlugDeviceSpec } from './links.js';
import {
  addIpvlan,
  addNamespace,
  addVeth,
  deleteLink,
  deleteNamespace,
  getLink,
  moveLink,
  plugDevice,
  setLinkDown,
  setLinkMac,
  setLinkMtu,
  setLinkName,
  setLinkUp,
  unplugDevice,
} from './links.js';
import { deleteNeighbour, setNeighbour } from './neighbours.js';
import { addRoute, deleteRoute } from './routes.js';
import { addRule, deleteRule, ruleEntry } from './rules.js';

export type { PlugDeviceSpec } from './links.js';

/** Options of a memory datapath. */
export interface MemoryDatapathOptions {
  /** False to act as a kernel without the ipvlan module; true when absent. */
  readonly ipvlanSupported?: boolean;
  /**
   * List loopback's `::1/128` in the main table, as kernels before 6.x's change do; true when
   * absent. A real kernel's behaviour is read by `native/`'s kernel profile.
   */
  readonly loopbackIpv6MainRoute?: boolean;
  /** Bring the host's loopback up at boot, as init does; true when absent. */
  readonly hostLoopbackUp?: boolean;
}

type LinkResult = DatapathResult<{ readonly link: LinkInfo }>;

/** A node's datapath held in memory. */
export class MemoryDatapath implements NodeDatapath {
  readonly #state: KernelState;

  constructor(options: MemoryDatapathOptions = {}) {
    const kernel: KernelOptions = {
      ipvlanSupported: options.ipvlanSupported ?? true,
      loopbackIpv6MainRoute: options.loopbackIpv6MainRoute ?? true,
    };
    this.#state = createKernelState(kernel);
    if (options.hostLoopbackUp ?? true) {
      const result = setLinkUp(this.#state, { netns: '', name: 'lo' });
      if (!result.ok) throw new Error(`memory datapath: cannot bring lo up: ${result.message}`);
    }
  }

  /** The cloud attaches an ENI: a physical device appears in the host namespace. */
  plugDevice(spec: PlugDeviceSpec): LinkInfo {
    return plugDevice(this.#state, spec);
  }

  /** The cloud detaches an ENI: its device disappears from whichever namespace holds it. */
  unplugDevice(mac: string): void {
    unplugDevice(this.#state, mac);
  }

  /** The normalised dump, without going through an operation (tests and checkers). */
  snapshot(): DatapathDump {
    return dumpState(this.#state);
  }

  netnsAdd(name: string): Operation<DatapathResult> {
    return done(addNamespace(this.#state, name));
  }

  netnsDelete(name: string): Operation<DatapathResult> {
    return done(deleteNamespace(this.#state, name));
  }

  linkGet(selector: LinkSelector): Operation<LinkResult> {
    return done(getLink(this.#state, selector));
  }

  linkAddVeth(
    spec: VethSpec,
  ): Operation<DatapathResult<{ readonly link: LinkInfo; readonly peer: LinkInfo }>> {
    return done(addVeth(this.#state, spec));
  }

  linkAddIpvlan(spec: IpvlanSpec): Operation<LinkResult> {
    return done(addIpvlan(this.#state, spec));
  }

  linkSetName(link: LinkRef, name: string): Operation<LinkResult> {
    return done(setLinkName(this.#state, link, name));
  }

  linkSetMtu(link: LinkRef, mtu: number): Operation<LinkResult> {
    return done(setLinkMtu(this.#state, link, mtu));
  }

  linkSetMac(link: LinkRef, mac: string): Operation<LinkResult> {
    return done(setLinkMac(this.#state, link, mac));
  }

  linkSetUp(link: LinkRef): Operation<LinkResult> {
    return done(setLinkUp(this.#state, link));
  }

  linkSetDown(link: LinkRef): Operation<LinkResult> {
    return done(setLinkDown(this.#state, link));
  }

  linkSetNetns(link: LinkRef, netns: string): Operation<LinkResult> {
    return done(moveLink(this.#state, link, netns));
  }

  linkDelete(link: LinkRef): Operation<DatapathResult> {
    return done(deleteLink(this.#state, link));
  }

  addrAdd(spec: AddressSpec): Operation<DatapathResult> {
    return done(addAddress(this.#state, spec, 'add'));
  }

  addrReplace(spec: AddressSpec): Operation<DatapathResult> {
    return done(addAddress(this.#state, spec, 'replace'));
  }

  addrDelete(spec: AddressRef): Operation<DatapathResult> {
    return done(deleteAddress(this.#state, spec));
  }

  routeAdd(spec: RouteSpec): Operation<DatapathResult> {
    return done(addRoute(this.#state, spec, 'add'));
  }

  routeReplace(spec: RouteSpec): Operation<DatapathResult> {
    return done(addRoute(this.#state, spec, 'replace'));
  }

  routeDelete(spec: RouteDeleteSpec): Operation<DatapathResult> {
    return done(deleteRoute(this.#state, spec));
  }

  ruleAdd(spec: RuleSpec): Operation<DatapathResult> {
    return done(addRule(this.#state, spec));
  }

  ruleDelete(spec: RuleDeleteSpec): Operation<DatapathResult> {
    return done(deleteRule(this.#state, spec));
  }

  ruleList(
    netns: string,
    family?: AddressFamily,
  ): Operation<DatapathResult<{ readonly rules: readonly RuleEntry[] }>> {
    const ns = findNamespace(this.#state, netns);
    if (isFailure(ns)) return done(ns);
    const chosen = ns.rules.filter((rule) => family === undefined || rule.family === family);
    return done({ ok: true, rules: normaliseRules(chosen.map(ruleEntry)) });
  }

  neighSet(spec: NeighbourSpec): Operation<DatapathResult> {
    return done(setNeighbour(this.#state, spec));
  }

  neighDelete(spec: NeighbourRef): Operation<DatapathResult> {
    return done(deleteNeighbour(this.#state, spec));
  }

  dump(): Operation<DatapathDump> {
    return done(this.snapshot());
  }
}
