import { describe, expect, it } from 'vitest';
import { settingsTransitions, type SettingsState } from '../../../renderer/state/settings-store.js';

const ready: SettingsState = settingsTransitions.loaded({
  settings: {
    notifications: { down: true, 'needs-auth': true, 'crash-loop': true, recovered: true },
    startAtLogin: false,
    theme: 'system',
    openDashboardAtStart: true,
    logWindowDays: 7,
  },
  dataDir: '/d',
  file: '/d/settings.json',
  desktop: true,
});

describe('settings store transitions', () => {
  it('a change shows at once, one notification kind at a time', () => {
    const next = settingsTransitions.saving(ready, { notifications: { recovered: false }, theme: 'dark' });
    expect(next).toMatchObject({
      status: 'ready',
      saving: true,
      view: { settings: { theme: 'dark', notifications: { recovered: false, down: true } } },
    });
  });

  it('a refused save goes back to the state before it, with the reason', () => {
    const failed = settingsTransitions.saveFailed(ready, 'logWindowDays: too big');
    expect(failed).toMatchObject({ status: 'ready', saving: false, saveError: 'logWindowDays: too big' });
    expect(failed.status === 'ready' && failed.view.settings.theme).toBe('system');
  });
});
