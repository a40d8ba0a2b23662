import { app, shell } from 'electron';
import { isAllowedExternalUrl } from './renderer-url-policy.js';

/**
 * Denies new windows, navigation and permission requests in every web contents; allowed external
 * links go to the system browser.
 */
export function registerSecurityPolicies(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  });
}
