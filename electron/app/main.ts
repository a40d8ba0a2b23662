import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { createStreamLogger } from '../core/logger.js';
import { currentPathEnv, resolveDataDir } from '../core/paths.js';
import { startService } from '../core/service.js';
import { createDashboardWindowOpener } from './dashboard-window.js';
import { forwardServiceEvents, registerIpcHandlers } from './ipc.js';
import { registerSecurityPolicies } from './security.js';
import { createSettingsStore } from './settings-store.js';
import { createTray } from './tray.js';

/** The desktop shell: single instance, security, service, IPC, tray. Everything else lives in core. */
const distDir = fileURLToPath(new URL('..', import.meta.url));
const assetsDir = fileURLToPath(new URL('../../assets', import.meta.url));
const dataDir = resolveDataDir(currentPathEnv());

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setPath('userData', dataDir);
  app.enableSandbox();
  registerSecurityPolicies();
  void app.whenReady().then(async () => {
    const settings = createSettingsStore(dataDir);
    app.setLoginItemSettings({ openAtLogin: settings.get('startAtLogin') });
    const service = await startService({
      dataDir,
      mode: 'desktop',
      platform: process.platform,
      logger: createStreamLogger({ scope: 'app' }),
    });
    const dashboard = createDashboardWindowOpener(distDir);
    registerIpcHandlers(service);
    forwardServiceEvents(service, dashboard.all);
    createTray(assetsDir, { openDashboard: dashboard.show });
    app.on('second-instance', dashboard.show);
    app.on('window-all-closed', () => undefined); // the tray keeps the app alive
    app.on('before-quit', () => void service.stop());
  });
}
