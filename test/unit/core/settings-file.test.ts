import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  openSettingsFile,
  SETTINGS_FORMAT_VERSION,
  userSettings,
} from '../../../electron/core/settings/settings-file.js';

describe('settings file', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tether-settings-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));
  const file = (): string => path.join(dataDir, 'settings.json');

  it('a fresh data folder gets the defaults, owner-only', async () => {
    const settings = await openSettingsFile(dataDir);
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
    expect(settings.path).toBe(file());
    settings.update({ theme: 'dark' });
    expect((await stat(file())).mode & 0o777).toBe(0o600);
  });

  it("migrates the first release's electron-store file ({ startAtLogin } only, no version)", async () => {
    await writeFile(file(), JSON.stringify({ startAtLogin: true }));
    const settings = await openSettingsFile(dataDir);
    expect(settings.read()).toEqual({ ...DEFAULT_SETTINGS, startAtLogin: true });
    const onDisk = JSON.parse(await readFile(file(), 'utf8')) as {
      __internal__: { migrations: { version: string } };
    };
    expect(onDisk.__internal__.migrations.version).toBe(SETTINGS_FORMAT_VERSION);
  });

  it('completes a partial notifications object kind by kind (conf merges top-level defaults only)', async () => {
    await writeFile(
      file(),
      JSON.stringify({ notifications: { down: false }, __internal__: { migrations: { version: '1.0.0' } } }),
    );
    const settings = await openSettingsFile(dataDir);
    const complete = { down: false, 'needs-auth': true, 'crash-loop': true, recovered: true };
    expect(settings.read().notifications).toEqual(complete);
    // The migration wrote it: the file itself is complete now, for any older reader too.
    expect((JSON.parse(await readFile(file(), 'utf8')) as { notifications: unknown }).notifications).toEqual(
      complete,
    );
  });

  it('an unreadable file is moved aside, not lost, and the defaults apply', async () => {
    await writeFile(file(), '{ "theme": "purple", ');
    const settings = await openSettingsFile(dataDir, () => new Date('2026-12-05T10:00:00Z'));
    expect(settings.recoveredFrom).toBe(`${file()}.invalid-2026-12-05T10-00-00-000Z`);
    expect(await readFile(settings.recoveredFrom!, 'utf8')).toBe('{ "theme": "purple", ');
    expect(settings.read()).toEqual(DEFAULT_SETTINGS);
    await writeFile(file(), JSON.stringify({ theme: 'purple' }));
    const again = await openSettingsFile(dataDir);
    expect(again.recoveredFrom).not.toBeNull();
    expect((await readdir(dataDir)).filter((name) => name.includes('.invalid-'))).toHaveLength(2);
  });

  it('updates merge notification kinds, refuse schema violations, and a second reader sees them', async () => {
    const app = await openSettingsFile(dataDir);
    const headless = await openSettingsFile(dataDir);
    app.update({ notifications: { recovered: false }, logWindowDays: 14 });
    expect(userSettings(headless.read())).toMatchObject({
      notifications: { down: true, recovered: false },
      logWindowDays: 14,
    });
    expect(() => app.update({ logWindowDays: 0 })).toThrow();
    expect(headless.read().logWindowDays).toBe(14);
    app.update({
      windowBounds: { x: 10, y: 20, width: 900, height: 600 },
      pausedUntil: '2026-12-05T11:00:00Z',
    });
    expect(headless.read()).toMatchObject({
      windowBounds: { width: 900 },
      pausedUntil: '2026-12-05T11:00:00Z',
    });
    expect(userSettings(headless.read())).not.toHaveProperty('windowBounds');
  });
});
