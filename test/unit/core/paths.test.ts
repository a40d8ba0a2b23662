import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../electron/core/paths.js';

describe('resolveDataDir', () => {
  it('prefers TETHER_HOME on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(resolveDataDir({ env: { TETHER_HOME: '/srv/tether' }, platform, homeDir: '/home/a' })).toBe(
        '/srv/tether',
      );
    }
  });

  it('uses XDG_CONFIG_HOME on Linux, ~/.config otherwise', () => {
    expect(
      resolveDataDir({ env: { XDG_CONFIG_HOME: '/x/cfg' }, platform: 'linux', homeDir: '/home/a' }),
    ).toBe('/x/cfg/Tether');
    expect(resolveDataDir({ env: {}, platform: 'linux', homeDir: '/home/a' })).toBe('/home/a/.config/Tether');
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '' }, platform: 'linux', homeDir: '/home/a' })).toBe(
      '/home/a/.config/Tether',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(resolveDataDir({ env: {}, platform: 'darwin', homeDir: '/Users/a' })).toBe(
      '/Users/a/Library/Application Support/Tether',
    );
  });

  it('uses APPDATA on Windows with backslashes', () => {
    expect(
      resolveDataDir({
        env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' },
        platform: 'win32',
        homeDir: 'C:\\Users\\a',
      }),
    ).toBe('C:\\Users\\a\\AppData\\Roaming\\Tether');
    expect(resolveDataDir({ env: {}, platform: 'win32', homeDir: 'C:\\Users\\a' })).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\Tether',
    );
  });
});
