import { describe, expect, it } from 'vitest';
import { electronUnavailable, scriptAllowed, type StartFacts } from '../../../scripts/start/diagnose.mjs';

function facts(overrides: Partial<StartFacts>): StartFacts {
  return {
    platform: 'linux',
    binary: 'missing',
    allowScripts: { electron: true, esbuild: true },
    env: { DISPLAY: ':0' },
    ...overrides,
  };
}

describe('why npm start cannot open the tray app', () => {
  it('names blocked install scripts first: npm 11 skips electron when allowScripts lacks it', () => {
    const line = electronUnavailable(facts({ allowScripts: { esbuild: true } }));
    expect(line).toMatch(
      /^npm blocked Electron's install script .*fix: npm install-scripts approve electron/,
    );
    expect(electronUnavailable(facts({ allowScripts: undefined }))).toMatch(/allowScripts has no electron/);
    expect(electronUnavailable(facts({ allowScripts: { electron: false } }))).toMatch(/npm blocked/);
  });

  it('names a skipped download and how to undo it', () => {
    expect(electronUnavailable(facts({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }))).toBe(
      'the Electron download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set); fix: unset ELECTRON_SKIP_BINARY_DOWNLOAD, then npm rebuild electron',
    );
    // "0" and "false" do not skip it: the next reason is taken.
    expect(electronUnavailable(facts({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '0' } }))).toMatch(
      /did not finish/,
    );
  });

  it('names npm ignore-scripts', () => {
    expect(electronUnavailable(facts({ env: { npm_config_ignore_scripts: 'true' } }))).toMatch(
      /ignore-scripts.*--ignore-scripts=false/,
    );
  });

  it('names a missing display only when the binary is there', () => {
    expect(electronUnavailable(facts({ binary: 'present', env: {} }))).toMatch(/^no display is available/);
    expect(
      electronUnavailable(facts({ binary: 'present', env: { WAYLAND_DISPLAY: 'wayland-0' } })),
    ).toBeNull();
    expect(electronUnavailable(facts({ binary: 'present', platform: 'darwin', env: {} }))).toBeNull();
  });

  it('every reason is one line with a fix', () => {
    for (const line of [
      electronUnavailable(facts({ allowScripts: {} })),
      electronUnavailable(facts({ env: { ELECTRON_SKIP_BINARY_DOWNLOAD: 'true' } })),
      electronUnavailable(facts({})),
      electronUnavailable(facts({ binary: 'present', env: {} })),
    ]) {
      expect(line).not.toContain('\n');
      expect(line).toContain('fix: ');
    }
  });

  it('accepts pinned allowScripts entries', () => {
    expect(scriptAllowed({ 'electron@41.7.1': true }, 'electron')).toBe(true);
    expect(scriptAllowed({ 'electron-winstaller': true }, 'electron')).toBe(false);
  });
});
