import http from 'node:http';
import type https from 'node:https';
import type { Readable } from 'node:stream';
import { classifyNetworkError } from './http-classify.js';

/**
 * One HTTP exchange on node:http, with the knowledge fetch does not expose.
 *
 * Own client instead of fetch/undici: we need to know whether the body was fully written before a
 * reset (class N vs U), no body timeout on the long-lived GET stream (undici's 300 s bodyTimeout is
 * the classic "SSE disconnected every 5 min"), `--ipv4`, and minimal overhead on the hot path.
 */
export type HttpAgents = {
  http: http.Agent;
  /** Created on the first `https:` request: see {@link loadHttps}. */
  https(): https.Agent;
};

/** Keep-alive agents; `autoSelectFamily` is happy eyeballs, `family: 4` for `--ipv4`. */
export function createAgents(options: { ipv4: boolean }): HttpAgents {
  const common = {
    keepAlive: true,
    keepAliveMsecs: 1000,
    maxSockets: 64,
    // Below typical LB idle timeouts so we do not reuse a socket the other side is closing.
    timeout: 0,
    ...(options.ipv4 ? { family: 4 } : { autoSelectFamily: true, autoSelectFamilyAttemptTimeout: 500 }),
  };
  let httpsAgent: https.Agent | undefined;
  return {
    http: new http.Agent(common),
    https: () => (httpsAgent ??= new (loadHttps().Agent)(common)),
  };
}

/**
 * `node:https` (and with it `tls` and `crypto`) loaded on first use: a proxy for a local `http:` server
 * never needs them, and loading them costs each proxy process ~1 MB of RSS (docs/benchmarks.md).
 */
function loadHttps(): typeof https {
  return process.getBuiltinModule('node:https');
}

/** Connect (TCP + TLS) must finish within this; a timeout here means the request was not sent. */
export const CONNECT_TIMEOUT_MS = 10_000;

export type HttpResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
  /**
   * The `Authorization` value the request carried. On a 401 the auth seam must know which token was
   * rejected: another process may have rotated it while the request was in flight. Never logged.
   */
  sentAuthorization?: string;
};

export type HttpRequestInput = {
  url: URL;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: Buffer | string;
  agents: HttpAgents;
  signal?: AbortSignal;
  /** Time allowed to connect and receive response headers. */
  headersTimeoutMs: number;
};

/** Errors that mean the peer closed or reset the connection. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * Sends one request; resolves at response headers, rejects with a classified UpstreamFailure.
 *
 * A reset on a reused keep-alive socket that the server had already closed (FIN received) before
 * any response byte is the classic stale-socket race (the server closed the idle connection, or
 * went down, while we picked it from the pool): the
 * request is treated as not delivered and sent once more on a fresh connection (what undici does
 * for idempotent requests). A fresh connect that is refused then classifies as not sent (class N).
 */
export async function httpRequest(input: HttpRequestInput): Promise<HttpResponse> {
  try {
    return await httpRequestOnce(input, false);
  } catch (error) {
    const stale = (error as { staleSocket?: boolean } | undefined)?.staleSocket === true;
    if (!stale || input.signal?.aborted) throw error;
    return httpRequestOnce(input, true);
  }
}

function httpRequestOnce(input: HttpRequestInput, fresh: boolean): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const isHttps = input.url.protocol === 'https:';
    const headers: Record<string, string | number> = { ...input.headers };
    if (input.body !== undefined) headers['content-length'] = Buffer.byteLength(input.body);
    let bodySent = false;
    let settled = false;
    const agent = isHttps ? input.agents.https() : input.agents.http;
    const agentOptions = (agent as unknown as { options?: { family?: number; autoSelectFamily?: boolean } })
      .options;
    const request = (isHttps ? loadHttps() : http).request(input.url, {
      method: input.method,
      headers,
      // A fresh connection outside the pool (same address-family options as the pool).
      ...(fresh
        ? {
            agent: false,
            ...(agentOptions?.family ? { family: agentOptions.family } : {}),
            ...(agentOptions?.autoSelectFamily ? { autoSelectFamily: true } : {}),
          }
        : { agent }),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    const timer = setTimeout(() => {
      request.destroy(
        Object.assign(new Error(`no response headers within ${input.headersTimeoutMs} ms`), {
          code: 'ETIMEDOUT_HEADERS',
        }),
      );
    }, input.headersTimeoutMs);
    request.on('socket', (socket) => {
      if (!socket.connecting) return;
      const connectTimer = setTimeout(() => {
        request.destroy(
          Object.assign(new Error(`connect timeout after ${CONNECT_TIMEOUT_MS} ms`), {
            code: 'UND_ERR_CONNECT_TIMEOUT',
          }),
        );
      }, CONNECT_TIMEOUT_MS);
      socket.once('connect', () => clearTimeout(connectTimer));
      socket.once('close', () => clearTimeout(connectTimer));
    });
    request.on('finish', () => {
      bodySent = true;
    });
    request.on('response', (response) => {
      clearTimeout(timer);
      settled = true;
      const sentAuthorization = authorizationOf(input.headers);
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: response,
        ...(sentAuthorization === undefined ? {} : { sentAuthorization }),
      });
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      const code = (error as { code?: unknown }).code;
      if (
        !fresh &&
        request.reusedSocket &&
        request.socket?.readableEnded === true &&
        typeof code === 'string' &&
        RESET_CODES.has(code)
      ) {
        // Stale pooled socket: the server had closed it (FIN) and no response byte came, so the
        // request was not taken in practice; it is sent again on a fresh connection. A bare RST
        // without a FIN (server read the request, then reset) stays "may have run".
        reject(Object.assign(classifyNetworkError(error, false), { staleSocket: true }));
        return;
      }
      reject(classifyNetworkError(error, bodySent));
    });
    request.end(input.body);
  });
}

/** Reads a (small) body to text, at most `limit` bytes; used for error bodies. */
export async function readBodyText(body: Readable, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (size < limit) chunks.push(chunk);
      size += chunk.length;
    }
  } catch {
    // a broken error body still has its status; return what arrived
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, limit);
}

function authorizationOf(headers: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(headers))
    if (name.toLowerCase() === 'authorization') return value;
  return undefined;
}
