import type { JsonRpcMessage, JsonRpcRequest, JsonRpcResponse } from '../jsonrpc.js';
import type { Upstream } from '../upstream.js';
import { UpstreamFailure } from '../upstream-failure.js';
import { neverAborted } from '../timing.js';

/** How long a server may take to answer `initialize`, on every transport. */
export const INITIALIZE_TIMEOUT_MS = 30_000;

/** The `initialize` answer, or the configuration problem it reports (not retried as an outage). */
export function acceptInitialize(response: JsonRpcResponse): JsonRpcResponse {
  if (response.error)
    throw new UpstreamFailure({
      kind: 'protocol',
      retryClass: 'R',
      message: `initialize failed: ${response.error.message}`.slice(0, 300),
    });
  return response;
}

/**
 * The handshake of a transport whose answers come back on a shared channel (legacy SSE, stdio child):
 * `initialize`, its answer checked, then `notifications/initialized`.
 */
export async function initializeOver(
  upstream: Pick<Upstream, 'request' | 'send'>,
  initialize: JsonRpcRequest,
  onMessage: (message: JsonRpcMessage) => void,
): Promise<JsonRpcResponse> {
  const response = acceptInitialize(
    await upstream.request(initialize, undefined, {
      signal: neverAborted(),
      onMessage,
      deadlineMs: INITIALIZE_TIMEOUT_MS,
    }),
  );
  await upstream.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return response;
}
