/**
 * The building blocks of the CNI sequences: one datapath call as a named step, and Terway's
 * idempotent `Ensure*` helpers (`plugin/driver/utils/utils_linux.go`), which look before they
 * change so that a repeated CNI ADD converges instead of failing.
 */
import type {
  AddressFamily,
  DatapathErrno,
  DatapathOk,
  DatapathResult,
  LinkInfo,
  NodeDatapath,
  RuleSpec,
} from '../../contracts/datapath.js';
import type { Coroutine, Operation } from '../../contracts/operation.js';
import { wait } from '../../contracts/operation.js';
import type { CniFailure, FamilyPair } from './cniTypes.js';

/** The outcome of one step: the datapath's payload, or the failure named after the step. */
export type StepResult<T extends object = DatapathOk> = (DatapathOk & T) | CniFailure;

/** Runs one datapath operation as the step `name`. */
export function* step<T extends object>(
  operation: Operation<DatapathResult<T>>,
  name: string,
): Coroutine<StepResult<T>> {
  const result = yield* wait(operation);
  if (result.ok) return result;
  return { ok: false, step: name, errno: result.errno, message: result.message };
}

/**
 * Runs a tear-down step: the errnos in `gone` mean the object is already absent, which CNI DEL
 * must treat as success (the CNI spec asks DEL to be idempotent).
 */
export function* removal(
  operation: Operation<DatapathResult>,
  name: string,
  gone: readonly DatapathErrno[],
): Coroutine<StepResult> {
  const result = yield* step(operation, name);
  if (!result.ok && gone.includes(result.errno)) return { ok: true };
  return result;
}

/** The family of an address or prefix written in canonical form. */
export function familyOf(address: string): AddressFamily {
  return address.includes(':') ? 6 : 4;
}

/** The host prefix of an address: `/32` or `/128` (`NewIPNetWithMaxMask`). */
export function hostPrefix(address: string): string {
  return `${address}/${familyOf(address) === 4 ? 32 : 128}`;
}

/** The families present in `pair`, IPv4 first. */
export function families<T>(pair: FamilyPair<T>): { readonly family: AddressFamily; value: T }[] {
  const present: { family: AddressFamily; value: T }[] = [];
  if (pair.ipv4 !== undefined) present.push({ family: 4, value: pair.ipv4 });
  if (pair.ipv6 !== undefined) present.push({ family: 6, value: pair.ipv6 });
  return present;
}

/**
 * Checks a sequence's addresses at the boundary: at least one family, each value in its own
 * family, and a gateway for every family the pod has. Throws RangeError naming the bad field.
 */
export function checkFamilies(input: {
  readonly what: string;
  readonly podIps: FamilyPair<string>;
  readonly gateways: FamilyPair<string>;
}): void {
  const present = families(input.podIps);
  if (present.length === 0) throw new RangeError(`${input.what}: podIps has no address`);
  const check = (field: string, pair: FamilyPair<string>): void => {
    for (const { family, value } of families(pair)) {
      if (familyOf(value) !== family) {
        throw new RangeError(`${input.what}: ${field}.ipv${family} is ${JSON.stringify(value)}`);
      }
    }
  };
  check('podIps', input.podIps);
  check('gateways', input.gateways);
  for (const { family } of present) {
    const gateway = family === 4 ? input.gateways.ipv4 : input.gateways.ipv6;
    if (gateway === undefined) throw new RangeError(`${input.what}: no IPv${family} gateway`);
  }
}

type LinkStep = Coroutine<StepResult<{ readonly link: LinkInfo }>>;

/** `EnsureLinkName`: renames only if the name differs. */
export function* ensureLinkName(dp: NodeDatapath, link: LinkInfo, name: string): LinkStep {
  if (link.name === name) return { ok: true, link };
  const ref = { netns: link.netns, index: link.index };
  return yield* step(dp.linkSetName(ref, name), `LinkSetName ${link.name} ${name}`);
}

/** `EnsureLinkMTU`: sets the MTU only if it differs. */
export function* ensureLinkMtu(dp: NodeDatapath, link: LinkInfo, mtu: number): LinkStep {
  if (link.mtu === mtu) return { ok: true, link };
  const ref = { netns: link.netns, index: link.index };
  return yield* step(dp.linkSetMtu(ref, mtu), `LinkSetMTU ${link.name} ${mtu}`);
}

/** `EnsureLinkUp`: brings the link up only if it is down. */
export function* ensureLinkUp(dp: NodeDatapath, link: LinkInfo): LinkStep {
  if (link.up) return { ok: true, link };
  const ref = { netns: link.netns, index: link.index };
  return yield* step(dp.linkSetUp(ref), `LinkSetUp ${link.name}`);
}

/**
 * `EnsureIPRule`: rules with the same priority and selectors but another table or input
 * interface are stale and deleted; the rule is added unless an identical one remains.
 */
export function* ensureRule(
  dp: NodeDatapath,
  spec: RuleSpec & { readonly priority: number },
): Coroutine<StepResult> {
  const name = `RuleAdd pref ${spec.priority} from ${spec.from ?? 'all'} to ${spec.to ?? 'all'}`;
  const listed = yield* step(dp.ruleList(spec.netns, spec.family), `RuleList ${spec.netns}`);
  if (!listed.ok) return listed;
  let found = false;
  for (const rule of listed.rules) {
    const sameSelector =
      rule.priority === spec.priority &&
      rule.from === spec.from &&
      rule.to === spec.to &&
      rule.oif === spec.oif;
    if (!sameSelector) continue;
    if (rule.table === spec.table && rule.iif === spec.iif) {
      found = true;
      continue;
    }
    const stale = { ...rule, netns: spec.netns };
    const deleted = yield* step(dp.ruleDelete(stale), `RuleDel pref ${rule.priority}`);
    if (!deleted.ok) return deleted;
  }
  if (found) return { ok: true };
  const added = yield* step(dp.ruleAdd(spec), name);
  // A rule written differently from the listing (an address not in canonical form) is found by
  // the kernel instead: EEXIST means it is there.
  if (!added.ok && added.errno === 'EEXIST') return { ok: true };
  return added;
}
