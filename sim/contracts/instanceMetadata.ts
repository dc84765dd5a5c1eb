/**
 * The instance metadata service (`http://100.100.100.200/latest/meta-data/`) as Terway's daemon
 * reads it: the ENIs the instance sees, by MAC, and their addresses
 * (`network/interfaces/macs/<mac>/private-ipv4s`, `ipv6s`). The daemon polls it after an attach
 * and after every assign (`pkg/factory/aliyun/aliyun.go:validateIPInMetadata`) before it hands an
 * address out. A read is local to the instance and takes no OpenAPI quota; its few milliseconds
 * are not modelled.
 */

/** One ENI as the metadata service lists it. */
export interface MetadataEni {
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

/** What one instance's metadata service answers now. */
export interface InstanceMetadata {
  /**
   * The ENI's addresses as listed under its MAC, or null while the instance does not see the ENI
   * (not attached to it, or its attach has not completed).
   */
  eni(eniId: string): MetadataEni | null;
}
