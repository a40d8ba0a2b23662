import { rename } from 'node:fs/promises';
import path from 'node:path';
import Conf from 'conf';
import type { NotificationSettings, SettingsPatch, UserSettings } from '../../../shared/settings-contract.js';

/**
 * `<dataDir>/settings.json`: the user's settings plus a little state of the desktop shell (window
 * bounds, a notification pause), with a JSON schema and migrations (conf, the library electron-store
 * wraps). Plain Node, so `tether serve` reads the same file as the app.
 */

/** Saved window position and size. */
export type WindowBounds = { x: number; y: number; width: number; height: number };

/** Everything in the file: the user's settings and the shell's own state. */
export type SettingsFileData = UserSettings & {
  windowBounds: WindowBounds | null;
  /** ISO end of "Pause notifications", or null. */
  pausedUntil: string | null;
};

/** The file's format version: bump it and add a migration when the shape changes. */
export const SETTINGS_FORMAT_VERSION = '2.0.0';

export const DEFAULT_NOTIFICATIONS: NotificationSettings = {
  down: true,
  'needs-auth': true,
  'crash-loop': true,
  recovered: true,
};

export const DEFAULT_SETTINGS: SettingsFileData = {
  notifications: DEFAULT_NOTIFICATIONS,
  startAtLogin: false,
  theme: 'system',
  openDashboardAtStart: true,
  logWindowDays: 7,
  windowBounds: null,
  pausedUntil: null,
};

const boolean = { type: 'boolean' } as const;
const SCHEMA = {
  notifications: {
    type: 'object',
    properties: { down: boolean, 'needs-auth': boolean, 'crash-loop': boolean, recovered: boolean },
    additionalProperties: false,
  },
  startAtLogin: boolean,
  theme: { type: 'string', enum: ['system', 'light', 'dark'] },
  openDashboardAtStart: boolean,
  logWindowDays: { type: 'integer', minimum: 1, maximum: 90 },
  windowBounds: {
    anyOf: [
      { type: 'null' },
      {
        type: 'object',
        properties: {
          x: { type: 'integer' },
          y: { type: 'integer' },
          width: { type: 'integer' },
          height: { type: 'integer' },
        },
        required: ['x', 'y', 'width', 'height'],
      },
    ],
  },
  pausedUntil: { anyOf: [{ type: 'null' }, { type: 'string' }] },
} as const;

type Store = Conf<SettingsFileData>;

/**
 * Migrations by format version. 1.0.0 is the first desktop release's file (electron-store,
 * `{ startAtLogin }` only, no version recorded), so a file without a version runs them all.
 */
const MIGRATIONS: Record<string, (store: Store) => void> = {
  '1.0.0': () => undefined,
  '2.0.0': (store) => {
    // Nested defaults are not merged by conf: complete a partial notifications object kind by kind.
    const current = store.get('notifications') as Partial<NotificationSettings> | undefined;
    store.set('notifications', { ...DEFAULT_NOTIFICATIONS, ...(current ?? {}) });
    // 1.x kept "open at login" and "start hidden" as one flag; the window now opens at a manual start.
    if (!store.has('openDashboardAtStart')) store.set('openDashboardAtStart', true);
  },
};

export type SettingsFile = {
  readonly path: string;
  /** Read from disk each time, so a write by the other process (app or serve) is seen. */
  read(): SettingsFileData;
  update(
    patch: SettingsPatch | Partial<Pick<SettingsFileData, 'windowBounds' | 'pausedUntil'>>,
  ): SettingsFileData;
  /** Set when the file could not be read and was moved aside: where it went. */
  readonly recoveredFrom: string | null;
};

/**
 * Opens the settings file. A file that is not valid JSON or breaks the schema is moved aside to
 * `settings.json.invalid-<time>` (nothing lost) and the defaults apply; `recoveredFrom` says where.
 */
export async function openSettingsFile(
  dataDir: string,
  now: () => Date = () => new Date(),
): Promise<SettingsFile> {
  let recoveredFrom: string | null = null;
  let store: Store;
  try {
    store = createStore(dataDir);
  } catch {
    const file = path.join(dataDir, 'settings.json');
    recoveredFrom = `${file}.invalid-${now().toISOString().replace(/[:.]/g, '-')}`;
    await rename(file, recoveredFrom);
    store = createStore(dataDir);
  }
  return {
    path: store.path,
    recoveredFrom,
    read: () => withDefaults(store.store),
    update(patch) {
      const { notifications, ...rest } = patch as SettingsPatch & Partial<SettingsFileData>;
      const next: Partial<SettingsFileData> = { ...rest };
      if (notifications)
        next.notifications = { ...withDefaults(store.store).notifications, ...notifications };
      store.set(next as SettingsFileData);
      return withDefaults(store.store);
    },
  };
}

function createStore(dataDir: string): Store {
  return new Conf<SettingsFileData>({
    cwd: dataDir,
    configName: 'settings',
    projectVersion: SETTINGS_FORMAT_VERSION,
    migrations: MIGRATIONS,
    // No `defaults`: conf 14 writes defaults merged into the file as read before the migrations, which
    // would undo them. Defaults are applied on read (withDefaults) instead.
    schema: SCHEMA,
    configFileMode: 0o600,
  });
}

/** The file's known keys over the defaults (conf keeps its own `__internal__` key beside them). */
function withDefaults(store: Record<string, unknown>): SettingsFileData {
  const known = Object.fromEntries(
    Object.entries(store).filter(([key]) => key in DEFAULT_SETTINGS),
  ) as Partial<SettingsFileData>;
  return {
    ...DEFAULT_SETTINGS,
    ...known,
    notifications: { ...DEFAULT_NOTIFICATIONS, ...known.notifications },
  };
}

/** The user-facing part of the file (what the Settings view edits). */
export function userSettings(data: SettingsFileData): UserSettings {
  return {
    notifications: data.notifications,
    startAtLogin: data.startAtLogin,
    theme: data.theme,
    openDashboardAtStart: data.openDashboardAtStart,
    logWindowDays: data.logWindowDays,
  };
}
