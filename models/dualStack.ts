/**
 * Dual-stack parity (`terway.md` §1.4). Terway does not take `min(IPv4, IPv6)`: a node runs dual
 * stack only when its per-ENI IPv6 quota equals its IPv4 quota (Terway 1.3.0 and later), and
 * otherwise silently falls back to IPv4-only. It does not reject the node, so neither do we: the
 * plan reports the effective stack and a warning. Before 1.3.0 (1.1.0–1.2.x) the rule was looser:
 * IPv6 stayed on whenever IPv4-per-ENI ≤ IPv6-per-ENI.
 *
 * The pod count never depends on the stack: each pod takes one address of each family, and the
 * IPv6 quota is at least the IPv4 quota whenever dual stack is on.
 */
import { diagnostic, DiagnosticCode, type Diagnostic } from './diagnostics.js';
import type { IpStack } from './eniConf.js';
import type { InstanceType } from './instanceType.js';
import { hasFeature, type TerwayVersion } from './terwayVersion.js';

/** The stack a node runs, and why it differs from the one asked for. */
export interface StackDecision {
  readonly requested: IpStack;
  /** What the node runs; `null` when it depends on a quota nobody published. */
  readonly effective: IpStack | null;
  readonly warnings: readonly Diagnostic[];
  readonly violations: readonly Diagnostic[];
}

/**
 * Whether Terway keeps IPv6 on for per-ENI quotas `ipv4PerEni`/`ipv6PerEni`: equality from 1.3.0
 * (`SupportMultiIPIPv6`), `IPv4 ≤ IPv6` before it; never when the node has no IPv6 at all.
 */
export function keepsIpv6(options: {
  readonly ipv4PerEni: number;
  readonly ipv6PerEni: number;
  readonly terway: TerwayVersion;
}): boolean {
  if (options.ipv6PerEni <= 0) return false;
  return hasFeature(options.terway, 'dualStackParity')
    ? options.ipv6PerEni === options.ipv4PerEni
    : options.ipv4PerEni <= options.ipv6PerEni;
}

/** Decides the stack a node of `type` runs when `requested` is asked for. */
export function decideStack(options: {
  readonly type: InstanceType;
  readonly requested: IpStack;
  readonly terway: TerwayVersion;
}): StackDecision {
  const { type, requested, terway } = options;
  if (requested === 'ipv4') return { requested, effective: 'ipv4', warnings: [], violations: [] };
  if (type.platform === 'lingjun') {
    const text = `${type.id} is a Lingjun node: Lingjun instances do not support dual-stack`;
    return {
      requested,
      effective: 'ipv4',
      warnings: [],
      violations: [diagnostic(DiagnosticCode.lingjunNoDualStack, text)],
    };
  }
  if (type.ipv6PerEni === null) {
    const text = `${type.id}: EniIpv6AddressQuantity unknown, so whether Terway keeps IPv6 on is unknown (it needs IPv6 per ENI = IPv4 per ENI = ${type.ipv4PerEni})`;
    return {
      requested,
      effective: null,
      warnings: [diagnostic(DiagnosticCode.ipv6QuotaUnknown, text)],
      violations: [],
    };
  }
  if (keepsIpv6({ ipv4PerEni: type.ipv4PerEni, ipv6PerEni: type.ipv6PerEni, terway })) {
    return { requested, effective: 'dual', warnings: [], violations: [] };
  }
  const rule = hasFeature(terway, 'dualStackParity')
    ? 'IPv6 per ENI must equal IPv4 per ENI'
    : 'before Terway 1.3.0, IPv6 per ENI must be at least IPv4 per ENI';
  const text = `${type.id} has ${type.ipv4PerEni} IPv4 and ${type.ipv6PerEni} IPv6 addresses per ENI (${rule}): the node runs IPv4-only`;
  return {
    requested,
    effective: 'ipv4',
    warnings: [diagnostic(DiagnosticCode.dualStackFallback, text)],
    violations: [],
  };
}
