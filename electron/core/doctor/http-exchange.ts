import http from 'node:http';
import https from 'node:https';
import { createSseParser } from '../../../shared/sse-parser.js';

/** The answer to one probe request: status, headers and the first JSON-RPC message of the body. */
export type HttpExchange = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as text (bounded); for SSE, the data of the events read. */
  body: string;
  /** The first JSON-RPC message with an `id` (SSE or JSON body), when there is one. */
  message: JsonRpcMessage | undefined;
  durationMs: number;
};

export type JsonRpcMessage = {
  jsonrpc?: string;
  id?: string | number | null;
  result?: Record<string, unknown>;
  error?: { code?: number; message?: string; data?: unknown };
};

export type HttpRequest = {
  url: URL;
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
};

/** A request failed below HTTP (DNS, refused, reset, timeout); `code` is the Node error code. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

const MAX_BODY_CHARS = 1_000_000;

/**
 * Sends one request and reads the answer: a JSON body whole, an SSE body until the first JSON-RPC
 * response (then the connection is dropped, as a client would after its answer).
 *
 * `agent: false` gives every probe its own connection, so no pooled socket hides a cut or a reset.
 */
export function exchange(request: HttpRequest): Promise<HttpExchange> {
  const started = performance.now();
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers = {
    ...request.headers,
    ...(payload ? { 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
  };
  const send = request.url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(request.url, { method: request.method, headers, agent: false }, (res) => {
      const isSse = (res.headers['content-type'] ?? '').includes('text/event-stream');
      let body = '';
      let message: JsonRpcMessage | undefined;
      let settled = false;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          message,
          durationMs: performance.now() - started,
        });
      };
      const parser = createSseParser({
        onEvent: (event) => {
          body += `${event.data}\n`;
          const parsed = parseMessage(event.data);
          if (parsed && message === undefined && parsed.id !== undefined) {
            message = parsed;
            finish();
            res.destroy();
          }
        },
      });
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (isSse) parser.push(chunk);
        else if (body.length < MAX_BODY_CHARS) body += chunk;
      });
      res.on('end', () => {
        if (!isSse) message = parseMessage(body);
        finish();
      });
      res.on('error', () => finish());
      res.on('close', () => finish());
    });
    const timer = setTimeout(() => {
      req.destroy(new TransportError(`no answer within ${request.timeoutMs} ms`, 'ETIMEDOUT'));
    }, request.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error instanceof TransportError ? error : new TransportError(error.message, error.code ?? 'EUNKNOWN'),
      );
    });
    req.end(payload);
  });
}

function parseMessage(text: string): JsonRpcMessage | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A header as one string (Node gives arrays for repeated headers). */
export function headerValue(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
