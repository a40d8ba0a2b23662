import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../../..');

type Target = { target: string; arch?: string[] };
type Config = {
  asarUnpack?: string[];
  electronFuses?: Record<string, boolean>;
  mac?: { target?: Target[]; extendInfo?: Record<string, unknown> };
  win?: { target?: Target[] };
  nsis?: { oneClick?: boolean; perMachine?: boolean; allowElevation?: boolean };
  linux?: { target?: string[] };
};

/**
 * electron-builder.yml as electron-builder itself loads and validates it (its JSON schema), plus the
 * choices the issue asks for: macOS dmg + zip universal without a Dock icon, Windows NSIS per user,
 * Linux AppImage + deb, the CLI unpacked for the launcher, and the fuses.
 */
describe('electron-builder configuration', () => {
  it('passes electron-builder’s own validation and says what the app needs', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      getConfig: (dir: string, file: string | null, options: null) => Promise<Config>;
      validateConfiguration: (config: Config, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    const config = await getConfig(root, null, null);
    await validateConfiguration(config, new DebugLogger(false));

    expect(config.mac?.target).toEqual([
      { target: 'dmg', arch: ['universal'] },
      { target: 'zip', arch: ['universal'] },
    ]);
    expect(config.mac?.extendInfo?.['LSUIElement']).toBe(true);
    expect(config.win?.target?.map((target) => target.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ perMachine: false, allowElevation: false });
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['dist/cli/**', 'bin/**']));
    // The launcher needs the app's executable in Node mode; everything else is as tight as it goes.
    expect(config.electronFuses).toEqual({
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('refuses a broken configuration (the validation is real)', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(
      validateConfiguration({ mac: { target: 42 }, nsis: { perMachine: 'maybe' } }, new DebugLogger(false)),
    ).rejects.toThrow();
  });
});
