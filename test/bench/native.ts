/**
 * Native binding benchmark (root only), with the `benchmark` package: IPv4 address add+delete on
 * a veth in a namespace of this process's own, through the binding (synchronous and Promise) and
 * by spawning `ip addr add/del` (what the binding replaces); then one dump of 10,000 routes. Each
 * figure is the median of 5 benchmark runs. Namespaces are named `enb<pid>-…` and removed at the
 * end, even on failure.
 * Usage: `node dist/test/bench/native.js` (npm run bench:native).
 */
import { execFileSync } from 'node:child_process';
import Benchmark from 'benchmark';
import { loadBinding } from '../../native/load.js';
import { openHandle } from '../../native/rtnl.js';
import { removeNamespacesWithPrefix } from '../../native/kernelDatapath.js';

const RUNS = 5;
const ROUTES = 10_000;
const prefix = `enb${process.pid}-`;
const binding = loadBinding();
const nsName = `${prefix}a`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** One benchmark run: the mean µs per add+delete pair. */
function measure(
  name: string,
  fn: (deferred?: { resolve(): void }) => void,
  defer: boolean,
): number {
  let meanS = Number.NaN;
  const bench = new Benchmark(name, { fn, defer, minSamples: 5, maxTime: 1.5 });
  bench.on('complete', () => {
    meanS = bench.stats.mean;
  });
  bench.run({ async: false });
  return meanS * 1e6;
}

async function measureAsync(name: string, fn: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    const bench = new Benchmark(name, {
      defer: true,
      minSamples: 5,
      maxTime: 1.5,
      fn: (deferred: { resolve(): void }) => {
        void fn().then(() => {
          deferred.resolve();
        });
      },
    });
    bench.on('complete', () => {
      resolve(bench.stats.mean * 1e6);
    });
    bench.run({ async: true });
  });
}

async function main(): Promise<void> {
  binding.netnsAdd(nsName);
  const h = openHandle(nsName, binding);
  try {
    h.sync.setLink({ dev: 'lo' }, { up: true });
    h.sync.addVeth({ name: 'b0', peerName: 'b1' });
    h.sync.setLink({ dev: 'b0' }, { up: true });
    const spec = { dev: 'b0', address: '10.77.0.1/32' };
    const sync: number[] = [];
    const promise: number[] = [];
    const spawned: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      sync.push(
        measure(
          'binding sync',
          () => {
            h.sync.addAddress(spec);
            h.sync.deleteAddress(spec);
          },
          false,
        ),
      );
      promise.push(
        await measureAsync('binding promise', async () => {
          await h.addAddress(spec);
          await h.deleteAddress(spec);
        }),
      );
      spawned.push(
        measure(
          'spawn ip',
          () => {
            execFileSync('ip', ['-n', nsName, 'addr', 'add', spec.address, 'dev', 'b0']);
            execFileSync('ip', ['-n', nsName, 'addr', 'del', spec.address, 'dev', 'b0']);
          },
          false,
        ),
      );
    }
    for (let i = 0; i < ROUTES; i += 1) {
      h.sync.addRoute({ dst: `10.${100 + (i >> 8)}.${i & 255}.0/24`, dev: 'b0', table: 100 });
    }
    const dumpMs: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const start = process.hrtime.bigint();
      const routes = await h.listRoutes();
      dumpMs.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (routes.filter((route) => route.table === 100).length !== ROUTES)
        throw new Error('the dump lost routes');
    }
    const s = median(sync);
    const p = median(promise);
    const x = median(spawned);
    console.log(`address add+delete, median of ${RUNS} runs (µs per pair):`);
    console.log(
      `  binding, synchronous   ${s.toFixed(1)}   (${(x / s).toFixed(0)}× faster than spawning ip)`,
    );
    console.log(
      `  binding, Promise       ${p.toFixed(1)}   (${(x / p).toFixed(0)}× faster than spawning ip)`,
    );
    console.log(`  spawning ip addr add+del ${x.toFixed(0)}`);
    console.log(
      `dump of ${ROUTES} routes (Promise, all tables): median ${median(dumpMs).toFixed(1)} ms`,
    );
  } finally {
    h.close();
    removeNamespacesWithPrefix(prefix, binding);
  }
}

await main();
