import path from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { syncAutostartFile } from '../../../../electron/app/autostart-file.js';
import { APP_CSP, appAsset } from '../../../../electron/app/model/app-protocol.js';
import { autostartEntry } from '../../../../electron/app/model/autostart-entry.js';
import { applyStatusChanged } from '../../../../electron/app/model/status-apply.js';
import { restoreBounds } from '../../../../electron/app/model/window-bounds.js';
import { entry, snapshot } from './status-fixtures.js';

const root = path.resolve('/opt/Tether/dist/renderer');

describe('app:// protocol', () => {
  it('maps the app origin into the renderer folder, index for the root', () => {
    expect(appAsset('app://tether/', root)).toEqual({
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(appAsset('app://tether/assets/index-abc.js', root)).toEqual({
      file: path.join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it('refuses other hosts, traversal (plain or encoded), unknown types and junk', () => {
    for (const url of [
      'app://other/index.html',
      'app://tether/..%2f..%2fsecret.json',
      'app://tether/run.sh',
      'app://tether/%E0%A4%A.html',
      'not a url',
    ])
      expect(appAsset(url, root), url).toEqual({ status: 404 });
    // The URL parser already folds `..` and `%2e%2e` segments at the root: they stay inside the folder.
    expect(appAsset('app://tether/%2e%2e/%2e%2e/secret.json', root)).toMatchObject({
      file: path.join(root, 'secret.json'),
    });
    expect(appAsset('app://tether/../../etc/passwd.html', root)).toMatchObject({
      file: path.join(root, 'etc', 'passwd.html'),
    });
  });

  it('the CSP allows no network, no inline script, no frames', () => {
    expect(APP_CSP).toContain("default-src 'none'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(APP_CSP).toContain("connect-src 'none'");
    expect(APP_CSP).toContain("frame-ancestors 'none'");
  });
});

describe('window bounds', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  it('keeps saved bounds on a display, clamps the size', () => {
    expect(
      restoreBounds({ x: 100, y: 80, width: 1000, height: 700 }, [display], { width: 720, height: 480 }),
    ).toEqual({
      x: 100,
      y: 80,
      width: 1000,
      height: 700,
    });
    expect(
      restoreBounds({ x: 0, y: 0, width: 300, height: 5000 }, [display], { width: 720, height: 480 }),
    ).toEqual({
      x: 0,
      y: 0,
      width: 720,
      height: 1080,
    });
  });
  it('a window left on an unplugged monitor, or with its title bar off-screen, opens at the default', () => {
    expect(
      restoreBounds({ x: 2500, y: 100, width: 1000, height: 700 }, [display], { width: 720, height: 480 }),
    ).toBeNull();
    expect(
      restoreBounds({ x: 100, y: -40, width: 1000, height: 700 }, [display], { width: 720, height: 480 }),
    ).toBeNull();
    expect(
      restoreBounds({ x: 1870, y: 100, width: 1000, height: 700 }, [display], { width: 720, height: 480 }),
    ).toBeNull();
    expect(restoreBounds(null, [display], { width: 720, height: 480 })).toBeNull();
    const second = { x: 1920, y: 0, width: 2560, height: 1440 };
    expect(
      restoreBounds({ x: 2500, y: 100, width: 1000, height: 700 }, [display, second], {
        width: 720,
        height: 480,
      }),
    ).not.toBeNull();
  });
});

describe('Linux start at login (XDG autostart)', () => {
  it('starts hidden, quotes paths, escapes field codes', () => {
    const text = autostartEntry('/home/me/Apps/Tether 100%.AppImage');
    expect(text).toContain('[Desktop Entry]\nType=Application\nName=Tether\n');
    expect(text).toContain('Exec="/home/me/Apps/Tether 100%%.AppImage" --hidden\n');
    expect(autostartEntry('/opt/electron', ['/src/tether'])).toContain(
      'Exec=/opt/electron /src/tether --hidden\n',
    );
    expect(autostartEntry('/opt/$weird"`')).toContain('Exec="/opt/\\$weird\\"\\`" --hidden');
  });

  it('writes the entry when enabled, removes it when disabled, leaves it alone otherwise', async () => {
    const configHome = await mkdtemp(path.join(os.tmpdir(), 'tether-xdg-'));
    try {
      expect(await syncAutostartFile(configHome, false, '/opt/tether')).toBe('unchanged');
      expect(await syncAutostartFile(configHome, true, '/opt/tether')).toBe('written');
      expect(await readFile(path.join(configHome, 'autostart', 'tether.desktop'), 'utf8')).toBe(
        autostartEntry('/opt/tether'),
      );
      expect(await syncAutostartFile(configHome, true, '/opt/tether')).toBe('unchanged');
      expect(await syncAutostartFile(configHome, true, '/new/tether')).toBe('written');
      expect(await syncAutostartFile(configHome, false, '/new/tether')).toBe('removed');
      await expect(readFile(path.join(configHome, 'autostart', 'tether.desktop'))).rejects.toThrow();
    } finally {
      await rm(configHome, { recursive: true, force: true });
    }
  });
});

describe('status:changed applied to the snapshot', () => {
  it('replaces, adds and removes by key and recounts', () => {
    const before = snapshot([entry('a', 'connected'), entry('b', 'connected')]);
    const after = applyStatusChanged(before, {
      generatedAt: '2026-12-05T10:01:00.000Z',
      changed: [entry('a', 'upstream-down'), entry('c', 'needs-auth')],
      removed: [entry('b', 'connected').key],
      problems: [],
      summary: before.summary,
    });
    expect(after.servers.map((server) => `${server.name}:${server.status}`)).toEqual([
      'a:upstream-down',
      'c:needs-auth',
    ]);
    expect(after.summary).toMatchObject({ total: 2, worst: 'upstream-down' });
    expect(after.generatedAt).toBe('2026-12-05T10:01:00.000Z');
  });
});
