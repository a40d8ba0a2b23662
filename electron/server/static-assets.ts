import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The Content-Security-Policy of the dashboard: nothing but its own scripts and its own WebSocket
 * (CSP3 `'self'` covers `ws:` to the same host and port).
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; frame-src 'none'; " +
  "frame-ancestors 'none'; base-uri 'self'; form-action 'none'";

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

export type StaticAsset = { body: Buffer; contentType: string };

/**
 * Resolves a URL path inside the built renderer folder, refusing anything that escapes it.
 *
 * Unknown paths fall back to `index.html` so client-side routes load; paths with a file extension
 * that do not exist are a plain 404.
 */
export function resolveAssetPath(rootDir: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(rootDir, relative);
  const root = path.resolve(rootDir);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return undefined;
  return resolved;
}

export async function loadAsset(rootDir: string, urlPath: string): Promise<StaticAsset | undefined> {
  const file = resolveAssetPath(rootDir, urlPath);
  if (!file) return undefined;
  const target = path.extname(file) === '' ? path.join(rootDir, 'index.html') : file;
  try {
    const body = await readFile(target);
    return { body, contentType: CONTENT_TYPES[path.extname(target)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
}
