import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopShell, type DesktopShell } from '../../../electron/app/desktop-shell.js';
import type { DesktopNotification } from '../../../electron/app/model/notification-policy.js';
import type { TrayModel } from '../../../electron/app/model/tray-menu.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { startService, type TetherService } from '../../../electron/core/service.js';
import { spawnProxy, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * The desktop shell without Electron, on the real service: a real `tether proxy` in front of the real
 * reference server shows up in the tray model as connected; when the server dies, the tray turns
 * to "down" at once and, past 30 s, one notification says so and links to the server's detail.
 */
describe('desktop shell on the live status model', () => {
  let home: TempHome;
  let server: ReferenceServer;
  let service: TetherService;
  let proxy: StdioClient;
  let shell: DesktopShell;
  const renders: TrayModel[] = [];
  const notifications: { at: number; notification: DesktopNotification }[] = [];

  beforeAll(async () => {
    home = await createTempHome();
    server = await startReferenceServer('streamableHttp');
    service = await startService({
      dataDir: home.dataDir,
      mode: 'desktop',
      platform: process.platform,
      logger: silentLogger,
      pathEnv: { env: home.env, platform: process.platform, homeDir: home.home },
      logs: { pollMs: 200 },
    });
    shell = startDesktopShell({
      service,
      platform: 'linux',
      render: (model) => renders.push(model),
      notify: (notification) => notifications.push({ at: Date.now(), notification }),
    });
  });
  afterAll(async () => {
    shell?.stop();
    await proxy?.kill();
    await service?.stop();
    await server?.stop();
    await home?.cleanup();
  });

  const until = async (check: () => boolean, timeoutMs: number, what: string): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (!check()) throw new Error(`timed out waiting for ${what}; last tooltip: ${renders.at(-1)?.tooltip}`);
  };

  it('follows the live state into the tray and notifies a lasting outage once', async () => {
    expect(renders[0]?.tooltip).toBe('Tether — starting…');
    proxy = spawnProxy(['--name', 'everything', server.url], { env: home.env });
    await proxy.initialize(30_000);
    await until(() => /1 connected/.test(renders.at(-1)?.tooltip ?? ''), 30_000, 'a connected server');
    expect(renders.at(-1)!.icon.state).toBe('ok');

    await server.stop();
    // The proxy notices at the next call or ping; a call makes it now.
    void proxy.callTool('echo', { message: 'x' }, { timeoutMs: 60_000 }).catch(() => undefined);
    await until(() => renders.at(-1)?.icon.state === 'down', 30_000, 'the down icon');
    const downAt = Date.now();
    expect(renders.at(-1)!.tooltip).toMatch(/1 upstream down/);
    expect(notifications).toEqual([]);
    await until(() => notifications.length > 0, 60_000, 'the outage notification');
    const [{ at, notification }] = notifications as [{ at: number; notification: DesktopNotification }];
    expect(at - downAt).toBeGreaterThanOrEqual(25_000);
    expect(notification).toMatchObject({ kind: 'down', title: 'everything is down' });
    expect(notification.href).toMatch(/^#\/servers\//);
    // Settings changes re-render (pause shown in the menu).
    await service.handlers['settings:set']({ startAtLogin: true });
    await until(
      () => renders.at(-1)?.menu.some((item) => item.type === 'checkbox' && item.checked) === true,
      5_000,
      'start at login checked',
    );
    expect(notifications).toHaveLength(1);
  }, 150_000);
});
