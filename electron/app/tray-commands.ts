import { logViewHref } from '../../shared/log-view-link.js';
import type { ApiHandlers } from '../core/service.js';
import { pauseUntil } from './model/pause.js';
import type { TrayCommand } from './model/tray-menu.js';

/** What a tray command needs from the shell; injected, so every command is tested without Electron. */
export type TrayCommandDeps = {
  handlers: Pick<ApiHandlers, 'server:act' | 'server:reconnect-all' | 'proxy:sign-in'>;
  openDashboard(href?: string): void;
  openExternal(url: string): void;
  setPausedUntil(until: string | null): void;
  setStartAtLogin(enabled: boolean): void;
  /** A short result for the user when an action failed (a notification). */
  report(title: string, message: string): void;
  quit(): void;
  now(): Date;
};

/** The dashboard route of a server's detail page. */
export function serverDetailHref(key: string): string {
  return `#/servers/${encodeURIComponent(key)}`;
}

/** Runs one tray menu command: the service does the work, the shell only opens things. */
export async function runTrayCommand(command: TrayCommand, deps: TrayCommandDeps): Promise<void> {
  switch (command.kind) {
    case 'act': {
      const result = await deps.handlers['server:act']({ key: command.key, action: command.action });
      if (!result.ok) deps.report('Tether could not do that', result.message);
      return;
    }
    case 'sign-in': {
      const result = await deps.handlers['proxy:sign-in']({ name: command.key });
      if (result.ok) deps.openExternal(result.authorizationUrl);
      else deps.report('Sign-in could not start', result.message);
      return;
    }
    case 'reconnect-all': {
      const result = await deps.handlers['server:reconnect-all']({});
      if (!result.ok) deps.report('Reconnect all', result.message);
      return;
    }
    case 'open-details':
      return deps.openDashboard(serverDetailHref(command.key));
    case 'view-logs':
      return deps.openDashboard(logViewHref({ server: command.key }));
    case 'open-dashboard':
      return deps.openDashboard();
    case 'pause-notifications':
      return deps.setPausedUntil(pauseUntil(command.choice, deps.now()).toISOString());
    case 'resume-notifications':
      return deps.setPausedUntil(null);
    case 'start-at-login':
      return deps.setStartAtLogin(command.enabled);
    case 'quit':
      return deps.quit();
  }
}
