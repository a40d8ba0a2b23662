import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import { freePort } from './free-port.js';
import { rewriteBody, splitSseEvents, isJsonRpcResponse } from './sse-text.js';

/** One HTTP request the fault layer saw, and what it did with it. */
export type FaultRequest = {
  seq: number;
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  sessionId: string | undefined;
  /** The JSON-RPC method of a POSTed request or notification. */
  rpcMethod: string | undefined;
  rpcId: string | number | undefined;
  body: unknown;
  bodyBytes: number;
  /** `forwarded`, `status:<code>`, `reset-before`, `reset-after`, `reset-mid-stream`, `cut`, `held-open…`. */
  outcome: string;
  /** The session id the upstream issued in its answer, if any. */
  issuedSessionId: string | undefined;
};

/** What to do with a matching request. */
export type FaultAction =
  /** Answer without forwarding: the upstream never sees (never executes) the request. */
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** TCP reset before forwarding: not executed, but the sender cannot know that. */
  | { kind: 'reset-before' }
  /** Forward, let the upstream answer completely, then reset before any byte reaches the sender. */
  | { kind: 'reset-after' }
  /** Forward and relay an SSE answer up to (not including) the JSON-RPC response, then reset. */
  | { kind: 'reset-mid-stream'; stripEventIds: boolean }
  /** Wait, then forward. */
  | { kind: 'delay'; ms: number }
  /** Forward, and end the response after `ms` (an intermediary's idle cut of a GET stream). */
  | { kind: 'cut-after'; ms: number; graceful: boolean }
  /** Forward, and rewrite every JSON-RPC message of the answer (an array inserts extra messages). */
  | { kind: 'rewrite'; transform: MessageTransform }
  /** Forward, but keep the answer open after the upstream ended it (a server that never closes). */
  | { kind: 'hold-open' };

export type MessageTransform = (
  message: Record<string, unknown>,
) => Record<string, unknown> | Record<string, unknown>[];

export type FaultRule = {
  match: (request: FaultRequest) => boolean;
  action: FaultAction | ((request: FaultRequest) => FaultAction);
  /** How many matches to act on; unlimited if absent. */
  times?: number;
};

export type RuleHandle = { hits(): number; remove(): void };

export type FaultProxy = {
  port: number;
  /** Base URL with the given path, e.g. `url('/mcp')`. */
  url(pathname?: string): string;
  requests: FaultRequest[];
  addRule(rule: FaultRule): RuleHandle;
  clearRules(): void;
  /**
   * Every session id issued so far is answered with `status` from now on, as a restarted server
   * would; new sessions work. `extraNew` also expires that many sessions issued later (Traefik case).
   */
  expireSessions(status: number, body: string, extraNew?: number): RuleHandle;
  /** Writes a JSON-RPC message as an SSE event on every open GET stream; returns how many. */
  injectOnGetStreams(message: unknown): number;
  openGetStreams(): number;
  /** TCP connections accepted so far (keep-alive reuse shows as few). */
  connections(): number;
  /** Stops listening and drops every connection: the port refuses connections until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
};

export const isPost =
  (rpcMethod?: string) =>
  (request: FaultRequest): boolean =>
    request.method === 'POST' && (rpcMethod === undefined || request.rpcMethod === rpcMethod);

export const isGet = (request: FaultRequest): boolean => request.method === 'GET';

export const isToolCall =
  (name: string) =>
  (request: FaultRequest): boolean =>
    request.rpcMethod === 'tools/call' && toolName(request) === name;

export function toolName(request: FaultRequest): string | undefined {
  const params = (request.body as { params?: { name?: unknown } } | undefined)?.params;
  return typeof params?.name === 'string' ? params.name : undefined;
}

/** How many requests reached the upstream (so it could have executed them). */
export function forwardedCount(proxy: FaultProxy, match: (request: FaultRequest) => boolean): number {
  const reached = new Set(['forwarded', 'reset-after', 'reset-mid-stream', 'cut']);
  return proxy.requests.filter((request) => match(request) && reached.has(request.outcome)).length;
}

/**
 * An HTTP fault-injection layer on 127.0.0.1 in front of `target` (e.g. the reference server).
 *
 * Each test scripts the faults it needs as rules; everything else is relayed byte for byte, so the
 * real server still does the real work.
 */
export async function startFaultProxy(target: { port: number }): Promise<FaultProxy> {
  const port = await freePort();
  const requests: FaultRequest[] = [];
  const rules = new Set<FaultRule & { hitCount: number }>();
  const sockets = new Set<Socket>();
  const getStreams = new Set<ServerResponse>();
  let seq = 0;
  let accepted = 0;

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on('connection', (socket) => {
    accepted++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = parseJson(raw);
    const record: FaultRequest = {
      seq: ++seq,
      at: Date.now(),
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      sessionId: headerValue(req.headers['mcp-session-id']),
      rpcMethod: stringField(body, 'method'),
      rpcId: idField(body),
      body,
      bodyBytes: raw.length,
      outcome: 'forwarded',
      issuedSessionId: undefined,
    };
    requests.push(record);
    const action = pickAction(record);
    if (action?.kind === 'status') {
      record.outcome = `status:${action.status}`;
      res.writeHead(action.status, action.headers ?? { 'content-type': 'text/html' });
      res.end(action.body ?? '');
      return;
    }
    if (action?.kind === 'reset-before') {
      record.outcome = 'reset-before';
      req.socket.resetAndDestroy();
      return;
    }
    if (action?.kind === 'delay') await sleep(action.ms);
    forward(req, raw, record, res, action);
  }

  function pickAction(record: FaultRequest): FaultAction | undefined {
    for (const rule of rules) {
      if (rule.times !== undefined && rule.hitCount >= rule.times) continue;
      if (!rule.match(record)) continue;
      rule.hitCount++;
      return typeof rule.action === 'function' ? rule.action(record) : rule.action;
    }
    return undefined;
  }

  function forward(
    req: IncomingMessage,
    raw: Buffer,
    record: FaultRequest,
    res: ServerResponse,
    action: FaultAction | undefined,
  ): void {
    const headers = { ...req.headers, host: `127.0.0.1:${target.port}` };
    const upstream = httpRequest(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        record.issuedSessionId = headerValue(answer.headers['mcp-session-id']);
        relay(answer, record, req, res, action);
      },
    );
    upstream.on('error', () => {
      // The upstream itself is down: look like it (reset), not like a gateway.
      req.socket.resetAndDestroy();
    });
    res.on('close', () => upstream.destroy());
    upstream.end(raw);
  }

  function relay(
    answer: IncomingMessage,
    record: FaultRequest,
    req: IncomingMessage,
    res: ServerResponse,
    action: FaultAction | undefined,
  ): void {
    if (action?.kind === 'reset-after') {
      // Reading the whole answer first proves the upstream finished the work before the reset.
      void readBody(answer).then(() => {
        record.outcome = 'reset-after';
        req.socket.resetAndDestroy();
      });
      return;
    }
    if (action?.kind === 'rewrite') {
      void readBody(answer).then((text) => {
        const rewritten = rewriteBody(
          text.toString(),
          answer.headers['content-type'] ?? '',
          action.transform,
        );
        // The body length changed; let node frame it.
        const headers = { ...answer.headers };
        delete headers['content-length'];
        res.writeHead(answer.statusCode ?? 200, headers);
        res.end(rewritten);
      });
      return;
    }
    res.writeHead(answer.statusCode ?? 200, answer.headers);
    res.flushHeaders();
    if (action?.kind === 'reset-mid-stream') {
      const { stripEventIds } = action;
      record.outcome = 'reset-mid-stream';
      let pending = '';
      answer.on('data', (chunk: Buffer) => {
        const split = splitSseEvents(pending + chunk.toString());
        pending = split.rest;
        for (const event of split.events) {
          if (isJsonRpcResponse(event.data)) {
            answer.destroy();
            req.socket.resetAndDestroy();
            return;
          }
          res.write(stripEventIds ? event.raw.replace(/^id:.*\n/gm, '') : event.raw);
        }
      });
      return;
    }
    if (record.method === 'GET' && answer.statusCode === 200) {
      getStreams.add(res);
      res.once('close', () => getStreams.delete(res));
    }
    if (action?.kind === 'cut-after') {
      const { graceful } = action;
      setTimeout(() => {
        record.outcome = 'cut';
        answer.destroy();
        if (graceful) res.end();
        else req.socket.resetAndDestroy();
      }, action.ms).unref();
    }
    if (action?.kind === 'hold-open') {
      record.outcome = 'held-open';
      res.once('close', () => (record.outcome = 'held-open, closed by the client'));
      answer.pipe(res, { end: false });
      return;
    }
    answer.pipe(res);
  }

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen();

  const addRule = (rule: FaultRule): RuleHandle => {
    const entry = { ...rule, hitCount: 0 };
    rules.add(entry);
    return { hits: () => entry.hitCount, remove: () => rules.delete(entry) };
  };

  const down = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  return {
    port,
    url: (pathname = '/mcp') => `http://127.0.0.1:${port}${pathname}`,
    requests,
    connections: () => accepted,
    addRule,
    clearRules: () => rules.clear(),
    expireSessions: (status, body, extraNew = 0) => {
      const expired = new Set(requests.map((request) => request.issuedSessionId).filter(isString));
      let toExpire = extraNew;
      return addRule({
        match: (request) => {
          // Sessions issued after the expiry moment die too while `extraNew` lasts.
          for (const issued of requests.map((r) => r.issuedSessionId).filter(isString)) {
            if (!expired.has(issued) && toExpire > 0) {
              expired.add(issued);
              toExpire--;
            }
          }
          return request.sessionId !== undefined && expired.has(request.sessionId);
        },
        action: { kind: 'status', status, body, headers: { 'content-type': 'application/json' } },
      });
    },
    injectOnGetStreams: (message) => {
      for (const stream of getStreams) stream.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
      return getStreams.size;
    },
    openGetStreams: () => getStreams.size,
    down,
    up: () => (server.listening ? Promise.resolve() : listen()),
    close: async () => {
      await down();
    },
  };
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString()) as unknown;
  } catch {
    return undefined;
  }
}

function stringField(body: unknown, field: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

function idField(body: unknown): string | number | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)['id'];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
