// Builds the rtnetlink addon (native/) with node-gyp against the running Node's own headers,
// offline: `--nodedir` is derived from process.execPath (/usr/bin/node → /usr, whose
// include/node holds the headers), so nothing is downloaded and no user npm configuration is read.
//
// Run by the root package's `install` script (so `npm ci` builds it) and by `npm run build:native`.
// Where the build cannot happen (not Linux, no compiler, node-gyp absent) it says why and exits 0:
// the simulator never needs the addon. With ENISIM_NATIVE=required (CI) a failed build exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rootDir = resolve(nativeDir, '..');
const required = process.env.ENISIM_NATIVE === 'required';

function giveUp(reason) {
  const hint = 'the simulator works without it; `npm run build:native` retries';
  if (required) {
    console.error(`enisim: native binding not built: ${reason} (ENISIM_NATIVE=required)`);
    process.exit(1);
  }
  console.error(`enisim: native binding not built: ${reason}; ${hint}`);
  process.exit(0);
}

if (process.platform !== 'linux') giveUp(`rtnetlink is Linux-only (platform ${process.platform})`);
const nodeDir = resolve(process.execPath, '..', '..');
if (!existsSync(join(nodeDir, 'include', 'node', 'node_api.h')))
  giveUp(
    `no Node headers under ${join(nodeDir, 'include', 'node')} (derived from ${process.execPath})`,
  );
const nodeGyp = join(rootDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
if (!existsSync(nodeGyp)) giveUp('node-gyp is not installed (a dev dependency)');
if (!existsSync(join(rootDir, 'node_modules', 'node-addon-api')))
  giveUp('node-addon-api is not installed (a dev dependency)');

// Only what the build needs from the environment: npm_config_* from a user's configuration must
// not redirect headers or downloads.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_')),
);
const result = spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', `--nodedir=${nodeDir}`, '--jobs=2', '--loglevel=warn'],
  { cwd: nativeDir, env, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (result.error !== undefined) giveUp(result.error.message);
if (result.status !== 0) giveUp(`node-gyp exited with status ${result.status} (see above)`);
console.error('enisim: native binding built (native/build/Release/enisim_rtnl.node)');
