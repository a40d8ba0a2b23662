/**
 * Minimal JSON-RPC 2.0 shapes for the proxy's hot path.
 *
 * The proxy is a pass-through: it inspects only `id`, `method`, `result`/`error` and a few params,
 * so it uses plain structural checks instead of schema parsing (no zod per message; payloads may be
 * tens of MiB).
 */
export type JsonRpcId = string | number;

export type JsonRpcRequest = {
  jsonrpc: '2.0';
  id: JsonRpcId;
  method: string;
  params?: Record<string, unknown>;
};
export type JsonRpcNotification = { jsonrpc: '2.0'; method: string; params?: Record<string, unknown> };
export type JsonRpcError = { code: number; message: string; data?: unknown };
export type JsonRpcResponse = {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  result?: unknown;
  error?: JsonRpcError;
};
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** What a parsed client line turned out to be. */
export type ParsedLine =
  | { kind: 'request'; message: JsonRpcRequest }
  | { kind: 'notification'; message: JsonRpcNotification }
  | { kind: 'response'; message: JsonRpcResponse }
  | { kind: 'invalid'; code: -32700 | -32600; id: JsonRpcId | null; reason: string };

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Classifies an already-parsed value as a JSON-RPC message. */
export function classifyMessage(value: unknown): ParsedLine {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'invalid', code: -32600, id: null, reason: 'not a JSON-RPC object' };
  }
  const record = value as Record<string, unknown>;
  const id = isId(record['id']) ? record['id'] : null;
  if (record['jsonrpc'] !== '2.0')
    return { kind: 'invalid', code: -32600, id, reason: 'jsonrpc must be "2.0"' };
  const method = record['method'];
  if (typeof method === 'string') {
    if (
      record['params'] !== undefined &&
      (record['params'] === null || typeof record['params'] !== 'object')
    ) {
      return { kind: 'invalid', code: -32600, id, reason: 'params must be an object' };
    }
    if (!('id' in record)) return { kind: 'notification', message: record as JsonRpcNotification };
    if (id === null)
      return { kind: 'invalid', code: -32600, id: null, reason: 'id must be a string or number' };
    return { kind: 'request', message: record as JsonRpcRequest };
  }
  if ('result' in record || 'error' in record) {
    return { kind: 'response', message: record as JsonRpcResponse };
  }
  return { kind: 'invalid', code: -32600, id, reason: 'neither request, notification nor response' };
}

/** Parses one line of text; invalid JSON yields -32700 with a null id. */
export function parseLine(text: string): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', code: -32700, id: null, reason: 'invalid JSON' };
  }
  return classifyMessage(value);
}

/** A JSON-RPC error response. */
export function errorResponse(id: JsonRpcId | null, error: JsonRpcError): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error };
}
