import { app, shell } from 'electron';
import { isAllowedExternalUrl } from './renderer-url-policy.js';

/**
 * For every web contents: no new windows (allowed external links go to the system browser), no
 * navigation or redirect away from the app's page, no webviews, no permissions.
 */
export function registerSecurityPolicies(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    contents.session.setPermissionCheckHandler(() => false);
  });
}
