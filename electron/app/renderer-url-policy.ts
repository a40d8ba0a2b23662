/**
 * URL rules of the desktop app, pure so they are unit-tested without Electron.
 */

/** The renderer is loaded from the packaged `file://` bundle only; IPC from anything else is refused. */
export function isTrustedRendererUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' && parsed.pathname.endsWith('/renderer/index.html');
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
