import { Notification } from 'electron';
import type { DesktopNotification } from './model/notification-policy.js';

/**
 * Shows what the notification policy decided. Each shown notification stays referenced until it is
 * clicked or closed (like the tray, an unreferenced one is collected and its click is lost); a click
 * opens the dashboard at the notification's route.
 */
export function createNotifier(onClick: (href: string) => void): (notification: DesktopNotification) => void {
  const shown = new Set<Notification>();
  return (item) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: item.title, body: item.body });
    shown.add(notification);
    notification.on('click', () => {
      shown.delete(notification);
      onClick(item.href);
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
  };
}
