/**
 * enisim as a package a user installs: `npm pack` makes the tarball (compiled code, catalog,
 * schemas, shipped scenarios, the bin), a temporary project installs it offline from the
 * tarball (its dependencies from npm's cache, as `npm ci` left them), and there
 *
 * - the README's example test (the ```ts block that imports `enisim/testing`) runs under vitest
 *   and type-checks against the package's declarations, with fast-check, the optional peer
 *   dependency, and vitest linked from this repository's node_modules (no internet);
 * - the `.` export forecasts a shipped scenario and the installed `enisim` bin validates it.
 *
 * Offline: `npm ci --offline` installs from a lockfile and npm's content-addressed cache. The
 * project's lockfile names the tarball (with `npm pack`'s integrity) and, for enisim's
 * dependencies, the entries of this repository's lockfile (every package not marked dev), whose
 * tarballs `npm ci` put in the cache. (`npm install --offline TARBALL` would need the registry's
 * package documents, which the cache does not hold.)
 *
 * The tarball is packed with `--ignore-scripts` from the dist/ this suite's build made: `prepack`
 * cleans and rebuilds dist/, which would pull it from under the CLI tests running in parallel.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureBuilt, repositoryRoot } from '../helpers/cli.js';

let work = '';
let project = '';
let tarball = '';

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs = 120_000,
): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${String(result.status)}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** The README's example test: the ```ts block that imports enisim/testing. */
function readmeExample(): string {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  const example = blocks.filter((block) => block.includes("from 'enisim/testing'"));
  expect(example).toHaveLength(1);
  return example[0]!;
}

interface LockEntry {
  readonly dev?: boolean;
  readonly [field: string]: unknown;
}

/** The user's package.json and lockfile: enisim from the tarball, its dependencies as locked here. */
function writeProject(spec: string, integrity: string): void {
  const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
    readonly version: string;
    readonly license: string;
    readonly dependencies: Record<string, string>;
    readonly peerDependencies: Record<string, string>;
    readonly peerDependenciesMeta: Record<string, unknown>;
    readonly bin: Record<string, string>;
    readonly engines: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(repositoryRoot, 'package-lock.json'), 'utf8')) as {
    readonly packages: Record<string, LockEntry>;
  };
  const name = 'platform-team-tests';
  const packages: Record<string, unknown> = {
    '': { name, dependencies: { enisim: spec } },
    'node_modules/enisim': {
      version: manifest.version,
      resolved: spec,
      integrity,
      license: manifest.license,
      dependencies: manifest.dependencies,
      bin: manifest.bin,
      engines: manifest.engines,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
    },
  };
  for (const [path, locked] of Object.entries(lock.packages)) {
    if (path.startsWith('node_modules/') && locked.dev !== true) packages[path] = locked;
  }
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(
    join(project, 'package.json'),
    json({ name, private: true, type: 'module', dependencies: { enisim: spec } }),
  );
  writeFileSync(
    join(project, 'package-lock.json'),
    json({ name, lockfileVersion: 3, requires: true, packages }),
  );
}

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'enisim-pack-'));
  const packed = run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
    repositoryRoot,
  );
  const [entry] = JSON.parse(packed.stdout) as { filename: string; integrity: string }[];
  tarball = join(work, entry!.filename);
  project = join(work, 'user-project');
  mkdirSync(project);
  writeProject(`file:../${entry!.filename}`, entry!.integrity);
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project, 180_000);
  // The user's own test tools: fast-check (enisim/testing's peer) and vitest, from this repository.
  for (const name of ['fast-check', 'vitest']) {
    symlinkSync(join(repositoryRoot, 'node_modules', name), join(project, 'node_modules', name));
  }
}, 300_000);

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the compiled code, the catalog, the schemas and the bin, and no TypeScript source', () => {
    const listing = run('tar', ['-tzf', tarball], work)
      .stdout.split('\n')
      .filter((line) => line !== '')
      .map((line) => line.replace(/^package\//, ''));
    for (const file of [
      'bin/enisim.js',
      'dist/cli/main.js',
      'dist/cli/api/index.js',
      'dist/cli/api/index.d.ts',
      'dist/testing/index.js',
      'dist/testing/index.d.ts',
      'dist/models/data/instance-types.json',
      'scenarios/schema/scenario.schema.json',
      'models/results/results.schema.json',
      'models/results/verdict.schema.json',
      'scenarios/exclusive-eni-node-pool.yaml',
    ]) {
      expect(listing).toContain(file);
    }
    expect(listing.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(listing.filter((file) => file.startsWith('dist/test/'))).toEqual([]);
  });

  it('installs offline with fast-check as an optional peer, not a dependency', () => {
    const installed = JSON.parse(
      readFileSync(join(project, 'node_modules', 'enisim', 'package.json'), 'utf8'),
    ) as Record<string, Record<string, unknown> | undefined>;
    expect(installed['private']).toBeUndefined();
    expect(Object.keys(installed['exports'] ?? {})).toEqual(['.', './testing', './package.json']);
    expect(installed['dependencies']?.['fast-check']).toBeUndefined();
    expect(installed['peerDependenciesMeta']?.['fast-check']).toEqual({ optional: true });
    expect(readdirSync(join(project, 'node_modules'))).not.toContain('typescript');
  });
});

describe('the installed package', () => {
  it("runs the README's example test under vitest in the user's project", () => {
    writeFileSync(join(project, 'enisim-exclusive.test.ts'), readmeExample());
    const vitest = join(project, 'node_modules', 'vitest', 'vitest.mjs');
    const result = run(
      process.execPath,
      [vitest, 'run', '--root', project, 'enisim-exclusive.test.ts'],
      project,
    );
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/1 passed/);
    expect(output).toContain('density never exceeds 7 per node');
  });

  it("type-checks the README's example against the package's declarations, which refuse a wrong pool kind", () => {
    writeFileSync(join(project, 'enisim-exclusive.test.ts'), readmeExample());
    writeFileSync(
      join(project, 'misuse.ts'),
      "import { scenario } from 'enisim/testing';\nexport const wrong = scenario({ pools: ['gpu'] });\n",
    );
    const tsconfig = (files: string[]): string =>
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          types: [],
        },
        files,
      });
    const tsc = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    writeFileSync(join(project, 'tsconfig.json'), tsconfig(['enisim-exclusive.test.ts']));
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
    writeFileSync(join(project, 'tsconfig.json'), tsconfig(['misuse.ts']));
    const misuse = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(misuse.status).not.toBe(0);
    expect(misuse.stdout).toMatch(
      /misuse\.ts\(2,\d+\): error TS2322: Type '"gpu"' is not assignable/,
    );
  });

  it('forecasts a shipped scenario through the `.` export, and the bin validates it', () => {
    const script = [
      "import { forecast, loadScenarioOrThrow } from 'enisim';",
      "const scenario = loadScenarioOrThrow('node_modules/enisim/scenarios/exclusive-eni-node-pool.yaml');",
      'const { results } = await forecast(scenario, { seeds: [1] });',
      'console.log(JSON.stringify({ name: results.scenario.name, created: results.pods.created }));',
    ].join('\n');
    writeFileSync(join(project, 'forecast.mjs'), script);
    const output = run(process.execPath, ['forecast.mjs'], project).stdout;
    expect(JSON.parse(output)).toEqual({ name: 'exclusive-eni-node-pool', created: 102 });
    const bin = join(project, 'node_modules', '.bin', 'enisim');
    expect(existsSync(bin)).toBe(true);
    const validated = run(
      bin,
      ['validate', 'node_modules/enisim/scenarios/exclusive-eni-node-pool.yaml'],
      project,
    );
    expect(validated.stdout).toBe(
      'node_modules/enisim/scenarios/exclusive-eni-node-pool.yaml: ok\n',
    );
  });
});
