import type { NotificationSettings, SettingsPatch, Theme } from '../../shared/settings-contract.js';
import { saveSettings } from '../api/settings-api.js';
import { useSettingsStore } from '../state/settings-store.js';
import '../theme.css';

const NOTIFICATION_LABELS: Record<keyof NotificationSettings, string> = {
  down: 'A server is down for more than 30 seconds',
  'needs-auth': 'A server needs you to sign in',
  'crash-loop': 'A server keeps failing',
  recovered: 'A server is back after an outage',
};

/** The user's settings, saved as they change (one file in the data folder, shared with `tether serve`). */
export function SettingsView(): React.JSX.Element {
  const state = useSettingsStore((store) => store.state);
  if (state.status === 'loading') return <p className="muted">Loading settings…</p>;
  if (state.status === 'error')
    return (
      <p role="alert" className="error">
        Could not load the settings: {state.message}
      </p>
    );
  const { settings, dataDir, file, desktop } = state.view;
  const save = (patch: SettingsPatch): void => void saveSettings(patch);
  return (
    <section aria-labelledby="settings-heading" className="card settings-form">
      <h2 id="settings-heading">Settings</h2>
      {state.saveError && (
        <p role="alert" className="error">
          Not saved: {state.saveError}
        </p>
      )}
      <fieldset>
        <legend>Notifications</legend>
        {(Object.keys(NOTIFICATION_LABELS) as (keyof NotificationSettings)[]).map((kind) => (
          <label key={kind}>
            <input
              type="checkbox"
              checked={settings.notifications[kind]}
              onChange={(event) => save({ notifications: { [kind]: event.target.checked } })}
            />{' '}
            {NOTIFICATION_LABELS[kind]}
          </label>
        ))}
        <p className="muted">
          None in the first minute after the computer wakes; several at once come as one.
        </p>
      </fieldset>
      <fieldset>
        <legend>Desktop app</legend>
        <label>
          <input
            type="checkbox"
            checked={settings.startAtLogin}
            disabled={!desktop}
            onChange={(event) => save({ startAtLogin: event.target.checked })}
          />{' '}
          Start at login (in the tray, without a window)
        </label>
        <label>
          <input
            type="checkbox"
            checked={settings.openDashboardAtStart}
            disabled={!desktop}
            onChange={(event) => save({ openDashboardAtStart: event.target.checked })}
          />{' '}
          Open the dashboard when Tether starts
        </label>
        {!desktop && <p className="muted">These apply to the desktop app; this is the headless service.</p>}
      </fieldset>
      <fieldset>
        <legend>Appearance and logs</legend>
        <label>
          Theme{' '}
          <select value={settings.theme} onChange={(event) => save({ theme: event.target.value as Theme })}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <label>
          Log window (days){' '}
          <input
            type="number"
            min={1}
            max={90}
            value={settings.logWindowDays}
            onChange={(event) => {
              const days = Number(event.target.value);
              if (Number.isInteger(days) && days >= 1 && days <= 90) save({ logWindowDays: days });
            }}
          />
        </label>
        <p className="muted">How many days of client logs the log viewer keeps; applies at the next start.</p>
      </fieldset>
      <dl className="facts" aria-label="Where Tether keeps its data">
        <dt>Data folder</dt>
        <dd>
          <code>{dataDir}</code>
        </dd>
        <dt>Settings file</dt>
        <dd>
          <code>{file}</code>
        </dd>
      </dl>
    </section>
  );
}
