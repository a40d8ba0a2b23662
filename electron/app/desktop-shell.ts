import type { StatusSnapshot } from '../../shared/server-status.js';
import type { TetherService } from '../core/service.js';
import { NotificationPolicy, type DesktopNotification } from './model/notification-policy.js';
import { applyStatusChanged } from './model/status-apply.js';
import { trayModel, type TrayModel } from './model/tray-menu.js';

/**
 * The desktop app's live picture: the status model's snapshot kept current from `status:changed`, the
 * tray model recomputed from it, and the notification policy fed with it (and woken on a wake or a
 * network change). No Electron here: `render` and `notify` are handed in.
 */
export type DesktopShell = { refresh(): void; stop(): void };

export function startDesktopShell(options: {
  service: TetherService;
  platform: NodeJS.Platform;
  render: (model: TrayModel) => void;
  notify: (notification: DesktopNotification) => void;
  now?: () => Date;
}): DesktopShell {
  const { service } = options;
  const now = options.now ?? (() => new Date());
  const policy = new NotificationPolicy();
  const formatTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  let snapshot: StatusSnapshot | null = null;
  let timer: NodeJS.Timeout | undefined;

  const update = (): void => {
    const settings = service.settings.file.read();
    options.render(
      trayModel(snapshot, {
        platform: options.platform,
        now: now(),
        pausedUntil: settings.pausedUntil,
        startAtLogin: settings.startAtLogin,
        formatTime: (date) => formatTime.format(date),
      }),
    );
    if (!snapshot) return;
    const at = now().getTime();
    const paused = settings.pausedUntil ? Date.parse(settings.pausedUntil) : null;
    for (const notification of policy.observe(snapshot, at, settings.notifications, paused))
      options.notify(notification);
    clearTimeout(timer);
    const next = policy.nextCheckAt(at);
    // Also re-render when a pause ends, so the menu stops saying "paused".
    const pauseEnd = paused !== null && paused > at ? paused : null;
    const wake = [next, pauseEnd].filter((time): time is number => time !== null);
    if (wake.length > 0) {
      timer = setTimeout(update, Math.max(50, Math.min(...wake) - at));
      timer.unref();
    }
  };

  const offChanged = service.subscribe('status:changed', (change) => {
    if (!snapshot) return; // the first snapshot below includes it
    snapshot = applyStatusChanged(snapshot, change);
    update();
  });
  const offSettings = service.subscribe('settings:changed', update);
  const offWake = service.upstreamChecks.onCheck(() => policy.wake(now().getTime()));
  update();
  void service.handlers['status:snapshot']({}).then((first) => {
    snapshot = first;
    update();
  });
  return {
    refresh: update,
    stop() {
      clearTimeout(timer);
      offChanged();
      offSettings();
      offWake();
    },
  };
}
