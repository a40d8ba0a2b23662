import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ACCESS_TOKEN_COOKIE, ACCESS_TOKEN_PARAM, WS_API_PATH } from '../../shared/ws-frames.js';
import type { Logger } from '../core/logger.js';
import type { TetherService } from '../core/service.js';
import { checkAccess, createAccessToken, LOOPBACK_NAMES } from './access-guard.js';
import type { BindPlan } from './bind-plan.js';
import { METRICS_PATH, serveMetrics } from './metrics-route.js';
import { DASHBOARD_CSP, loadAsset } from './static-assets.js';
import { MAX_CLIENT_FRAME_BYTES, attachWsApi } from './ws-api.js';

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

export type RunningWebServer = { url: string; port: number; token: string; close(): Promise<void> };

/**
 * The headless dashboard: the built renderer plus the typed API over WebSocket, on loopback only.
 */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? createAccessToken();
  const hostNames = options.bind?.hostNames ?? LOOPBACK_NAMES;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  let port = 0;

  const server = createServer((request, response) => {
    void serveHttp(request, response, {
      token,
      port,
      hostNames,
      rendererDir: options.rendererDir,
      service: options.service,
    });
  });
  server.on('upgrade', (request, socket, head) => {
    const refusal = refuseUpgrade(request, token, port, hostNames);
    if (refusal) {
      options.logger.warn(`refused WebSocket: ${refusal.reason}`);
      rejectSocket(socket, refusal.status);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => attachWsApi(ws, options.service));
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
    hostNames: readonly string[];
    rendererDir: string;
    service: TetherService;
  },
): Promise<void> {
  const verdict = checkAccess(request, context.token, context.port, context.hostNames);
  if (!verdict.allowed) {
    respondPlain(response, verdict.status, `Refused: ${verdict.reason}.`);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    respondPlain(response, 405, 'Method not allowed.');
    return;
  }
  const pathname = new URL(request.url ?? '/', 'http://x').pathname;
  if (pathname === METRICS_PATH) {
    await serveMetrics(response, context.service.metrics, request.method === 'HEAD');
    return;
  }
  const asset = await loadAsset(context.rendererDir, pathname);
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
  if (verdict.viaQuery) {
    // The page's own scripts, styles and WebSocket then authenticate by cookie, not by URL.
    headers['Set-Cookie'] = `${ACCESS_TOKEN_COOKIE}=${context.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
  response.writeHead(200, headers);
  response.end(request.method === 'HEAD' ? undefined : asset.body);
}

function refuseUpgrade(
  request: IncomingMessage,
  token: string,
  port: number,
  hostNames: readonly string[],
): { status: number; reason: string } | undefined {
  if (new URL(request.url ?? '/', 'http://x').pathname !== WS_API_PATH)
    return { status: 404, reason: 'unknown path' };
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
