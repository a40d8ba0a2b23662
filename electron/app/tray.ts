import path from 'node:path';
import { Menu, Tray, app, nativeImage } from 'electron';

/** The tray icon and its menu; the colour will follow the worst server's state. */
export function createTray(assetsDir: string, actions: { openDashboard(): void }): Tray {
  const tray = new Tray(nativeImage.createFromPath(path.join(assetsDir, 'tray-unknown.png')));
  tray.setToolTip('Tether');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Open dashboard', click: () => actions.openDashboard() },
      { type: 'separator' },
      { label: 'Quit Tether', click: () => app.quit() },
    ]),
  );
  tray.on('click', () => actions.openDashboard());
  return tray;
}
