/**
 * The cluster's vSwitches: CIDRs checked as the VPC checks them (a valid block, no host bits,
 * an IPv4 mask of /16 to /29, an IPv6 /64), no duplicate IDs or overlapping blocks, and
 * addresses in use that fit in the block.
 */
import {
  VSWITCH_IPV4_PREFIX_MAX,
  VSWITCH_IPV4_PREFIX_MIN,
  VSWITCH_IPV6_PREFIX,
  cidrsOverlap,
  parseCidr,
  vSwitchUsableIpv4,
  vSwitchUsableIpv6,
  type Cidr,
} from './cidr.js';
import type { LoadContext } from './context.js';
import type { RawNode } from './rawNode.js';
import type { VSwitchSpec } from './types.js';

/**
 * Reads and checks `spec.cluster.vSwitches`. Bad entries are reported and left out of `valid`;
 * `declared` still has their IDs, so a reference to them is not reported a second time.
 */
export function readVSwitches(
  list: RawNode,
  context: LoadContext,
): { readonly valid: VSwitchSpec[]; readonly declared: ReadonlySet<string> } {
  const result: VSwitchSpec[] = [];
  const blocks: { readonly id: string; readonly cidr: Cidr; readonly node: RawNode }[] = [];
  // IPv6 blocks are checked too: two vSwitches with one /64 passed validate and crashed run.
  const ipv6Blocks: { readonly id: string; readonly cidr: Cidr }[] = [];

  const seen = new Set<string>();
  for (const item of list.items()) {
    const id = item.get('id').string();
    const zone = item.get('zone').string();
    if (id === undefined || zone === undefined) continue;
    if (seen.has(id)) {
      context.findings.error({
        code: 'DUPLICATE_VSWITCH',
        message: `vSwitch ${id} is listed twice`,
        hint: 'each vSwitch ID appears once',
        ...item.get('id').where(),
      });
      continue;
    }
    seen.add(id);
    const ipv4 = readIpv4(item.get('ipv4Cidr'), context);
    const ipv6 = readIpv6(item.get('ipv6Cidr'), context);
    if (ipv4 === undefined) continue;
    reportOverlaps(id, ipv4, item, blocks, context);
    if (ipv6 !== undefined && ipv6 !== null) {
      reportOverlaps(id, ipv6, item, ipv6Blocks, context, 'ipv6Cidr');
      ipv6Blocks.push({ id, cidr: ipv6 });
    }
    blocks.push({ id, cidr: ipv4, node: item });
    const usable = vSwitchUsableIpv4(ipv4);
    const { used, usedIpv6 } = readUsage(item, ipv4, ipv6, context);
    result.push({
      id,
      zone,
      ipv4Cidr: ipv4.text,
      ipv4PrefixLength: ipv4.prefixLength,
      ipv4UsableAddresses: usable,
      ipv4FreeAddresses: Math.max(usable - used, 0),
      usedIpv4Addresses: used,
      ipv6Cidr: ipv6?.text ?? null,
      usedIpv6Addresses: usedIpv6,
      source: item.position(),
    });
  }
  return { valid: result, declared: seen };
}

function reportOverlaps(
  id: string,
  cidr: Cidr,
  item: RawNode,
  blocks: readonly { readonly id: string; readonly cidr: Cidr }[],
  context: LoadContext,
  field: 'ipv4Cidr' | 'ipv6Cidr' = 'ipv4Cidr',
): void {
  for (const other of blocks) {
    if (!cidrsOverlap(other.cidr, cidr)) continue;
    context.findings.error({
      code: 'VSWITCH_OVERLAP',
      message: `vSwitch ${id} (${cidr.text}) overlaps ${other.id} (${other.cidr.text})`,
      hint: 'vSwitches of one VPC have disjoint CIDR blocks',
      ...item.get(field).where(),
    });
  }
}

/** The addresses other resources hold; more than the block offers is an error. */
function readUsage(
  item: RawNode,
  ipv4: Cidr,
  ipv6: Cidr | null | undefined,
  context: LoadContext,
): { readonly used: number; readonly usedIpv6: number } {
  const usable = vSwitchUsableIpv4(ipv4);
  const used = item.get('usedIpv4Addresses').integer() ?? 0;
  if (used > usable) {
    context.findings.error({
      code: 'VSWITCH_OVERUSED',
      message: `usedIpv4Addresses ${used} exceeds the ${usable} usable addresses of ${ipv4.text}`,
      hint: `a /${ipv4.prefixLength} offers 2^${32 - ipv4.prefixLength} − 4 = ${usable} addresses (the first and last three are reserved)`,
      ...item.get('usedIpv4Addresses').where(),
    });
  }
  const usedIpv6 = item.get('usedIpv6Addresses').integer() ?? 0;
  if (ipv6 === null && usedIpv6 > 0) {
    context.findings.error({
      code: 'VSWITCH_OVERUSED',
      message: `usedIpv6Addresses ${usedIpv6} given for a vSwitch without ipv6Cidr`,
      hint: 'add the ipv6Cidr or remove usedIpv6Addresses',
      ...item.get('usedIpv6Addresses').where(),
    });
  } else if (ipv6 !== null && ipv6 !== undefined && BigInt(usedIpv6) > vSwitchUsableIpv6(ipv6)) {
    context.findings.error({
      code: 'VSWITCH_OVERUSED',
      message: `usedIpv6Addresses ${usedIpv6} exceeds the block`,
      hint: 'lower it',
      ...item.get('usedIpv6Addresses').where(),
    });
  }
  return { used, usedIpv6 };
}

function readIpv4(node: RawNode, context: LoadContext): Cidr | undefined {
  const text = node.string();
  if (text === undefined) return undefined;
  const parsed = parseCidr(text, 4);
  if (!parsed.ok) {
    context.findings.error({
      code: 'BAD_CIDR',
      message: `ipv4Cidr: ${parsed.reason}`,
      hint:
        parsed.suggestion === undefined
          ? 'write the block as a.b.c.d/p, e.g. 172.16.0.0/24'
          : `write ${parsed.suggestion}`,
      ...node.where(),
    });
    return undefined;
  }
  const prefix = parsed.cidr.prefixLength;
  if (prefix < VSWITCH_IPV4_PREFIX_MIN || prefix > VSWITCH_IPV4_PREFIX_MAX) {
    context.findings.error({
      code: 'BAD_CIDR',
      message: `a vSwitch's IPv4 mask must be /${VSWITCH_IPV4_PREFIX_MIN} to /${VSWITCH_IPV4_PREFIX_MAX}, got /${prefix}`,
      hint: 'Alibaba Cloud VPC accepts vSwitch blocks of 8 to 65,536 addresses',
      ...node.where(),
    });
    return undefined;
  }
  return parsed.cidr;
}

/** The IPv6 block, `null` when absent, `undefined` when invalid (already reported). */
function readIpv6(node: RawNode, context: LoadContext): Cidr | null | undefined {
  const text = node.string();
  if (text === undefined) return null;
  const parsed = parseCidr(text, 6);
  if (!parsed.ok) {
    context.findings.error({
      code: 'BAD_CIDR',
      message: `ipv6Cidr: ${parsed.reason}`,
      hint:
        parsed.suggestion === undefined
          ? 'write the vSwitch /64, e.g. 2408:4005:39c:100::/64'
          : `write ${parsed.suggestion}`,
      ...node.where(),
    });
    return undefined;
  }
  if (parsed.cidr.prefixLength !== VSWITCH_IPV6_PREFIX) {
    context.findings.error({
      code: 'BAD_CIDR',
      message: `a vSwitch's IPv6 block is a /${VSWITCH_IPV6_PREFIX}, got /${parsed.cidr.prefixLength}`,
      hint: 'Alibaba Cloud assigns each vSwitch one /64 of the VPC IPv6 block',
      ...node.where(),
    });
    return undefined;
  }
  return parsed.cidr;
}
