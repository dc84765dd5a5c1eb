/**
 * Terway's `pkg/eni/local_test.go` (tag v1.17.5 of AliyunContainerService/terway) held against
 * enisim's daemon ENI slot (`sim/allocator/daemonSlot.ts`, `eniPriority.ts`): disposal, allocation
 * with no cache and under an inhibit, the create worker's batch and the priority function. The
 * figures are Terway's; adapters/daemon.ts builds a slot from the fields `NewLocalTest` sets.
 *
 * The rows of the ported functions, and what became of them:
 *
 * TestLocal_Dispose                                        ported (in-use addresses stay)
 * TestLocal_DisposeWholeENI                                ported
 * TestLocal_DisposeFailWhenAllocatingIsNotEmpty            ported, with the primary-address quirk
 * TestLocal_DisposeWholeERDMA                              not ported: ERDMA ENIs are issue 9
 * TestLocal_Allocate_NoCache                               ported
 * TestLocal_Allocate_NoCache_AllocSuccess                  ported
 * TestLocal_Allocate_Inhibit                               ported
 * TestLocal_Allocate_ERDMA                                 not ported: ERDMA requests are issue 9
 * TestFactoryAllocWorker_CreateENI                         ported (the batch, and on a whole node)
 * TestFactoryAllocWorker_CreateENI_IPv6                    ported (the batch)
 * TestPriorityReturnsNegativeWhenStatusIsDeleting          ported
 * TestPriorityReturnsZeroWhenStatusIsInit                  ported
 * TestPriorityReturnsTenWhenStatusIsCreating               ported
 * TestPriorityReturnsFiftyPlusIPv4CountWhenStatusIsInUseAndIPv4Enabled            ported
 * TestPriorityReturnsFiftyPlusIPv6CountWhenStatusIsInUseAndIPv6Enabled            ported
 * TestPriorityReturnsFiftyPlusIPv4AndIPv6CountWhenStatusIsInUseAndBothEnabled     ported
 *
 * The file's other tests are outside this port: Release, allocWorker and commit (channels and
 * contexts), load/sync/orphanIP (restoring state from the cloud and the kernel), the request
 * queues (switchIPv4/6, popNIPv4/6Jobs, AllocFromFactory), the create worker's failures and rate
 * limit, the dispose workers, Usage, Status, NewLocal, Run, notify and errorHandleLocked.
 *
 * One adapter mapping is not field for field: `NewLocalTest` gives a `Local` an ENI but leaves
 * `status` at `statusInit`, which the daemon never does; such a `Local` is an InUse slot here
 * (see `localSlot`).
 */
import { describe, expect, it } from 'vitest';
import {
  DAEMON_BATCH_SIZE,
  fromNowUs,
  localAllocate,
  localCreateCounts,
  localDispose,
  localPriority,
  localSlot,
  localStatus,
  nodeCreatesFirstEni,
  type TerwayLocal,
} from './adapters/daemon.js';

const FILE = 'pkg/eni/local_test.go';

describe(`${FILE} Dispose`, () => {
  it(`${FILE} TestLocal_Dispose`, () => {
    const fields: TerwayLocal = {
      eniId: 'eni-1',
      status: 'statusInUse',
      ipv4: [{ ip: '192.0.2.1', primary: false, podId: 'pod-1' }],
      ipv6: [{ ip: 'fd00:46dd:e::1', primary: false, podId: 'pod-1' }],
    };
    const local = localSlot(fields);
    const n = localDispose(local, 10);
    expect(n).toBe(0);
    expect(localStatus(local.slot)).toBe('statusInUse');
    expect(local.eni?.ipv4.size).toBe(1);
    expect(local.eni?.ipv6.size).toBe(1);
  });

  it(`${FILE} TestLocal_DisposeWholeENI`, () => {
    const local = localSlot({
      eniId: 'eni-1',
      status: 'statusInUse',
      ipv4: [{ ip: '192.0.2.1', primary: true }],
      ipv6: [{ ip: 'fd00:46dd:e::1', primary: false }],
    });
    const n = localDispose(local, 1);
    expect(n).toBe(1);
    expect(localStatus(local.slot)).toBe('statusDeleting');
  });

  it(`${FILE} TestLocal_DisposeFailWhenAllocatingIsNotEmpty`, () => {
    const local = localSlot({
      eniId: 'eni-1',
      status: 'statusInUse',
      ipv4: [{ ip: '192.0.2.1', primary: true }],
      ipv6: [{ ip: 'fd00:46dd:e::1', primary: false }],
      allocatingV4: 1,
    });
    const n = localDispose(local, 1);
    expect(n).toBe(1);
    expect(localStatus(local.slot)).toBe('statusInUse');
    // The primary-address quirk: Terway's step 3 picks the idle primary too, counts it, and
    // `IP.Dispose` (pkg/eni/types.go) leaves it Valid. The 1 above is the IPv6 address, which
    // does leave; the primary stays.
    expect(local.eni?.ipv4.get('192.0.2.1')?.status).toBe('Valid');
    expect(local.eni?.ipv6.get('fd00:46dd:e::1')?.status).toBe('Deleting');
  });
});

describe(`${FILE} Allocate`, () => {
  it(`${FILE} TestLocal_Allocate_NoCache`, () => {
    const fields: TerwayLocal = {
      eniId: 'eni-1',
      maxIpPerEni: 2,
      enableIpv4: true,
      ipv4: [
        { ip: '192.0.2.1', primary: false },
        { ip: '192.0.2.2', primary: false },
      ],
    };
    const resp = localAllocate(localSlot(fields), fields, { noCache: true });
    expect(resp.traces).toBe(1);
  });

  it(`${FILE} TestLocal_Allocate_NoCache_AllocSuccess`, () => {
    const fields: TerwayLocal = {
      eniId: 'eni-1',
      maxIpPerEni: 10,
      enableIpv4: true,
      enableIpv6: true,
      ipv4: [
        { ip: '192.0.2.1', primary: false },
        { ip: '192.0.2.2', primary: false },
      ],
    };
    const resp = localAllocate(localSlot(fields), fields, { noCache: true });
    expect(resp.channel).toBe(true);
    expect(resp.traces).toBe(0);
  });

  it(`${FILE} TestLocal_Allocate_Inhibit`, () => {
    const fields: TerwayLocal = {
      eniId: 'eni-1',
      maxIpPerEni: 2,
      enableIpv4: true,
      ipAllocInhibitExpireAtUs: fromNowUs(60),
    };
    const resp = localAllocate(localSlot(fields), fields, { noCache: false });
    expect(resp.channel).toBe(false);
    expect(resp.traces).toBe(1);
  });
});

describe(`${FILE} factoryAllocWorker`, () => {
  it(`${FILE} TestFactoryAllocWorker_CreateENI`, () => {
    const fields = {
      eniId: null,
      status: 'statusInit',
      enableIpv4: true,
      batchSize: 2,
      allocatingV4: 2,
    } as const;
    // f.On("CreateNetworkInterface", 2, 0, "eniType")
    expect(localCreateCounts(localSlot(fields), fields)).toEqual({ ipv4: 2, ipv6: 0 });
  });

  it(`${FILE} TestFactoryAllocWorker_CreateENI (two requests on a whole node: the ENI is InUse with 2 IPv4)`, () => {
    // The daemon's BatchSize is 10 (getPoolConfig); two requests stay below it, as in the test.
    expect(DAEMON_BATCH_SIZE).toBeGreaterThanOrEqual(2);
    const node = nodeCreatesFirstEni(2);
    expect(node.creates).toBe(1);
    expect(node.createIpv4).toBe(2);
    expect(node.eniStatus).toBe('InUse');
    expect(node.eniIpv4).toBe(2);
  });

  it(`${FILE} TestFactoryAllocWorker_CreateENI_IPv6`, () => {
    const fields = {
      eniId: null,
      status: 'statusInit',
      enableIpv4: true,
      enableIpv6: true,
      batchSize: 2,
      allocatingV4: 1,
      allocatingV6: 2,
    } as const;
    // f.On("CreateNetworkInterface", 1, 2, "eniType")
    expect(localCreateCounts(localSlot(fields), fields)).toEqual({ ipv4: 1, ipv6: 2 });
  });
});

describe(`${FILE} Priority`, () => {
  it(`${FILE} TestPriorityReturnsNegativeWhenStatusIsDeleting`, () => {
    expect(localPriority({ status: 'statusDeleting' })).toBe(-100);
  });

  it(`${FILE} TestPriorityReturnsZeroWhenStatusIsInit`, () => {
    expect(localPriority({ status: 'statusInit' })).toBe(0);
  });

  it(`${FILE} TestPriorityReturnsTenWhenStatusIsCreating`, () => {
    expect(localPriority({ status: 'statusCreating' })).toBe(10);
  });

  it(`${FILE} TestPriorityReturnsFiftyPlusIPv4CountWhenStatusIsInUseAndIPv4Enabled`, () => {
    expect(localPriority({ status: 'statusInUse', enableIpv4: true, ipv4Count: 1 })).toBe(51);
  });

  it(`${FILE} TestPriorityReturnsFiftyPlusIPv6CountWhenStatusIsInUseAndIPv6Enabled`, () => {
    expect(localPriority({ status: 'statusInUse', enableIpv6: true, ipv6Count: 1 })).toBe(51);
  });

  it(`${FILE} TestPriorityReturnsFiftyPlusIPv4AndIPv6CountWhenStatusIsInUseAndBothEnabled`, () => {
    const priority = localPriority({
      status: 'statusInUse',
      enableIpv4: true,
      enableIpv6: true,
      ipv4Count: 1,
      ipv6Count: 1,
    });
    expect(priority).toBe(52);
  });
});
