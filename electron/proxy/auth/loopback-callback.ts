import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The loopback redirect target of a browser login (RFC 8252 §7.3): `http://127.0.0.1:<port>/callback`.
 *
 * It accepts exactly one authorization response carrying the expected `state`, answers the browser
 * with a short page, and never echoes the code anywhere.
 */
export type LoopbackCallback = {
  redirectUrl: string;
  /** Resolves with the authorization code; rejects on an `error=` response or when closed. */
  code: Promise<string>;
  close(): Promise<void>;
};

const CALLBACK_PATH = '/callback';

const PAGE = (title: string, body: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font-family:system-ui;margin:3em"><h1>${title}</h1><p>${body}</p></body>`;

/** Listens on 127.0.0.1 (`port` 0 picks a free one) for the authorization response matching `state`. */
export async function listenForCallback(options: {
  port?: number;
  state: string;
}): Promise<LoopbackCallback> {
  let resolveCode: (code: string) => void = () => undefined;
  let rejectCode: (error: Error) => void = () => undefined;
  const code = new Promise<string>((resolve, reject) => {
    resolveCode = resolve;
    rejectCode = reject;
  });
  // Callers may never await `code` (a login nobody finishes); that must not be an unhandled rejection.
  code.catch(() => undefined);
  let settled = false;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, title: string, body: string): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(PAGE(title, body));
    };
    if (url.pathname !== CALLBACK_PATH) return reply(404, 'Not found', 'This is Tether’s sign-in callback.');
    // A response for another login attempt (or a forged one) is refused without ending this one.
    if (url.searchParams.get('state') !== options.state) {
      return reply(400, 'Sign-in link expired', 'Start the sign-in again from Tether.');
    }
    const error = url.searchParams.get('error');
    const received = url.searchParams.get('code');
    if (settled) return reply(200, 'Already signed in', 'You can close this tab.');
    settled = true;
    if (error) {
      reply(400, 'Sign-in refused', 'The server did not grant access. You can close this tab.');
      // Only the OAuth error code, which is from a fixed vocabulary; the description may echo input.
      rejectCode(new Error(`authorization refused: ${error.replace(/[^a-z_]/gi, '').slice(0, 40)}`));
      return;
    }
    if (!received) {
      reply(400, 'Sign-in failed', 'The server sent no authorization code.');
      rejectCode(new Error('authorization response without a code'));
      return;
    }
    reply(200, 'Signed in', 'Tether has your sign-in. You can close this tab.');
    resolveCode(received);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A pending login must never keep a process alive on its own.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    redirectUrl: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    code,
    close: async () => {
      if (!settled) {
        settled = true;
        rejectCode(new Error('sign-in cancelled'));
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
