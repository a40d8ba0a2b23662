import type { EventEmitter } from 'node:events';
import type { SettingsView } from '../../../shared/settings-contract.js';
import type { Logger } from '../logger.js';
import { openSettingsFile, userSettings, type SettingsFile } from './settings-file.js';

/** The settings part of the service: the file, and the `settings:get` / `settings:set` handlers. */
export type SettingsPart = {
  file: SettingsFile;
  view(): SettingsView;
  handlers: {
    'settings:get': (request: Record<string, never>) => Promise<SettingsView>;
    'settings:set': (request: Parameters<SettingsFile['update']>[0]) => Promise<SettingsView>;
  };
};

export async function startSettings(options: {
  dataDir: string;
  mode: 'desktop' | 'headless';
  events: EventEmitter;
  logger: Logger;
}): Promise<SettingsPart> {
  const file = await openSettingsFile(options.dataDir);
  if (file.recoveredFrom)
    options.logger.warn('settings file could not be read; moved aside, defaults apply', {
      movedTo: file.recoveredFrom,
    });
  const view = (): SettingsView => ({
    settings: userSettings(file.read()),
    dataDir: options.dataDir,
    file: file.path,
    desktop: options.mode === 'desktop',
  });
  return {
    file,
    view,
    handlers: {
      'settings:get': async () => view(),
      'settings:set': async (patch) => {
        file.update(patch);
        const next = view();
        options.events.emit('settings:changed', next);
        return next;
      },
    },
  };
}
