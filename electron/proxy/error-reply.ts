import {
  PROXY_ERROR_CODES,
  PROXY_ERROR_KEY,
  type Executed,
  type ProxyErrorData,
  type ProxyErrorReason,
} from '../../shared/proxy-errors.js';
import type { JsonRpcId, JsonRpcResponse } from './jsonrpc.js';
import type { UpstreamFailure } from './upstream-failure.js';

/**
 * The proxy's own answers when it gives up on a request (proxy-spec §4).
 *
 * `tools/call` gets a CallToolResult with `isError: true` (clients hand tool errors to the model)
 * whose text says whether the tool ran; everything else a JSON-RPC error with structured data.
 */
export type ProxyErrorInput = {
  reason: ProxyErrorReason;
  executed: Executed;
  message: string;
  retryable?: boolean;
  retryAfterMs?: number;
  httpStatus?: number;
  upstream?: string;
  authorizationUrl?: string;
};

/** Maps a classified failure (and whether it may have run) to the error contract's reason. */
export function reasonForFailure(failure: UpstreamFailure, executed: Executed): ProxyErrorReason {
  switch (failure.kind) {
    case 'rate_limited':
      return 'rate_limited';
    case 'auth_required':
      return 'auth_required';
    case 'protocol':
      return 'upstream_protocol_error';
    case 'gateway_timeout':
      return 'upstream_timeout';
    case 'aborted':
      return 'shutting_down';
    default:
      return executed === 'unknown' ? 'outcome_unknown' : 'upstream_unavailable';
  }
}

function explain(input: ProxyErrorInput, serverName: string): string {
  const retry =
    input.retryAfterMs !== undefined ? ` Retry in about ${Math.ceil(input.retryAfterMs / 1000)} s.` : '';
  // Messages may end with their own full stop ("…, then retry."): one sentence end, not "retry..".
  const message = input.message.replace(/[\s.]+$/, '');
  const head = `[tether] ${serverName}: ${message}.`;
  if (input.reason === 'auth_required') {
    const ask = /sign-in required/i.test(message) ? '' : ' Sign-in required.';
    const url = input.authorizationUrl ? ` Sign-in URL: ${input.authorizationUrl} .` : '';
    return `${head}${ask}${url} The tool was NOT executed.`;
  }
  if (input.executed === 'no')
    return `${head}${retry} The tool was NOT executed; it is safe to call it again.`;
  if (input.executed === 'unknown') {
    return `${head} The connection dropped after the request was sent; the tool MAY have run. Check the current state before calling it again.`;
  }
  return head;
}

/** Builds the client-facing answer for a request the proxy gives up on. */
export function proxyErrorResponse(
  id: JsonRpcId,
  method: string,
  input: ProxyErrorInput,
  serverName: string,
): JsonRpcResponse {
  const data: ProxyErrorData = {
    source: 'tether-proxy',
    reason: input.reason,
    executed: input.executed,
    retryable: input.retryable ?? input.executed === 'no',
    ...(input.retryAfterMs !== undefined ? { retryAfterMs: Math.round(input.retryAfterMs) } : {}),
    ...(input.httpStatus !== undefined ? { httpStatus: input.httpStatus } : {}),
    ...(input.upstream !== undefined ? { upstream: input.upstream } : {}),
    ...(input.authorizationUrl !== undefined ? { authorizationUrl: input.authorizationUrl } : {}),
  };
  const text = explain(input, serverName);
  if (method === 'tools/call') {
    return {
      jsonrpc: '2.0',
      id,
      result: { isError: true, content: [{ type: 'text', text }], _meta: { [PROXY_ERROR_KEY]: data } },
    };
  }
  return {
    jsonrpc: '2.0',
    id,
    error: { code: PROXY_ERROR_CODES[input.reason], message: text, data: { [PROXY_ERROR_KEY]: data } },
  };
}
