import { TETHER_VERSION } from '../../../shared/version.js';
import { exchange, type HttpExchange } from './http-exchange.js';

/** The Accept every POST must carry (MCP transports spec, "Sending Messages"): both types, always. */
export const ACCEPT_POST = 'application/json, text/event-stream';
export const ACCEPT_GET = 'text/event-stream';

/** The version the doctor asks for: the newest the SDK v1 era speaks. */
export const REQUESTED_PROTOCOL_VERSION = '2025-11-25';

/** Headers the doctor owns; a user `--header` never replaces them (F11: overrides cause 406/415). */
const OWNED_HEADERS = new Set([
  'accept',
  'content-type',
  'content-length',
  'mcp-session-id',
  'mcp-protocol-version',
  'host',
]);

/** What a probe needs to talk to the server as an MCP client would. */
export type McpTarget = {
  url: URL;
  /** User headers, minus the ones the doctor owns. */
  headers: Record<string, string>;
  timeoutMs: number;
  sessionId?: string;
  protocolVersion?: string;
};

/** Splits user headers into those sent and those ignored because the doctor owns them. */
export function partitionUserHeaders(headers: Record<string, string>): {
  sent: Record<string, string>;
  ignored: string[];
} {
  const sent: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (OWNED_HEADERS.has(name.toLowerCase())) ignored.push(name);
    else sent[name] = value;
  }
  return { sent, ignored };
}

/** Request headers for a POST: user headers, then the correct Accept/Content-Type and session headers. */
export function postHeaders(target: McpTarget, accept: string = ACCEPT_POST): Record<string, string> {
  return {
    ...target.headers,
    Accept: accept,
    'Content-Type': 'application/json',
    ...sessionHeaders(target),
  };
}

/** `Mcp-Session-Id` and `MCP-Protocol-Version`, once known (the latter is required after init). */
export function sessionHeaders(target: McpTarget): Record<string, string> {
  return {
    ...(target.sessionId ? { 'Mcp-Session-Id': target.sessionId } : {}),
    ...(target.protocolVersion ? { 'MCP-Protocol-Version': target.protocolVersion } : {}),
  };
}

let nextId = 1;

/** POSTs one JSON-RPC request (a fresh id each time) and returns the exchange. */
export function postRequest(
  target: McpTarget,
  method: string,
  params: Record<string, unknown> = {},
  accept?: string,
): Promise<HttpExchange> {
  const body = { jsonrpc: '2.0', id: nextId++, method, params };
  return exchange({
    url: target.url,
    method: 'POST',
    headers: postHeaders(target, accept),
    body,
    timeoutMs: target.timeoutMs,
  });
}

/** POSTs a notification (no id); servers answer 202. */
export function postNotification(target: McpTarget, method: string): Promise<HttpExchange> {
  return exchange({
    url: target.url,
    method: 'POST',
    headers: postHeaders(target),
    body: { jsonrpc: '2.0', method },
    timeoutMs: target.timeoutMs,
  });
}

/** The params of the doctor's `initialize`, identifying itself honestly. */
export function initializeParams(): Record<string, unknown> {
  return {
    protocolVersion: REQUESTED_PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: 'tether-doctor', version: TETHER_VERSION },
  };
}

/** A short, safe description of an HTTP answer for summaries: status plus the JSON-RPC error text. */
export function describeAnswer(answer: HttpExchange): string {
  const error = answer.message?.error;
  const text = error?.message ?? answer.body.replace(/\s+/g, ' ').trim().slice(0, 120);
  return text ? `HTTP ${answer.status} "${text}"` : `HTTP ${answer.status}`;
}
