/**
 * The ECS and EFLO OpenAPI vocabulary enisim speaks: the action names and the error codes, as the
 * OpenAPI spells them. Scenarios name them (rate limits, fault windows); the simulated cloud and
 * the allocator core answer and read them.
 */

/** The error codes the cloud returns, as the OpenAPI spells them. */
export const CloudErrorCode = {
  throttling: 'Throttling',
  internalError: 'InternalError',
  eniPerInstanceLimitExceeded: 'EniPerInstanceLimitExceeded',
  vSwitchIpNotEnough: 'InvalidVSwitchId.IpNotEnough',
  privateIpQuotaExceeded: 'QuotaExceeded.PrivateIpAddress',
  operationConflict: 'Operation.Conflict',
  eniNotFound: 'InvalidEniId.NotFound',
  eniIncorrectStatus: 'InvalidOperation.InvalidEniState',
  vSwitchNotFound: 'InvalidVSwitchId.NotFound',
  /** The instance (or Lingjun node) does not exist, e.g. it was released during a scale-in. */
  instanceNotFound: 'InvalidInstanceId.NotFound',
} as const;
export type CloudErrorCode = (typeof CloudErrorCode)[keyof typeof CloudErrorCode];

/** Every API action name, for per-API accounting and rate limits. */
export type CloudApiAction =
  | 'CreateNetworkInterface'
  | 'AttachNetworkInterface'
  | 'DetachNetworkInterface'
  | 'DeleteNetworkInterface'
  | 'AssignPrivateIpAddresses'
  | 'UnassignPrivateIpAddresses'
  | 'AssignIpv6Addresses'
  | 'UnassignIpv6Addresses'
  | 'DescribeNetworkInterfaces'
  | 'DescribeVSwitches'
  | 'CreateElasticNetworkInterface'
  | 'AttachElasticNetworkInterface'
  | 'DetachElasticNetworkInterface'
  | 'DeleteElasticNetworkInterface'
  | 'AssignLeniPrivateIpAddress'
  | 'UnassignLeniPrivateIpAddress'
  | 'ListLeniPrivateIpAddresses'
  | 'ListElasticNetworkInterfaces'
  | 'GetNodeInfoForPod'
  | 'DescribeNode'
  | 'DescribeNodeType';
