import type { LayerResult } from './doctor-types.js';
import { headerValue, TransportError, type HttpExchange } from './http-exchange.js';
import {
  describeAnswer,
  initializeParams,
  postNotification,
  postRequest,
  REQUESTED_PROTOCOL_VERSION,
  type McpTarget,
} from './mcp-request.js';

/** Versions SDK v1 clients accept; anything else makes them disconnect right after `initialize`. */
const KNOWN_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'];

export type InitializeOutcome = {
  layer: LayerResult;
  /** The raw answer, when HTTP happened at all (the auth probe reads its 401 headers). */
  answer: HttpExchange | undefined;
  sessionId: string | undefined;
  protocolVersion: string | undefined;
};

/** `initialize` with correct headers, then `notifications/initialized`. */
export async function probeInitialize(target: McpTarget): Promise<InitializeOutcome> {
  const started = performance.now();
  let answer: HttpExchange;
  try {
    answer = await postRequest(target, 'initialize', initializeParams());
  } catch (error) {
    const code = error instanceof TransportError ? error.code : 'ERROR';
    const layer: LayerResult = {
      id: 'initialize',
      verdict: 'fail',
      summary: `no HTTP answer (${code})`,
      remedy:
        'The network layers above connect, but the HTTP request did not complete: check proxies and timeouts between here and the server.',
      durationMs: performance.now() - started,
    };
    return { layer, answer: undefined, sessionId: undefined, protocolVersion: undefined };
  }
  const result = answer.message?.result;
  const sessionId = headerValue(answer.headers, 'mcp-session-id');
  const contentType = headerValue(answer.headers, 'content-type') ?? '';
  const details = {
    status: answer.status,
    contentType: contentType.split(';')[0],
    sessionIssued: sessionId !== undefined,
    serverInfo: result?.['serverInfo'],
    capabilities: result?.['capabilities'],
  };
  const base = { id: 'initialize' as const, durationMs: answer.durationMs, details };
  if (answer.status >= 200 && answer.status < 300 && result) {
    const notified = await postNotification(
      { ...target, sessionId, protocolVersion: stringField(result, 'protocolVersion') },
      'notifications/initialized',
    ).catch(() => undefined);
    const info = result['serverInfo'] as { name?: string; version?: string } | undefined;
    const layer: LayerResult = {
      ...base,
      verdict: 'pass',
      summary:
        `HTTP ${answer.status} (${contentType.includes('event-stream') ? 'SSE' : 'JSON'}) in ${Math.round(answer.durationMs)} ms, server ${info?.name ?? '?'} ${info?.version ?? ''}, ${sessionId ? 'session issued' : 'no session (stateless)'}`.replace(
          /\s+,/,
          ',',
        ),
      details: { ...details, initializedStatus: notified?.status ?? null },
    };
    return { layer, answer, sessionId, protocolVersion: stringField(result, 'protocolVersion') };
  }
  const layer: LayerResult = {
    ...base,
    verdict: 'fail',
    summary: `initialize refused: ${describeAnswer(answer)}`,
    remedy: initializeRemedy(answer),
  };
  return { layer, answer, sessionId: undefined, protocolVersion: undefined };
}

function initializeRemedy(answer: HttpExchange): string {
  const status = answer.status;
  if (answer.message?.error && status >= 200 && status < 300)
    return 'The server answered initialize with a JSON-RPC error: read its message; the server side must fix it.';
  if (status === 401)
    return "The server needs a token (see the auth layer). To probe past auth, pass --header 'Authorization: Bearer ${TOKEN}'.";
  if (status === 403)
    return 'The token is refused or lacks a scope: check its audience (resource) and scopes.';
  if (status === 406)
    return 'We sent Accept: application/json, text/event-stream, yet got 406: something in the path (gateway, WAF, a header override in the client config) rewrites Accept. Let Accept through unchanged.';
  if (status === 415)
    return 'We sent Content-Type: application/json, yet got 415: something in the path rewrites Content-Type.';
  if (status === 404 || status === 405)
    return 'No Streamable HTTP endpoint at this path: check the path (often /mcp). A legacy HTTP+SSE server lives at /sse instead (tether proxy --transport sse).';
  if (status >= 300 && status < 400)
    return `The server redirects (${answer.headers.location ?? '?'}): configure the final URL; clients do not follow redirects on POST.`;
  if (status === 429)
    return 'Rate limited: wait for Retry-After, then retry; check whether something is reconnecting in a loop.';
  if (status === 502 || status === 503 || status === 504)
    return 'A gateway in the path cannot reach the MCP server (down, deploying, or timing out): check the server and the gateway upstream.';
  if (status >= 500) return 'The server failed: check its logs for this request.';
  return 'The server refused initialize: read its message; check the URL and headers.';
}

/** The negotiated protocol version against what SDK clients accept. */
export function judgeProtocolVersion(negotiated: string | undefined): LayerResult {
  const base = {
    id: 'protocol-version' as const,
    durationMs: 0,
    details: { requested: REQUESTED_PROTOCOL_VERSION, negotiated: negotiated ?? null },
  };
  if (!negotiated) {
    return {
      ...base,
      verdict: 'fail',
      summary: 'initialize result has no protocolVersion',
      remedy:
        'The server must return protocolVersion in its InitializeResult; clients disconnect without it.',
    };
  }
  if (!KNOWN_VERSIONS.includes(negotiated)) {
    return {
      ...base,
      verdict: 'fail',
      summary: `server chose ${negotiated}, unknown to current clients`,
      remedy:
        'SDK v1 clients disconnect on an unsupported version: have the server fall back to one the client offered (2025-11-25, 2025-06-18 or 2025-03-26).',
    };
  }
  if (negotiated === '2024-11-05') {
    return {
      ...base,
      verdict: 'warn',
      summary: `server chose ${negotiated} (the legacy era)`,
      remedy: 'Works, but with no MCP-Protocol-Version header and old session rules; upgrade the server SDK.',
    };
  }
  return {
    ...base,
    verdict: 'pass',
    summary:
      negotiated === REQUESTED_PROTOCOL_VERSION
        ? `${negotiated} (as requested)`
        : `${negotiated} (requested ${REQUESTED_PROTOCOL_VERSION})`,
  };
}

/** `tools/list` in the session, with MCP-Protocol-Version set as clients must after init. */
export async function probeToolsList(target: McpTarget): Promise<LayerResult> {
  const started = performance.now();
  try {
    const answer = await postRequest(target, 'tools/list');
    const tools = answer.message?.result?.['tools'];
    if (answer.status === 200 && Array.isArray(tools)) {
      const names = tools.map((tool: { name?: unknown }) => String(tool.name)).slice(0, 8);
      const details = { status: answer.status, count: tools.length, names };
      if (tools.length === 0) {
        return {
          id: 'tools-list',
          verdict: 'warn',
          summary: 'the server lists no tools',
          remedy:
            'An empty list is cached by clients until list_changed: check scopes and lazy tool registration on the server.',
          durationMs: answer.durationMs,
          details,
        };
      }
      return {
        id: 'tools-list',
        verdict: 'pass',
        summary: `${tools.length} tools (${names.join(', ')}${tools.length > names.length ? ', ...' : ''})`,
        durationMs: answer.durationMs,
        details,
      };
    }
    return {
      id: 'tools-list',
      verdict: 'fail',
      summary: `tools/list failed: ${describeAnswer(answer)}`,
      remedy:
        answer.status === 400
          ? 'A 400 right after a good initialize often means MCP-Protocol-Version or the session header is dropped by a proxy in the path.'
          : 'The server fails tools/list: check its logs.',
      durationMs: answer.durationMs,
      details: { status: answer.status },
    };
  } catch (error) {
    return {
      id: 'tools-list',
      verdict: 'fail',
      summary: `no answer (${error instanceof TransportError ? error.code : 'ERROR'})`,
      remedy:
        'The request after initialize did not complete: check timeouts and session affinity (sticky sessions) in front of the server.',
      durationMs: performance.now() - started,
    };
  }
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}
