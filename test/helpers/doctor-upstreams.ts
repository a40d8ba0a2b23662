import { randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

/**
 * Small fault layers for `tether doctor` tests, where the real reference server cannot show the
 * behaviour: an Accept-rewriting gateway, a spec-compliant 404-on-stale-session server, a server
 * answering 401 with OAuth discovery metadata, and one answering a wrong Accept with 401.
 * Loopback only; every server is closed by `close()`.
 */
export type Upstream = {
  port: number;
  url: string;
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
};

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
  pathname = '/mcp',
): Promise<Upstream> {
  const requests: Upstream['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}${pathname}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A gateway that "normalizes" Accept to `application/json` on the way to the upstream. */
export function startAcceptRewritingLayer(upstreamPort: number): Promise<Upstream> {
  return listen((req, res, body) => {
    const headers = { ...req.headers, accept: 'application/json', host: `127.0.0.1:${upstreamPort}` };
    const forward = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    forward.end(body);
  });
}

export type FaultServerOptions = {
  /** Status for a session id the server never issued: the spec's 404, or the common 400. */
  staleStatus: 404 | 400;
  /** Require `Authorization: Bearer <token>`; without it answer 401 with discovery metadata. */
  bearerToken?: string;
  /** Answer a wrong Accept with this status instead of 406 (a misbehaving server). */
  wrongAcceptStatus?: number;
  /** Advertise this `resource` in the protected resource metadata (default: the endpoint URL). */
  advertisedResource?: string;
  /** Send 401 without a WWW-Authenticate header and serve no metadata. */
  bareUnauthorized?: boolean;
};

/**
 * A minimal Streamable HTTP MCP server (JSON answers) with switchable faults. It checks Accept like
 * the TS SDK does (both types required on POST), issues session ids, and serves RFC 9728 metadata.
 */
export async function startFaultMcpServer(options: FaultServerOptions): Promise<Upstream> {
  const sessions = new Set<string>();
  let origin = '';
  const upstream = await listen((req, res, body) => {
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(value));
    };
    if (req.url === '/.well-known/oauth-protected-resource/mcp' && !options.bareUnauthorized) {
      return json(200, {
        resource: options.advertisedResource ?? `${origin}/mcp`,
        authorization_servers: [`${origin}/as`],
        scopes_supported: ['mcp'],
      });
    }
    if (req.url === '/.well-known/oauth-authorization-server/as') {
      return json(200, {
        issuer: `${origin}/as`,
        authorization_endpoint: `${origin}/as/authorize`,
        token_endpoint: `${origin}/as/token`,
        registration_endpoint: `${origin}/as/register`,
      });
    }
    if (req.url !== '/mcp') return json(404, { error: 'not found' });
    if (options.bearerToken && req.headers.authorization !== `Bearer ${options.bearerToken}`) {
      const challenge: Record<string, string> = options.bareUnauthorized
        ? {}
        : {
            'WWW-Authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp", scope="mcp"`,
          };
      return json(401, { error: 'invalid_token' }, challenge);
    }
    if (req.method === 'GET')
      return json(405, { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null });
    if (req.method === 'DELETE') return res.writeHead(200).end();
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return json(options.wrongAcceptStatus ?? 406, {
        jsonrpc: '2.0',
        error: {
          code: -32000,
          message: 'Not Acceptable: Client must accept both application/json and text/event-stream',
        },
        id: null,
      });
    }
    const message = JSON.parse(body) as { id?: number; method: string };
    if (message.method === 'initialize') {
      const id = randomUUID();
      sessions.add(id);
      return json(
        200,
        {
          jsonrpc: '2.0',
          id: message.id,
          result: {
            protocolVersion: '2025-06-18',
            capabilities: { tools: {} },
            serverInfo: { name: 'fault-server', version: '0.0.1' },
          },
        },
        { 'Mcp-Session-Id': id },
      );
    }
    const session = req.headers['mcp-session-id'];
    if (typeof session !== 'string' || !sessions.has(session)) {
      const text =
        options.staleStatus === 404 ? 'Session not found' : 'Bad Request: No valid session ID provided';
      return json(options.staleStatus, {
        jsonrpc: '2.0',
        error: { code: options.staleStatus === 404 ? -32001 : -32000, message: text },
        id: message.id ?? null,
      });
    }
    if (message.id === undefined) return res.writeHead(202).end();
    if (message.method === 'tools/list')
      return json(200, {
        jsonrpc: '2.0',
        id: message.id,
        result: { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] },
      });
    return json(200, { jsonrpc: '2.0', id: message.id, result: {} });
  });
  origin = `http://127.0.0.1:${upstream.port}`;
  return upstream;
}
