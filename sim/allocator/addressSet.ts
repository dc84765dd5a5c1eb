/**
 * The addresses of one family on one ENI, with their states, as Terway's `Set` of `IP` records
 * (`pkg/eni/types.go`) and the controller's `Nic.ipv4/ipv6` maps keep them.
 *
 * An address is Valid (usable), Deleting (chosen for release; the Unassign call has not returned
 * yet) or Invalid (gone from the cloud while a pod still held it). It is in use while a pod key
 * is set. Idle Valid addresses are also kept in insertion order, so handing one out is O(1): the
 * warm-pool fast path never scans.
 */
import { AllocatorInvariantError } from './assert.js';

/** An address family. */
export type Family = 'ipv4' | 'ipv6';

/** An address's state (`ipStatusValid`, `ipStatusDeleting`, `ipStatusInvalid`). */
export type AddressStatus = 'Valid' | 'Deleting' | 'Invalid';

/** One address on an ENI. */
export interface AddressRecord {
  readonly address: string;
  readonly family: Family;
  /** The ENI's own primary address: usable by a pod, never released on its own. */
  readonly primary: boolean;
  /** EFLO names each LENI address (`ipName`) and unassigns it by that name. */
  readonly ipName: string | null;
  status: AddressStatus;
  /** `namespace/name` of the pod holding it, or null when idle. */
  podKey: string | null;
}

/** The addresses of one family on one ENI. */
export class AddressSet {
  readonly #byAddress = new Map<string, AddressRecord>();
  // Idle and Valid, in the order they became idle (JS Sets iterate in insertion order).
  readonly #idle = new Set<AddressRecord>();
  #inUse = 0;
  #deleting = 0;
  // The two maps' sizes as plain fields: the daemon pool's slot sorts read them on every
  // allocation, and a field is one memory access where a Map's size is several.
  #size = 0;
  #idleSize = 0;

  /** Addresses in the set, whatever their state. */
  get size(): number {
    return this.#size;
  }

  /** Valid addresses no pod holds. */
  get idleCount(): number {
    return this.#idleSize;
  }

  /** Addresses a pod holds. */
  get inUseCount(): number {
    return this.#inUse;
  }

  /** Addresses in the Deleting state. */
  get deletingCount(): number {
    return this.#deleting;
  }

  /** The record of `address`, if the set has it. */
  get(address: string): AddressRecord | undefined {
    return this.#byAddress.get(address);
  }

  /** Every record, in insertion order. */
  records(): IterableIterator<AddressRecord> {
    return this.#byAddress.values();
  }

  /** Adds a new Valid, idle address. Adding an address twice is a broken invariant. */
  addValid(
    address: string,
    options: {
      readonly family: Family;
      readonly primary: boolean;
      readonly ipName?: string | null;
    },
  ): AddressRecord {
    if (this.#byAddress.has(address)) {
      throw new AllocatorInvariantError(`address ${address} added twice to one ENI`);
    }
    const record: AddressRecord = {
      address,
      family: options.family,
      primary: options.primary,
      ipName: options.ipName ?? null,
      status: 'Valid',
      podKey: null,
    };
    this.#byAddress.set(address, record);
    this.#idle.add(record);
    this.#size = this.#byAddress.size;
    this.#idleSize = this.#idle.size;
    return record;
  }

  /**
   * `PeekAvailable(podID, prefer)`: the address `prefer` when this pod held it last and still
   * holds it (a sticky StatefulSet address), else the oldest idle Valid address, else undefined.
   */
  peekAvailable(podKey: string | null, prefer: string | null): AddressRecord | undefined {
    if (podKey !== null && prefer !== null) {
      const record = this.#byAddress.get(prefer);
      if (record !== undefined && record.podKey === podKey) return record;
    }
    if (this.#idleSize === 0) return undefined; // no iterator for an empty list
    for (const record of this.#idle) return record;
    return undefined;
  }

  /** Gives an idle Valid address to `podKey`. */
  allocate(record: AddressRecord, podKey: string): void {
    if (record.podKey === podKey) return;
    // NOTE: `if … throw` rather than assert(): the messages are built only when they are needed.
    if (record.podKey !== null) {
      throw new AllocatorInvariantError(
        `address ${record.address} allocated to ${podKey} while held by ${record.podKey}`,
      );
    }
    if (record.status !== 'Valid') {
      throw new AllocatorInvariantError(
        `address ${record.address} allocated in state ${record.status}`,
      );
    }
    if (!this.#idle.delete(record)) {
      throw new AllocatorInvariantError(`address ${record.address} was not on the idle list`);
    }
    this.#idleSize = this.#idle.size;
    record.podKey = podKey;
    this.#inUse++;
  }

  /** Returns an address from `podKey` to the pool (a no-op if another pod holds it). */
  release(record: AddressRecord, podKey: string): void {
    if (record.podKey !== podKey) return;
    record.podKey = null;
    this.#inUse--;
    if (record.status === 'Valid') {
      this.#idle.add(record);
      this.#idleSize = this.#idle.size;
    }
  }

  /** `Dispose`: marks an idle, non-primary address Deleting. Returns false if it cannot be. */
  markDeleting(record: AddressRecord): boolean {
    if (record.primary || record.podKey !== null || record.status === 'Deleting') return false;
    if (record.status === 'Valid') {
      this.#idle.delete(record);
      this.#idleSize = this.#idle.size;
    }
    record.status = 'Deleting';
    this.#deleting++;
    return true;
  }

  /** Marks an address Invalid (gone from the cloud); a held one stays with its pod. */
  markInvalid(record: AddressRecord): void {
    if (record.status === 'Invalid') return;
    if (record.status === 'Valid') {
      this.#idle.delete(record);
      this.#idleSize = this.#idle.size;
    }
    if (record.status === 'Deleting') this.#deleting--;
    record.status = 'Invalid';
  }

  /** Removes an address (after Unassign returned, or when the ENI is gone). */
  delete(address: string): void {
    const record = this.#byAddress.get(address);
    if (record === undefined) return;
    this.#byAddress.delete(address);
    this.#size = this.#byAddress.size;
    if (record.status === 'Valid' && record.podKey === null) {
      this.#idle.delete(record);
      this.#idleSize = this.#idle.size;
    }
    if (record.status === 'Deleting') this.#deleting--;
    if (record.podKey !== null) this.#inUse--;
  }

  /** Up to `limit` addresses in the Deleting state, in insertion order. */
  deletingRecords(limit: number): AddressRecord[] {
    const result: AddressRecord[] = [];
    if (this.#deleting === 0) return result;
    for (const record of this.#byAddress.values()) {
      if (result.length >= limit) break;
      if (record.status === 'Deleting') result.push(record);
    }
    return result;
  }

  /** Idle Valid addresses that may be released (not the primary), oldest idle first. */
  releasableIdle(limit: number): AddressRecord[] {
    const result: AddressRecord[] = [];
    for (const record of this.#idle) {
      if (result.length >= limit) break;
      if (!record.primary) result.push(record);
    }
    return result;
  }
}
