import type { JsonRpcMessage, JsonRpcNotification, JsonRpcRequest, JsonRpcResponse } from './jsonrpc.js';
import type { UpstreamFailure } from './upstream-failure.js';

/**
 * What the engine needs from an upstream, whatever its transport (Streamable HTTP, legacy SSE, stdio child).
 *
 * All methods throw UpstreamFailure. Messages are pass-through: client request ids go upstream
 * unchanged (so progress tokens and cancellations keep working); proxy-originated ids use the
 * `tether:` prefix.
 */
export type UpstreamListener = {
  /** A server→client message outside any request's own stream (GET stream, SSE, child stdout). */
  onServerMessage(message: JsonRpcMessage): void;
  /** The upstream noticed on its own that the session or connection is gone (GET 404, child exit, SSE drop). */
  onLost(failure: UpstreamFailure): void;
  /** Reporting: a transport event worth a line (stream cut, idle cut, child stderr...). */
  onTransportEvent(event: TransportEvent): void;
};

export type TransportEvent =
  | { type: 'stream-cut'; ageS: number; events: number; resumed: boolean }
  | { type: 'idle-cut'; idleCutS: number }
  | { type: 'stream-unsupported'; httpStatus: number }
  | { type: 'fallback-sse' }
  | { type: 'child-exit'; exitCode: number | null; signal: string | null }
  | { type: 'child-stderr'; line: string }
  | { type: 'dropped-stdout'; line: string };

export type RequestContext = {
  signal: AbortSignal;
  /** Server messages that arrive on this request's own stream (progress, logging, sampling). */
  onMessage: (message: JsonRpcMessage) => void;
  /** Time left before the proxy's deadline for this request. */
  deadlineMs: number;
};

export type Upstream = {
  readonly transport: 'streamable-http' | 'sse' | 'stdio';
  /** Start a fresh session: initialize (with the given request), initialized, GET stream. Returns the initialize response. */
  connect(initialize: JsonRpcRequest): Promise<JsonRpcResponse>;
  /** Whether a session is established (for choosing ping vs initialize as a probe). */
  hasSession(): boolean;
  request(
    message: JsonRpcRequest,
    raw: string | undefined,
    context: RequestContext,
  ): Promise<JsonRpcResponse>;
  /** Notifications and responses to server requests. Best effort; throws on failure. */
  send(message: JsonRpcNotification | JsonRpcResponse, raw?: string): Promise<void>;
  /** Drop the current session/child/stream without ending the proxy (for reset/restart commands). */
  reset(): Promise<void>;
  /** Shutdown: end the session (DELETE, ≤2 s), close streams, stop the child. */
  close(): Promise<void>;
};
