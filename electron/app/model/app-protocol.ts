import path from 'node:path';

/**
 * The app window loads the dashboard from `app://tether/`, a custom protocol served from the built
 * renderer folder, instead of `file://`: a page on `file://` may read any local file its scripts name,
 * and Chromium gives `file://` no origin for a CSP to pin. Pure, so the mapping is unit-tested.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://tether';
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * The app window's Content-Security-Policy: its own scripts and styles only, no network at all (the
 * API goes over IPC), no frames, no plugins, no form posts, and no base-URL tricks.
 */
export const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'none'; object-src 'none'; frame-src 'none'; frame-ancestors 'none'; " +
  "base-uri 'none'; form-action 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type AppAsset = { file: string; contentType: string } | { status: 404 };

/**
 * The file an `app://tether/...` request reads, or 404: another host, a path escaping the renderer
 * folder (`..`, encoded or not), or an unknown file type. The hash never reaches the protocol handler.
 */
export function appAsset(url: string, rendererDir: string): AppAsset {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 404 };
  }
  if (`${parsed.protocol}//${parsed.host}` !== APP_ORIGIN) return { status: 404 };
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return { status: 404 };
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${relative}`);
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 404 };
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  return contentType ? { file, contentType } : { status: 404 };
}
