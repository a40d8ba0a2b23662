import { APP_ORIGIN } from './model/app-protocol.js';

/**
 * URL rules of the desktop app, pure so they are unit-tested without Electron.
 */

/**
 * The renderer is the app's own page, `app://tether/index.html` (electron/app/app-protocol.ts serves it
 * from the built renderer folder); IPC from any other frame or URL is refused.
 */
export function isTrustedRendererUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (
      `${parsed.protocol}//${parsed.host}` === APP_ORIGIN &&
      parsed.pathname === '/index.html' &&
      !parsed.username
    );
  } catch {
    return false;
  }
}

/** Links the UI may open in the system browser: http(s) only, and never with credentials in them. */
export function isAllowedExternalUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.username && !parsed.password
    );
  } catch {
    return false;
  }
}
