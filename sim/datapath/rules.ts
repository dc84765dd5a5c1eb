/**
 * Policy rule operations, as `fib_nl_newrule` / `fib_nl_delrule` treat them.
 *
 * Rules are kept sorted by priority; a new rule goes after those with the same priority. Adding
 * an identical rule is EEXIST (vishvananda/netlink's `RuleAdd` sends NLM_F_EXCL). Without a
 * priority the kernel picks one below the second rule's (`fib_default_rule_pref`): 32765 on a
 * fresh namespace. Deleting removes the first rule matching every given field, ENOENT if none.
 * Selector prefixes are stored as written (`fib4_rule_configure` does not mask them), and
 * interface selectors are names, so a rule outlives the link it names.
 */
import type {
  AddressFamily,
  DatapathFailure,
  DatapathResult,
  RuleDeleteSpec,
  RuleEntry,
  RuleSpec,
} from '../contracts/datapath.js';
import type { IpPrefix } from '../../models/ipAddress.js';
import { formatPrefix, parsePrefix } from '../../models/ipAddress.js';
import type { KernelState, NamespaceRecord, RuleRecord } from './kernelState.js';
import { fail, findNamespace, isFailure, isValidLinkName } from './kernelState.js';

function parseSelector(
  text: string | undefined,
  family: AddressFamily,
  where: string,
): IpPrefix | undefined | DatapathFailure {
  if (text === undefined) return undefined;
  const prefix = parsePrefix(text);
  if (prefix?.address.family !== family) return fail('EINVAL', `${where}: bad prefix ${text}`);
  // A zero-length selector is `all`: the kernel stores no address for it.
  return prefix.length === 0 ? undefined : prefix;
}

function samePrefix(a: IpPrefix | undefined, b: IpPrefix | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.address.value === b.address.value;
}

function defaultPriority(ns: NamespaceRecord, family: AddressFamily): number {
  const second = ns.rules.filter((rule) => rule.family === family)[1];
  return second !== undefined && second.priority > 0 ? second.priority - 1 : 0;
}

interface ParsedSelectors {
  readonly from: IpPrefix | undefined;
  readonly to: IpPrefix | undefined;
}

function parseSelectors(
  spec: RuleSpec | RuleDeleteSpec,
  where: string,
): ParsedSelectors | DatapathFailure {
  const from = parseSelector(spec.from, spec.family, where);
  if (from !== undefined && isFailure(from)) return from;
  const to = parseSelector(spec.to, spec.family, where);
  if (to !== undefined && isFailure(to)) return to;
  for (const name of [spec.iif, spec.oif]) {
    if (name !== undefined && !isValidLinkName(name)) {
      return fail('EINVAL', `${where}: bad interface name`);
    }
  }
  return { from, to };
}

function describe(spec: RuleSpec | RuleDeleteSpec): string {
  const parts = [`rule -${spec.family}`];
  if (spec.priority !== undefined) parts.push(`pref ${spec.priority}`);
  parts.push(`from ${spec.from ?? 'all'}`);
  if (spec.to !== undefined) parts.push(`to ${spec.to}`);
  if (spec.iif !== undefined) parts.push(`iif ${spec.iif}`);
  if (spec.oif !== undefined) parts.push(`oif ${spec.oif}`);
  if (spec.table !== undefined) parts.push(`lookup ${spec.table}`);
  return parts.join(' ');
}

/** Adds a rule; EEXIST if an identical one exists. */
export function addRule(state: KernelState, spec: RuleSpec): DatapathResult {
  const where = `${describe(spec)} add`;
  const ns = findNamespace(state, spec.netns);
  if (isFailure(ns)) return ns;
  const selectors = parseSelectors(spec, where);
  if (isFailure(selectors)) return selectors;
  if (!Number.isSafeInteger(spec.table) || spec.table <= 0 || spec.table > 0xffffffff) {
    return fail('EINVAL', `${where}: bad table`);
  }
  const priority = spec.priority ?? defaultPriority(ns, spec.family);
  if (!Number.isSafeInteger(priority) || priority < 0 || priority > 0xffffffff) {
    return fail('EINVAL', `${where}: bad priority`);
  }
  const rule: RuleRecord = {
    family: spec.family,
    priority,
    table: spec.table,
    ...(selectors.from === undefined ? {} : { from: selectors.from }),
    ...(selectors.to === undefined ? {} : { to: selectors.to }),
    ...(spec.iif === undefined ? {} : { iif: spec.iif }),
    ...(spec.oif === undefined ? {} : { oif: spec.oif }),
  };
  const identical = ns.rules.some(
    (other) =>
      other.family === rule.family &&
      other.priority === rule.priority &&
      other.table === rule.table &&
      other.iif === rule.iif &&
      other.oif === rule.oif &&
      samePrefix(other.from, rule.from) &&
      samePrefix(other.to, rule.to),
  );
  if (identical) return fail('EEXIST', `${where}: rule exists`);
  const after = ns.rules.findIndex((other) => other.priority > priority);
  if (after < 0) ns.rules.push(rule);
  else ns.rules.splice(after, 0, rule);
  return { ok: true };
}

/** Deletes the first rule matching every given field; ENOENT if none does. */
export function deleteRule(state: KernelState, spec: RuleDeleteSpec): DatapathResult {
  const where = `${describe(spec)} del`;
  const ns = findNamespace(state, spec.netns);
  if (isFailure(ns)) return ns;
  const selectors = parseSelectors(spec, where);
  if (isFailure(selectors)) return selectors;
  const position = ns.rules.findIndex(
    (rule) =>
      rule.family === spec.family &&
      (spec.priority === undefined || rule.priority === spec.priority) &&
      (spec.table === undefined || spec.table === 0 || rule.table === spec.table) &&
      (spec.iif === undefined || rule.iif === spec.iif) &&
      (spec.oif === undefined || rule.oif === spec.oif) &&
      (selectors.from === undefined || samePrefix(rule.from, selectors.from)) &&
      (selectors.to === undefined || samePrefix(rule.to, selectors.to)),
  );
  if (position < 0) return fail('ENOENT', `${where}: no such rule`);
  ns.rules.splice(position, 1);
  return { ok: true };
}

/** A rule as the dump reports it. */
export function ruleEntry(rule: RuleRecord): RuleEntry {
  return {
    family: rule.family,
    priority: rule.priority,
    ...(rule.from === undefined ? {} : { from: formatPrefix(rule.from) }),
    ...(rule.to === undefined ? {} : { to: formatPrefix(rule.to) }),
    ...(rule.iif === undefined ? {} : { iif: rule.iif }),
    ...(rule.oif === undefined ? {} : { oif: rule.oif }),
    table: rule.table,
  };
}
