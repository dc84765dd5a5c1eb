/**
 * The differential check (root only): seeded pod churn through Terway's CNI sequences, run on the
 * memory datapath and on the kernel (KernelDatapath in namespaces under this process's prefix),
 * must leave the same normalised dump after every step, in shared and exclusive ENI mode, IPv4
 * and dual-stack. A route added behind the check's back with `ip` must be reported.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dumpDifference } from '../../native/differential.js';
import { KernelDatapath, listNamespaces } from '../../native/kernelDatapath.js';
import type { CniSequences } from '../../sim/allocator/index.js';
import { createDatapathCni, podNetnsName } from '../../sim/allocator/index.js';
import type { PodNetwork } from '../../sim/allocator/cniSequences.js';
import type { EniRecord } from '../../sim/allocator/eniRecord.js';
import { newEniRecord } from '../../sim/allocator/eniRecord.js';
import type { NodeDatapath } from '../../sim/contracts/datapath.js';
import type { Coroutine } from '../../sim/contracts/operation.js';
import { spawn, wait } from '../../sim/contracts/operation.js';
import { MemoryDatapath } from '../../sim/datapath/memoryDatapath.js';
import { createRng, intBelow } from '../../sim/engine/rng.js';
import { rootSkipReason, testPrefix, theBinding } from '../helpers/nativeGate.js';

const prefix = testPrefix('d');
const kernels: KernelDatapath[] = [];

afterEach(() => {
  for (const kernel of kernels.splice(0)) kernel.close();
});

afterAll(() => {
  if (rootSkipReason === undefined) expect(listNamespaces(prefix)).toEqual([]);
});

type Stack = 'ipv4' | 'dual';

/** Both datapaths, each with its own CNI sequences, the cloud plugging ENIs into each. */
interface Pair {
  readonly kernel: KernelDatapath;
  readonly memory: MemoryDatapath;
  readonly sides: readonly { readonly dp: NodeDatapath; readonly cni: CniSequences }[];
}

function pair(stack: Stack, tag: string): Pair {
  const kernel = new KernelDatapath({ prefix: `${prefix}${tag}-`, binding: theBinding() });
  kernels.push(kernel);
  kernel.start();
  const memory = new MemoryDatapath(kernel.profile());
  const gateways =
    stack === 'dual' ? { ipv4: '10.0.0.253', ipv6: 'fd00::1' } : { ipv4: '10.0.0.253' };
  const nodeIps =
    stack === 'dual' ? { ipv4: '10.0.0.10', ipv6: 'fd00::10' } : { ipv4: '10.0.0.10' };
  const side = (dp: KernelDatapath | MemoryDatapath) => ({
    dp,
    cni: createDatapathCni({
      datapath: dp,
      gateways: () => gateways,
      nodeIps,
      serviceCidrs: { ipv4: '192.168.0.0/16' },
      onDeviceAttached: (eni) => dp.plugDevice({ mac: eni.macAddress }),
      onDeviceDetached: (eni) => {
        dp.unplugDevice(eni.macAddress);
      },
    }),
  });
  return { kernel, memory, sides: [side(kernel), side(memory)] };
}

function eni(serial: number, kind: 'secondary' | 'exclusive'): EniRecord {
  const mac = `00:16:3e:00:00:${serial.toString(16).padStart(2, '0')}`;
  return newEniRecord({
    id: `eni-${serial}`,
    kind,
    status: 'InUse',
    vSwitchId: 'vsw-1',
    macAddress: mac,
    primaryIpv4: `10.0.0.${serial}`,
    trunkEniId: null,
    ipv4Addresses: [],
    ipv6Addresses: [],
  });
}

function run<T>(coroutine: Coroutine<T>): T {
  const task = spawn(coroutine);
  if (!task.finished) throw new Error('a datapath sequence did not complete synchronously');
  return task.result as T;
}

/** Runs one datapath operation on both sides and compares outcomes and dumps. */
function compared(p: Pair, what: string, body: (dp: NodeDatapath) => { ok: boolean }): void {
  const outcomes = p.sides.map(({ dp }) => body(dp));
  expect(outcomes[0]?.ok, `${what}: kernel and memory outcomes`).toBe(outcomes[1]?.ok);
  const difference = dumpDifference(p.kernel.snapshot(), p.memory.snapshot());
  expect(difference, `after ${what}, the kernel and memory dumps differ`).toEqual([]);
}

/** Runs one step on both sides and fails with the step, the operation and the difference. */
function step(
  p: Pair,
  what: string,
  body: (cni: CniSequences) => Coroutine<{ ok: boolean }>,
): void {
  const outcomes = p.sides.map(({ cni }) => run(body(cni)));
  expect(outcomes[0], `${what}: kernel and memory outcomes`).toEqual(outcomes[1]);
  const difference = dumpDifference(p.kernel.snapshot(), p.memory.snapshot());
  expect(difference, `after ${what}, the kernel and memory dumps differ`).toEqual([]);
}

function churn(mode: 'shared' | 'exclusive', stack: Stack, seed: number, steps: number): void {
  const p = pair(stack, `${mode[0] ?? ''}${stack[0] ?? ''}`);
  const rng = createRng(seed);
  const enis = mode === 'shared' ? [eni(1, 'secondary'), eni(2, 'secondary')] : [];
  for (const e of enis) step(p, `setUpEni ${e.id}`, (cni) => cni.setUpEni(e));
  const live: PodNetwork[] = [];
  let serial = 0;
  for (let i = 0; i < steps; i += 1) {
    const add = live.length === 0 || (live.length < 4 && intBelow(rng, 3) > 0);
    if (add) {
      serial += 1;
      const own = mode === 'exclusive' ? eni(0x40 + serial, 'exclusive') : undefined;
      const onEni = own ?? enis[intBelow(rng, enis.length)];
      if (onEni === undefined) throw new Error('no ENI');
      const network: PodNetwork = {
        podKey: `default/pod-${serial}`,
        kind: mode,
        ipv4: `10.0.0.${100 + serial}`,
        ipv6: stack === 'dual' ? `fd00::${(0x100 + serial).toString(16)}` : null,
        eni: onEni,
      };
      live.push(network);
      step(p, `step ${i}: setUpPod ${network.podKey} on ${onEni.id}`, (cni) =>
        cni.setUpPod(network),
      );
    } else {
      const [network] = live.splice(intBelow(rng, live.length), 1);
      if (network === undefined) throw new Error('no pod');
      if (mode === 'exclusive' && intBelow(rng, 2) === 0) {
        // The runtime removes the sandbox without CNI DEL: the pod's ENI survives its namespace
        // (back in the node, down, same MAC), then the controller detaches it.
        const netns = podNetnsName(network.podKey);
        compared(p, `step ${i}: netns del ${netns} holding ${network.eni.id}`, (dp) =>
          run(wait(dp.netnsDelete(netns))),
        );
        compared(p, `step ${i}: detach ${network.eni.id}`, (dp) => {
          (dp as KernelDatapath | MemoryDatapath).unplugDevice(network.eni.macAddress);
          return { ok: true };
        });
      } else {
        step(p, `step ${i}: tearDownPod ${network.podKey}`, (cni) => cni.tearDownPod(network));
      }
    }
  }
}

describe.skipIf(rootSkipReason !== undefined)('differential check: kernel against memory', () => {
  it('shared ENI mode, IPv4: equal dumps after every step of seeded churn', () => {
    churn('shared', 'ipv4', 1401, 10);
  });

  it('shared ENI mode, dual-stack: equal dumps after every step of seeded churn', () => {
    churn('shared', 'dual', 1402, 8);
  });

  it('exclusive ENI mode, IPv4: equal dumps after every step, the ENI back in the node after its pod', () => {
    churn('exclusive', 'ipv4', 1403, 8);
  });

  it('exclusive ENI mode, dual-stack: equal dumps after every step of seeded churn', () => {
    churn('exclusive', 'dual', 1404, 5);
  });

  it('reports a route added behind its back with ip', () => {
    const p = pair('ipv4', 'x');
    const e = eni(1, 'secondary');
    step(p, 'setUpEni', (cni) => cni.setUpEni(e));
    execFileSync('ip', [
      '-n',
      p.kernel.kernelName(''),
      'route',
      'add',
      '10.99.0.0/24',
      'dev',
      'eth0',
    ]);
    const difference = dumpDifference(p.kernel.snapshot(), p.memory.snapshot());
    expect(difference).toHaveLength(1);
    expect(difference[0]).toMatch(
      /^kernel \+ \(host\) \| route table 254 \| .*"dst":"10\.99\.0\.0\/24"/,
    );
  });
});
