import { fileURLToPath } from 'node:url';
import { app, dialog, powerMonitor, shell } from 'electron';
import { currentProxyRuntime } from '../core/config/proxy-command.js';
import { refreshLauncher } from '../core/launcher/refresh-launcher.js';
import { createStreamLogger } from '../core/logger.js';
import { currentPathEnv, resolveDataDir } from '../core/paths.js';
import { startService } from '../core/service.js';
import { registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { createDashboardWindow } from './dashboard-window.js';
import { startDesktopShell } from './desktop-shell.js';
import { forwardServiceEvents, registerIpcHandlers } from './ipc.js';
import { applyStartAtLogin, startedHidden } from './login-item.js';
import { createNotifier } from './notifications.js';
import { isAllowedExternalUrl } from './renderer-url-policy.js';
import { registerSecurityPolicies } from './security.js';
import { runTrayCommand } from './tray-commands.js';
import { TrayView } from './tray.js';

/**
 * The desktop shell: single instance, security, the service, IPC, tray, notifications, login item,
 * sleep/wake. It renders models the core and electron/app/model compute and owns nothing else.
 */
const distDir = fileURLToPath(new URL('..', import.meta.url));
const assetsDir = fileURLToPath(new URL('../../assets', import.meta.url));
const dataDir = resolveDataDir(currentPathEnv());
const logger = createStreamLogger({ scope: 'app' });

/** Module scope on purpose: a Tray nobody references is garbage-collected and its icon vanishes. */
let tray: TrayView | undefined;

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  // Another Tether runs: it opens its window (second-instance). exit, not quit: quit is async and
  // this instance could still get as far as opening a window.
  app.exit(0);
} else {
  app.setPath('userData', dataDir);
  app.enableSandbox();
  registerSecurityPolicies();
  // A tray app: no Dock icon on macOS (the packaged app also sets LSUIElement).
  app.dock?.hide();
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  serveAppProtocol(fileURLToPath(new URL('../renderer', import.meta.url)));
  // Wrapped servers run <dataDir>/bin/tether-proxy: point it at this install on every start.
  void currentProxyRuntime()
    .then((runtime) => refreshLauncher(dataDir, runtime))
    .catch((error: unknown) => logger.warn('launcher not refreshed', { error: String(error) }));
  const service = await startService({ dataDir, mode: 'desktop', platform: process.platform, logger });
  const dashboard = createDashboardWindow(distDir, service.settings.file);
  registerIpcHandlers(service);
  forwardServiceEvents(service, () => dashboard.all());
  const notify = createNotifier((href) => dashboard.show(href));

  const desktop = startDesktopShell({
    service,
    platform: process.platform,
    render: (model) => tray?.render(model),
    notify,
  });
  tray = new TrayView(assetsDir, (command) => {
    void runTrayCommand(command, {
      handlers: service.handlers,
      openDashboard: (href) => dashboard.show(href),
      openExternal: (url) => {
        if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      },
      setPausedUntil: (until) => {
        service.settings.file.update({ pausedUntil: until });
        desktop.refresh();
      },
      setStartAtLogin: (enabled) => void service.handlers['settings:set']({ startAtLogin: enabled }),
      report: (title, message) =>
        notify({ id: title, kind: 'down', title, body: message, href: '#/', keys: [] }),
      quit: () => app.quit(),
      now: () => new Date(),
    });
  });
  desktop.refresh();

  // One source for start at login: the settings file; the OS entry follows it.
  const settings = service.settings.file.read();
  await applyStartAtLogin(settings.startAtLogin).catch((error: unknown) =>
    logger.warn('start at login not applied', { error: String(error) }),
  );
  service.subscribe('settings:changed', (view) => void applyStartAtLogin(view.settings.startAtLogin));

  // Resume from sleep: live proxies check their upstream now, notifications wait (the service also
  // watches for clock jumps and network changes itself, as tether serve does).
  powerMonitor.on('resume', () => void service.upstreamChecks.trigger('resume'));

  app.on('second-instance', () => dashboard.show());
  app.on('window-all-closed', () => undefined); // the tray keeps the app alive
  let stopped = false;
  app.on('before-quit', (event) => {
    dashboard.allowClose();
    if (stopped) return;
    // Stop the service cleanly first. The proxies belong to the MCP clients and keep running; they
    // journal until a service listens again.
    event.preventDefault();
    desktop.stop();
    void service.stop().finally(() => {
      stopped = true;
      tray?.destroy();
      app.quit();
    });
  });
  if (!startedHidden() && settings.openDashboardAtStart) dashboard.show();
}

process.on('uncaughtException', (error) => {
  logger.error('uncaught exception', { error: String(error) });
  dialog.showErrorBox('Tether', String(error));
});
