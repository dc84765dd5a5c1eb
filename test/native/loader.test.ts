/**
 * The loader explains itself (not Linux, not built, no CAP_NET_ADMIN: one message each, saying
 * what to do), and the install script never fails `npm ci` where no compiler exists.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  capabilities,
  loadBinding,
  NativeUnavailableError,
  requireNetAdmin,
} from '../../native/load.js';

const root = resolve(import.meta.dirname, '..', '..');
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('native loader', () => {
  it('refuses a platform other than Linux with ERR_NATIVE_UNSUPPORTED', () => {
    const error = thrown(() => loadBinding({ platform: 'darwin' }));
    expect(error).toBeInstanceOf(NativeUnavailableError);
    expect(error).toMatchObject({ code: 'ERR_NATIVE_UNSUPPORTED' });
    expect((error as Error).message).toContain('needs Linux (this is darwin)');
  });

  it('says the binding is not built and how to build it', () => {
    const error = thrown(() => loadBinding({ paths: ['/nonexistent/enisim_rtnl.node'] }));
    expect(error).toMatchObject({ code: 'ERR_NATIVE_NOT_BUILT' });
    expect((error as Error).message).toContain('npm run build:native');
  });

  it('reads CAP_NET_ADMIN and CAP_SYS_ADMIN from CapEff and names what is missing', () => {
    expect(capabilities('CapEff:\t000001ffffffffff\n')).toEqual({ netAdmin: true, sysAdmin: true });
    expect(capabilities('CapEff:\t0000000000000000\n')).toEqual({
      netAdmin: false,
      sysAdmin: false,
    });
    const error = thrown(() => {
      requireNetAdmin('CapEff:\t0000000000001000\n');
    });
    expect(error).toMatchObject({ code: 'ERR_NATIVE_NO_CAP_NET_ADMIN' });
    expect((error as Error).message).toContain('no CAP_SYS_ADMIN');
    expect((error as Error).message).not.toContain('no CAP_NET_ADMIN');
  });
});

describe('install script', () => {
  // A copy of native/ beside this checkout's node_modules, so the failing build cannot touch the
  // real native/build.
  function copyOfNative(): string {
    const dir = mkdtempSync(join(tmpdir(), 'enisim-native-'));
    scratch.push(dir);
    cpSync(join(root, 'native', 'src'), join(dir, 'native', 'src'), { recursive: true });
    cpSync(join(root, 'native', 'scripts'), join(dir, 'native', 'scripts'), { recursive: true });
    cpSync(join(root, 'native', 'binding.gyp'), join(dir, 'native', 'binding.gyp'));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }

  it.skipIf(!existsSync(join(root, 'node_modules', 'node-gyp')))(
    'exits 0 without a compiler (CXX=/bin/false), saying the binding was not built',
    () => {
      const dir = copyOfNative();
      const env: NodeJS.ProcessEnv = { ...process.env, CXX: '/bin/false', CC: '/bin/false' };
      delete env['ENISIM_NATIVE'];
      const result = spawnSync(process.execPath, [join(dir, 'native', 'scripts', 'build.mjs')], {
        env,
        encoding: 'utf8',
      });
      expect(result.status).toBe(0);
      expect(result.stderr).toContain('enisim: native binding not built');
      expect(existsSync(join(dir, 'native', 'build', 'Release', 'enisim_rtnl.node'))).toBe(false);

      const required = spawnSync(process.execPath, [join(dir, 'native', 'scripts', 'build.mjs')], {
        env: { ...env, ENISIM_NATIVE: 'required' },
        encoding: 'utf8',
      });
      expect(required.status).toBe(1);
    },
  );
});
