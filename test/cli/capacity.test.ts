/**
 * `enisim capacity` run as users run it: the built binary (`node bin/enisim.js`) in a child
 * process, checking stdout, stderr and the exit code. `npm test` builds first; run alone, the
 * suite builds once if `dist/` is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'enisim.js');
let work = '';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function enisim(...args: string[]): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: string): string {
  writeFileSync(join(work, name), content);
  return name;
}

/** Asserts the one-line failure shape: exit code, one `enisim:` line, nothing else anywhere. */
function expectFailure(run: Run, exitCode: number, line: string | RegExp): void {
  expect(run.status).toBe(exitCode);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n').filter((text) => text !== '');
  expect(lines).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.stderr).not.toMatch(/Error:/);
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'capacity', 'command.js'))) {
    spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: root,
        stdio: 'ignore',
      },
    );
  }
  work = mkdtempSync(join(tmpdir(), 'enisim-cli-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** The seed's `kubectl describe node` output, as the ACK document shows it. */
const SEED_BLOCK = `Capacity:
  aliyun/eni:         7
  cpu:                16
  ephemeral-storage:  123460788Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             31555380Ki
  pods:               213
Allocatable:
  aliyun/eni:         7
  cpu:                15890m
  ephemeral-storage:  113781462033
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             28587828Ki
  pods:               213`;

describe('enisim capacity: output', () => {
  it("reproduces the seed's kubectl describe node block, line for line", () => {
    const run = enisim(
      'capacity',
      'ecs.c7.4xlarge',
      '--mode',
      'exclusive',
      '--memory-ki',
      '31555380',
      '--ephemeral-ki',
      '123460788',
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(SEED_BLOCK);
    expect(run.stdout).toMatch(/^Name: +ecs\.c7\.4xlarge$/m);
    expect(run.stdout).toMatch(/^Admitted: +yes$/m);
    expect(run.stdout).toContain('cpu 110m, memory 2598Mi + 300Mi eviction');
  });

  it('--json prints one object per type with quantity strings and diagnostics', () => {
    const run = enisim(
      'capacity',
      'ecs.c7.4xlarge',
      'ecs.g7.xlarge',
      '--mode',
      'exclusive',
      '--json',
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    const plans = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(plans).toHaveLength(2);
    expect(plans[0]).toMatchObject({
      instanceType: 'ecs.c7.4xlarge',
      platform: 'ecs',
      mode: 'exclusive',
      stack: 'ipv4',
      terway: '1.17.5',
      containerPods: 7,
      memberEniPods: 0,
      capacity: {
        'aliyun/eni': '7',
        cpu: '16',
        'ephemeral-storage': '123460788Ki',
        memory: '31555380Ki',
        pods: '213',
      },
      allocatable: { 'aliyun/eni': '7', cpu: '15890m', memory: '28587828Ki', pods: '213' },
      memoryEstimated: true,
      admitted: true,
      violations: [],
      warnings: [],
    });
    expect(plans[1]).toMatchObject({
      instanceType: 'ecs.g7.xlarge',
      containerPods: 3,
      admitted: false,
      violations: [{ code: 'EXCLUSIVE_TOO_FEW_ENIS' }],
    });
  });

  it("words the models' notes with the flag that settles them, in text and in --json", () => {
    const text = enisim('capacity', 'ecs.c7.4xlarge');
    expect(text.stdout).toMatch(/^Note: +memory is MemTotal estimated .*; pass --memory-ki with/m);
    expect(text.stdout).toMatch(/^Note: +ephemeral-storage assumes .*; pass --ephemeral-ki with/m);
    const json = enisim('capacity', 'ecs.c7.4xlarge', '--json');
    const [plan] = JSON.parse(json.stdout) as {
      notes: { code: string; message: string; hint: string | null }[];
    }[];
    const memoryNote = plan?.notes.find((note) => note.code === 'MEMORY_ESTIMATED');
    expect(memoryNote?.hint).toBe("pass --memory-ki with the node's real MemTotal");
    expect(memoryNote?.message).toMatch(/MemTotal/);
    expect(memoryNote?.message).not.toContain('--');
  });

  it('prints a table for several types, refusals under it and warnings on stderr', () => {
    const run = enisim('capacity', 'ecs.g7.xlarge', 'ecs.c7.4xlarge', 'ecs.c6.large', '--trunk');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^TYPE +MODE +STACK +ENIS×IPV4 +ENI PODS +MEMBER-ENI +KUBELET PODS/);
    expect(lines[1]).toMatch(
      /^ecs\.g7\.xlarge +shared +ipv4 +4×15 +45 +16 +48 +3920m +~\d+\.\d+Gi +yes$/,
    );
    expect(lines[2]).toMatch(/^ecs\.c7\.4xlarge +shared +ipv4 +8×30 +210 +unknown +213 /);
    expect(lines[3]).toMatch(/^ecs\.c6\.large +shared .* no: SHARED_TOO_FEW_PODS$/);
    expect(run.stdout).toContain('Not admitted:');
    expect(run.stderr).toContain(
      'enisim: warning: ecs.c7.4xlarge (shared): TRUNK_QUOTA_UNKNOWN: ecs.c7.4xlarge: EniTotalQuantity/EniTrunkSupported unknown',
    );
    expect(run.stderr).toContain(
      'enisim: warning: ecs.g7.xlarge (shared): MAX_PODS_BELOW_NETWORK_PODS',
    );
  });

  it('--popular plans six types in both modes (what npm start prints)', () => {
    const run = enisim('capacity', '--popular');
    expect(run.status).toBe(0);
    const rows = run.stdout.split('\n').filter((line) => /^ecs\./.test(line));
    expect(rows).toHaveLength(12);
    expect(rows.filter((row) => / shared /.test(row))).toHaveLength(6);
    expect(rows.find((row) => row.startsWith('ecs.g7.4xlarge') && / shared /.test(row))).toMatch(
      / 210 /,
    );
    expect(rows.find((row) => row.startsWith('ecs.c6.4xlarge') && / shared /.test(row))).toMatch(
      / 140 /,
    );
    expect(rows.find((row) => row.startsWith('ecs.g7.xlarge') && / exclusive /.test(row))).toMatch(
      /no: EXCLUSIVE_TOO_FEW_ENIS$/,
    );
  });

  it('reads Lingjun types from --catalog', () => {
    const catalog = file(
      'lingjun.json',
      JSON.stringify([
        {
          InstanceTypeId: 'efg2.leni',
          LeniQuota: 12,
          LeniSipQuota: 10,
          CpuCoreCount: 48,
          MemorySize: 384,
        },
        {
          InstanceTypeId: 'efg2.hd',
          NodeType: 'hd',
          EniQuantity: 1,
          EniPrivateIpAddressQuantity: 10,
          EniHighDenseQuantity: 16,
        },
      ]),
    );
    const run = enisim(
      'capacity',
      'efg2.leni',
      'efg2.hd',
      '--catalog',
      catalog,
      '--mode',
      'exclusive',
      '--json',
    );
    expect(run.status).toBe(0);
    const plans = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(plans[0]).toMatchObject({
      platform: 'lingjun',
      containerPods: 11,
      capacity: { 'aliyun/eni': '11' },
    });
    expect(plans[1]).toMatchObject({
      containerPods: 16,
      limits: { eniApi: 'ecs-hdeni' },
      capacity: { cpu: null },
    });
  });

  it('applies --eni-conf, as eni_conf JSON or as the eni-config ConfigMap in YAML', () => {
    const json = file('eni.json', JSON.stringify({ max_eni: 3, ip_stack: 'dual' }));
    const direct = JSON.parse(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', json, '--json').stdout,
    ) as {
      containerPods: number;
      stack: string;
    }[];
    expect(direct[0]).toMatchObject({ containerPods: 90, stack: 'dual' });
    const yaml = file(
      'eni-config.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: eni-config\n  namespace: kube-system\ndata:\n  eni_conf: |\n    {"max_eni": 3, "ip_stack": "dual"}\n',
    );
    const viaConfigMap = JSON.parse(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', yaml, '--json').stdout,
    ) as unknown;
    expect(viaConfigMap).toEqual(direct);
    // A flag on the command line wins over eni_conf.
    const flag = JSON.parse(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', json, '--stack', 'ipv4', '--json').stdout,
    ) as { stack: string }[];
    expect(flag[0]?.stack).toBe('ipv4');
  });
});

describe('enisim capacity: bad input', () => {
  const good = { InstanceTypeId: 'ecs.mine', EniQuantity: 8, EniPrivateIpAddressQuantity: 30 };
  const response = (entries: unknown[]) =>
    JSON.stringify({ RequestId: 'x', InstanceTypes: { InstanceType: entries } });

  it('warns on stderr about an unknown eni_conf key, with or without --json', () => {
    const conf = file('typo.json', JSON.stringify({ max_pool_sise: 10 }));
    const warning = `enisim: warning: typo.json: unknown eni_conf key "max_pool_sise" (Terway ignores it)`;
    for (const extra of [[], ['--json']]) {
      const run = enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', conf, ...extra);
      expect(run.status).toBe(0);
      expect(run.stderr.split('\n')).toContain(warning);
    }
    const json = enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', conf, '--json');
    expect(JSON.parse(json.stdout)).toHaveLength(1);
  });

  it('an unknown type: exit 1 with the nearest names', () => {
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarg'),
      1,
      'enisim: unknown instance type "ecs.c7.4xlarg"; did you mean "ecs.c7.4xlarge", "ecs.c5.4xlarge", "ecs.c6.4xlarge"? (add it with --catalog FILE)',
    );
  });

  it('malformed and truncated JSON: exit 1 with the position', () => {
    const bad = file('bad.json', '[{"InstanceTypeId":"ecs.x",\n "EniQuantity": }]');
    expectFailure(
      enisim('capacity', 'ecs.x', '--catalog', bad),
      1,
      'enisim: bad.json: line 2, column 17: malformed JSON: unexpected "}"',
    );
    const cut = file('cut.json', response([good, good]).slice(0, 90));
    expectFailure(
      enisim('capacity', 'ecs.mine', '--catalog', cut),
      1,
      'enisim: cut.json: malformed JSON: the document ends early (truncated?)',
    );
  });

  it.each([
    ['missing EniQuantity', { EniQuantity: undefined }, 'EniQuantity: is required but missing'],
    ['negative', { EniQuantity: -2 }, 'EniQuantity: must be a whole number ≥ 1, got -2'],
    ['fractional', { EniQuantity: 7.5 }, 'EniQuantity: must be a whole number ≥ 1, got 7.5'],
    [
      'non-numeric',
      { EniPrivateIpAddressQuantity: 'thirty' },
      'EniPrivateIpAddressQuantity: must be a whole number ≥ 1, got "thirty"',
    ],
    [
      'absurdly large',
      { EniQuantity: 100000 },
      'EniQuantity: must be at most 1024 (no real instance has more), got 100000',
    ],
  ])('%s quota: exit 1 naming the file and JSON path', (name, change, message) => {
    const entries = [
      good,
      { ...good, InstanceTypeId: 'ecs.b' },
      { ...good, InstanceTypeId: 'ecs.c' },
    ];
    entries.push({ ...good, InstanceTypeId: 'ecs.d', ...change } as typeof good);
    const extra = file(`extra-${name.replace(/ /g, '-')}.json`, response(entries));
    expectFailure(
      enisim('capacity', 'ecs.mine', '--catalog', extra),
      1,
      `enisim: ${extra}: $.InstanceTypes.InstanceType[3].${message}`,
    );
  });

  it('a missing file: exit 1', () => {
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--catalog', 'nope.json'),
      1,
      'enisim: nope.json: cannot read: no such file',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', 'nope.json'),
      1,
      'enisim: nope.json: cannot read: no such file',
    );
  });

  it('a bad eni_conf: exit 1 at its path, also inside a ConfigMap', () => {
    const conf = file('bad-eni.json', JSON.stringify({ max_pool_size: -1 }));
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', conf),
      1,
      'enisim: bad-eni.json: $.max_pool_size: must be a whole number ≥ 0, got -1',
    );
    const cm = file(
      'bad-cm.yaml',
      'kind: ConfigMap\ndata:\n  eni_conf: \'{"ip_stack": "ipv6"}\'\n',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', cm),
      1,
      'enisim: bad-cm.yaml: $.data.eni_conf → $.ip_stack: must be one of "ipv4", "dual", got "ipv6"',
    );
  });

  it('an empty file, a directory, a YAML alias bomb or two YAML documents: exit 1, one line', () => {
    const empty = file('empty.json', '\n');
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--catalog', empty),
      1,
      'enisim: empty.json: the file is empty: expected JSON',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--catalog', '.'),
      1,
      'enisim: .: cannot read: it is a directory, not a file',
    );
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ] as const) {
      levels.push(`${name}: &${name} [${Array<string>(9).fill(`*${previous}`).join(', ')}]`);
    }
    const bomb = file('bomb.yaml', `${levels.join('\n')}\nkind: ConfigMap\n`);
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', bomb),
      1,
      /^enisim: bomb\.yaml: malformed YAML: .*\(at most 1000 alias expansions\)$/,
    );
    const two = file('two.yaml', 'kind: ConfigMap\n---\nkind: ConfigMap\n');
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', two),
      1,
      'enisim: two.yaml: line 2, column 1: malformed YAML: the file holds more than one document; give the eni-config ConfigMap alone',
    );
    const indent = file('indent.yaml', 'kind: ConfigMap\ndata:\n  eni_conf: [1\n');
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', indent),
      1,
      /^enisim: indent\.yaml: line 4, column 1: malformed YAML: /,
    );
  });

  it('a quota beyond any number and an entry that is an array: exit 1 at its path', () => {
    const huge = file(
      'huge.json',
      '[{"InstanceTypeId":"ecs.mine","EniQuantity":1e400,"EniPrivateIpAddressQuantity":30}]',
    );
    expectFailure(
      enisim('capacity', 'ecs.mine', '--catalog', huge),
      1,
      'enisim: huge.json: $[0].EniQuantity: must be a whole number ≥ 1, got Infinity',
    );
    const array = file('array.json', response([good, [good]]));
    expectFailure(
      enisim('capacity', 'ecs.mine', '--catalog', array),
      1,
      /^enisim: array\.json: \$\.InstanceTypes\.InstanceType\[1\]: must be an object, got \[/,
    );
  });

  it('a document nested 100,000 deep: exit 1, one line, no stack overflow', () => {
    const deep = file('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--catalog', deep),
      1,
      'enisim: deep.json: $[0]: must be an object, got [[[[[...]]]]]',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', deep),
      1,
      'enisim: deep.json: $: eni_conf must be a JSON object, got [[[[[...]]]]]',
    );
  });

  it('a truncated document nested deeper than 512: exit 1 naming the depth', () => {
    const deep = file('deep-cut.json', '['.repeat(600));
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--catalog', deep),
      1,
      'enisim: deep-cut.json: line 1, column 514: malformed JSON: nested deeper than 512 levels',
    );
  });

  it('a file flag without a file: exit 2', () => {
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--catalog'),
      2,
      'enisim: --catalog needs a FILE',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--eni-conf', ''),
      2,
      'enisim: --eni-conf needs a FILE',
    );
  });

  it('an unknown mode, stack or reservation: exit 2', () => {
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--mode', 'foo'),
      2,
      'enisim: --mode must be one of shared, exclusive, got "foo"',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--stack', 'ipv6'),
      2,
      'enisim: --stack must be one of ipv4, dual, got "ipv6"',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--reservation', '1.2'),
      2,
      'enisim: --reservation must be one of 1.28, 1.20, legacy, got "1.2"',
    );
  });

  it('a bad Terway version: exit 2', () => {
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--terway', 'latest'),
      2,
      'enisim: --terway: not a Terway version: "latest" (expected e.g. v1.11.0, 1.14.3 or v1.0.10.333-gfd2b7b8-aliyun)',
    );
  });

  it('bad numbers, unknown flags, no type: exit 2', () => {
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--memory-ki', '-5'),
      2,
      'enisim: --memory-ki must be a whole number from 1 to 68719476736, got "-5"',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--max-pods', 'lots'),
      2,
      /^enisim: --max-pods must be a whole number/,
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--bogus'),
      2,
      /^enisim: Unknown argument: bogus$/,
    );
    expectFailure(
      enisim('capacity'),
      2,
      'enisim: name at least one instance type (e.g. ecs.c7.4xlarge), or use --popular',
    );
    expectFailure(
      enisim('capacity', 'ecs.c7.4xlarge', '--popular'),
      2,
      /^enisim: --popular plans its own list/,
    );
  });
});
