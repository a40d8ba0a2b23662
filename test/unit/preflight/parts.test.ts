import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  candidates,
  playwrightCacheDirs,
  playwrightExecutables,
  type Candidate,
  type Where,
} from '../../../scripts/preflight/parts.mjs';

// The catalogue of real install locations lives in scripts/preflight/parts.mjs only; these tests pin
// the rules around it (order, per-OS sets, what comes from the home folder and the environment).
const linux: Where = { platform: 'linux', env: {}, home: '/h/dev' };
const mac: Where = { platform: 'darwin', env: {}, home: '/h/dev' };
const windows: Where = {
  platform: 'win32',
  // Lower and upper case on purpose: Windows environment names are case-insensitive.
  env: { PROGRAMFILES: 'P:\\Programs', 'ProgramFiles(x86)': 'P:\\Programs86', localappdata: 'L:\\Local' },
  home: 'H:\\dev',
};

const files = (list: Candidate[]): string[] => list.flatMap((each) => ('file' in each ? [each.file] : []));
const names = (list: Candidate[]): string[] =>
  list.flatMap((each) => ('onPath' in each ? [each.onPath] : []));

describe('where the preflight looks', () => {
  it('nginx: PATH first, then fixed places that differ per OS (Debian keeps it off a user PATH)', () => {
    for (const where of [linux, mac]) {
      const list = candidates('nginx', where);
      expect(list[0]).toEqual({ onPath: 'nginx' });
      expect(files(list).length).toBeGreaterThan(0);
      expect(files(list).every((file) => file.startsWith('/') && file.endsWith('/nginx'))).toBe(true);
    }
    expect(files(candidates('nginx', linux))).not.toEqual(files(candidates('nginx', mac)));
    expect(candidates('nginx', windows)).toEqual([
      { onPath: 'nginx' },
      { file: 'H:\\dev\\scoop\\shims\\nginx.exe' },
    ]);
  });

  it("openssl on macOS: Homebrew's keg-only openssl@3 before the system LibreSSL on PATH", () => {
    const list = candidates('openssl', mac);
    const firstOnPath = list.findIndex((each) => 'onPath' in each);
    expect(firstOnPath).toBeGreaterThan(0);
    expect(files(list.slice(0, firstOnPath)).every((file) => file.includes('openssl@3'))).toBe(true);
    expect(candidates('openssl', linux)[0]).toEqual({ onPath: 'openssl' });
  });

  it('Chromium on Linux: the Debian, Ubuntu and Google names on PATH', () => {
    expect(names(candidates('chromium', linux))).toEqual([
      'chromium',
      'chromium-browser',
      'google-chrome-stable',
      'google-chrome',
    ]);
  });

  it("Chromium on macOS: the app bundles in the system-wide and the user's own Applications folder", () => {
    const list = files(candidates('chromium', mac));
    const inHome = (...app: string[]): string => path.posix.join(mac.home, 'Applications', ...app);
    expect(list).toContain(inHome('Google Chrome.app', 'Contents', 'MacOS', 'Google Chrome'));
    expect(list).toContain(inHome('Chromium.app', 'Contents', 'MacOS', 'Chromium'));
    const systemWide = list.filter((file) => !file.startsWith('/h/dev/'));
    expect(systemWide.map((file) => file.slice(file.indexOf('.app/')))).toEqual(
      list.filter((file) => file.startsWith('/h/dev/')).map((file) => file.slice(file.indexOf('.app/'))),
    );
  });

  it('Chromium on Windows: Chrome under ProgramFiles, ProgramFiles(x86) and LocalAppData, then Edge, from the environment', () => {
    expect(files(candidates('chromium', windows))).toEqual([
      'P:\\Programs\\Google\\Chrome\\Application\\chrome.exe',
      'P:\\Programs86\\Google\\Chrome\\Application\\chrome.exe',
      'L:\\Local\\Google\\Chrome\\Application\\chrome.exe',
      'P:\\Programs86\\Microsoft\\Edge\\Application\\msedge.exe',
      'P:\\Programs\\Microsoft\\Edge\\Application\\msedge.exe',
    ]);
    // A variable that is not set gives no candidate (no "undefined\\Google\\..." path).
    const bare = candidates('chromium', { ...windows, env: {} });
    expect(files(bare)).toEqual([]);
  });

  it("Playwright's cache folder per OS, or PLAYWRIGHT_BROWSERS_PATH", () => {
    expect(playwrightCacheDirs(linux)).toEqual(['/h/dev/.cache/ms-playwright']);
    expect(playwrightCacheDirs({ ...linux, env: { XDG_CACHE_HOME: '/h/cache' } })).toEqual([
      '/h/cache/ms-playwright',
    ]);
    expect(playwrightCacheDirs(mac)).toEqual(['/h/dev/Library/Caches/ms-playwright']);
    expect(playwrightCacheDirs(windows)).toEqual(['L:\\Local\\ms-playwright']);
    expect(playwrightCacheDirs({ ...linux, env: { PLAYWRIGHT_BROWSERS_PATH: '/h/pw' } })).toEqual(['/h/pw']);
  });

  it("Playwright's browsers: newest revision first, full Chromium before the headless shell, other browsers ignored", () => {
    const found = playwrightExecutables('linux', '/c', [
      'ffmpeg-1013',
      'chromium_headless_shell-1255',
      'chromium-1200',
      'chromium-1255',
      'firefox-1572',
    ]);
    expect(found[0]).toBe('/c/chromium-1255/chrome-linux64/chrome');
    const folders = [...new Set(found.map((file) => file.split('/')[2]))];
    expect(folders).toEqual(['chromium-1255', 'chromium_headless_shell-1255', 'chromium-1200']);
    expect(playwrightExecutables('win32', 'L:\\pw', ['chromium-1255'])[0]).toBe(
      'L:\\pw\\chromium-1255\\chrome-win64\\chrome.exe',
    );
    expect(playwrightExecutables('darwin', '/c', ['chromium-1255'])[0]).toBe(
      '/c/chromium-1255/chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    );
  });
});
