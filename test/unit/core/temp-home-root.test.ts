import { Buffer } from 'node:buffer';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../../electron/core/control-socket-path.js';
import { createTempHome, tempHomeRoot, type TempHome } from '../../helpers/temp-home.js';

// The longest prefix a test passes to createTempHome today, and a real macOS per-user TMPDIR shape.
const LONG_PREFIX = 'tether-auth-confidential-';
const MACOS_TMPDIR = '/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

describe('temp homes keep the control socket bindable', () => {
  it('uses os.tmpdir() when the socket path fits', () => {
    expect(tempHomeRoot(LONG_PREFIX, 'linux', '/tmp')).toBe('/tmp');
    expect(tempHomeRoot('tether-home-', 'darwin', '/tmp')).toBe('/tmp');
  });

  it("moves out of macOS's long per-user TMPDIR, where <home>/.tether-data/control.sock passes 104 bytes", () => {
    const inTmpdir = controlSocketPath(
      path.posix.join(MACOS_TMPDIR, `${LONG_PREFIX}XXXXXX`, '.tether-data'),
      'darwin',
    );
    expect(Buffer.byteLength(inTmpdir)).toBeGreaterThan(103);
    const root = tempHomeRoot(LONG_PREFIX, 'darwin', MACOS_TMPDIR);
    expect(root).not.toBe(MACOS_TMPDIR);
    const moved = controlSocketPath(path.posix.join(root, `${LONG_PREFIX}XXXXXX`, '.tether-data'), 'darwin');
    expect(Buffer.byteLength(moved)).toBeLessThanOrEqual(103);
  });

  it('keeps any tmpdir on Windows, where the control channel is a named pipe', () => {
    const longBase = `C:\\Users\\${'x'.repeat(80)}\\AppData\\Local\\Temp`;
    expect(tempHomeRoot(LONG_PREFIX, 'win32', longBase)).toBe(longBase);
  });

  it('a real temp home on this machine has a control socket path short enough to bind', async () => {
    home = await createTempHome(LONG_PREFIX);
    expect(Buffer.byteLength(controlSocketPath(home.dataDir))).toBeLessThanOrEqual(103);
  });
});
