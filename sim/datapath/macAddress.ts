/**
 * Ethernet MAC addresses as the kernel checks them: six octets, printed lower-case with colons.
 */

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** The canonical (lower-case) form of a MAC address, or undefined if it is not one. */
export function parseMac(text: string): string | undefined {
  return MAC.test(text) ? text.toLowerCase() : undefined;
}

/**
 * True if the kernel accepts `mac` as a device address (`is_valid_ether_addr`): not multicast
 * (the low bit of the first octet clear) and not all zeros.
 */
export function isAssignableMac(mac: string): boolean {
  const first = Number.parseInt(mac.slice(0, 2), 16);
  return (first & 1) === 0 && mac !== '00:00:00:00:00:00';
}

/**
 * A locally administered unicast MAC derived from a counter. The kernel draws a random one
 * (`eth_hw_addr_random`) when a veth is created without an address; the memory datapath numbers
 * them instead, so its runs are reproducible.
 */
export function generatedMac(serial: number): string {
  if (!Number.isSafeInteger(serial) || serial < 0 || serial > 0xffffffff) {
    throw new RangeError(`MAC serial out of range: ${serial}`);
  }
  const octets = [0x02, 0x00, (serial >>> 24) & 0xff, (serial >>> 16) & 0xff];
  octets.push((serial >>> 8) & 0xff, serial & 0xff);
  return octets.map((octet) => octet.toString(16).padStart(2, '0')).join(':');
}
