import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import {
  ACCESS_TOKEN_COOKIE,
  ACCESS_TOKEN_PARAM,
  ONE_TIME_CODE_PARAM,
  WS_API_PATH,
} from '../../shared/ws-frames.js';
import type { Logger } from '../core/logger.js';
import type { TetherService } from '../core/service.js';
import { checkAccess, checkPlace, createAccessToken, LOOPBACK_NAMES, parseRequestUrl } from './access-guard.js';
import type { BindPlan } from './bind-plan.js';
import { BUNDLES_PATH_PREFIX, serveBundleDownload } from './bundle-download.js';
import { METRICS_PATH, serveMetrics } from './metrics-route.js';
import { OneTimeCodes } from './one-time-codes.js';
import { DASHBOARD_CSP, loadAsset } from './static-assets.js';
import { MAX_CLIENT_FRAME_BYTES, attachWsApi } from './ws-api.js';

/**
 * What startWebServer serves (the service, the built renderer), where it binds and with which token.
 */
export type WebServerOptions = {
  service: TetherService;
  rendererDir: string;
  logger: Logger;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests, `--token-file`); a random one otherwise. */
  token?: string;
  /** Where to listen and which Host names to accept (`tether serve --host`); loopback by default. */
  bind?: Pick<BindPlan, 'address' | 'hostNames' | 'urlHost'>;
};

export type RunningWebServer = {
  /** The dashboard's address with the reusable token: for the owner's terminal, never for argv. */
  url: string;
  port: number;
  token: string;
  /** An address with a fresh one-time code: what a browser opener may carry on its command line. */
  oneTimeUrl(): string;
  close(): Promise<void>;
};

/**
 * The headless dashboard: the built renderer plus the typed API over WebSocket, on loopback only.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? createAccessToken();
  const codes = new OneTimeCodes();
  const hostNames = options.bind?.hostNames ?? LOOPBACK_NAMES;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  let port = 0;

  const server = createServer((request, response) => {
    serveHttp(request, response, {
      token,
      port,
      codes,
      hostNames,
      rendererDir: options.rendererDir,
      service: options.service,
    }).catch((error: unknown) => {
      // Input never takes the service down: answer 500 and go on.
      options.logger.warn(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) respondPlain(response, 500, 'Internal error.');
      else response.destroy();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    // Before anything is written: a peer that resets the connection must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    const refusal = refuseUpgrade(request, token, port, hostNames);
    if (refusal) {
      options.logger.warn(`refused WebSocket: ${refusal.reason}`);
      rejectSocket(socket, refusal.status);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Protocol errors (oversized or unmasked frames, bad UTF-8, reserved bits, bad opcodes) arrive
      // here; `ws` closes the socket with the right code itself, the service only must not throw.
      ws.on('error', (error) => options.logger.debug(`WebSocket protocol error: ${error.message}`));
      attachWsApi(ws, options.service);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.bind?.address ?? '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${options.bind?.urlHost ?? '127.0.0.1'}:${port}/?${ACCESS_TOKEN_PARAM}=${token}`;

  return {
    url,
    port,
    token,
    oneTimeUrl: () => `http://127.0.0.1:${port}/?${ONE_TIME_CODE_PARAM}=${codes.issue()}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveHttp(
  request: IncomingMessage,
  response: ServerResponse,
  context: {
    token: string;
    port: number;
    codes: OneTimeCodes;
    hostNames: readonly string[];
    rendererDir: string;
    service: TetherService;
  },
): Promise<void> {
  const url = parseRequestUrl(request.url);
  if (!url) {
    respondPlain(response, 400, 'Bad request target.');
    return;
  }
  if (url.searchParams.has(ONE_TIME_CODE_PARAM)) {
    exchangeCode(request, response, url, context);
    return;
  }
  const verdict = checkAccess(request, context.token, context.port, context.hostNames);
  if (!verdict.allowed) {
    respondPlain(response, verdict.status, `Refused: ${verdict.reason}.`);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    respondPlain(response, 405, 'Method not allowed.');
    return;
  }
  if (url.pathname === METRICS_PATH) {
    // Scrapers send the token as a bearer and follow no cookie redirect: answer in place.
    await serveMetrics(response, context.service.metrics, request.method === 'HEAD');
    return;
  }
  if (verdict.viaQuery) {
    // The token leaves the address bar (and the history): the page is loaded again by cookie.
    redirectWithCookie(response, url, context.token);
    return;
  }
  if (url.pathname.startsWith(BUNDLES_PATH_PREFIX))
    return serveBundleDownload(response, context.service, url.pathname);
  const asset = await loadAsset(context.rendererDir, url.pathname);
  if (!asset) {
    respondPlain(response, 404, 'Not found.');
    return;
  }
  const headers: Record<string, string> = {
    'Content-Type': asset.contentType,
    'Content-Security-Policy': DASHBOARD_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : asset.body);
}

/** `/?code=…` from the browser opener: a valid unspent code becomes the token cookie, once. */
function exchangeCode(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  context: { token: string; port: number; codes: OneTimeCodes; hostNames: readonly string[] },
): void {
  const refusal = checkPlace(request, context.port, context.hostNames);
  if (refusal) {
    respondPlain(response, refusal.status, `Refused: ${refusal.reason}.`);
    return;
  }
  if (request.method !== 'GET' || !context.codes.redeem(url.searchParams.get(ONE_TIME_CODE_PARAM) ?? '')) {
    respondPlain(
      response,
      401,
      'Refused: this link was already used or has expired. Open the address `tether serve` printed.',
    );
    return;
  }
  redirectWithCookie(response, url, context.token);
}

/**
 * Sets the session cookie and sends the browser to the same address without token or code, so
 * neither stays in the address bar, the history or a bookmark. The page's scripts, styles and
 * WebSocket then authenticate by the cookie.
 */
function redirectWithCookie(response: ServerResponse, url: URL, token: string): void {
  url.searchParams.delete(ACCESS_TOKEN_PARAM);
  url.searchParams.delete(ONE_TIME_CODE_PARAM);
  response.writeHead(303, {
    // One leading slash: `//host/…` would send the browser to another site.
    Location: `/${url.pathname.replace(/^\/+/, '')}${url.search}`,
    'Set-Cookie': `${ACCESS_TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': '0',
  });
  response.end();
}

function refuseUpgrade(
  request: IncomingMessage,
  token: string,
  port: number,
  hostNames: readonly string[],
): { status: number; reason: string } | undefined {
  if (parseRequestUrl(request.url)?.pathname !== WS_API_PATH) return { status: 404, reason: 'unknown path' };
  const verdict = checkAccess(request, token, port, hostNames);
  return verdict.allowed ? undefined : verdict;
}

function respondPlain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${text}\n`);
}

function rejectSocket(socket: Duplex, status: number): void {
  const statusText = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden';
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
