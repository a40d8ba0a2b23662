import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_CSP, APP_SCHEME, appAsset } from './model/app-protocol.js';

/** Must run before `app.ready`: `app://` is a standard, secure scheme (an origin, so a CSP and storage work). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** Serves `app://tether/…` from the built renderer folder, every answer with the app's CSP. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const asset = appAsset(request.url, rendererDir);
    if ('status' in asset) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(asset.file), {
        headers: {
          'Content-Type': asset.contentType,
          'Content-Security-Policy': APP_CSP,
          'X-Content-Type-Options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
