/**
 * The one error type every upstream (HTTP, SSE, stdio child) throws, classified per the failure-mode table.
 *
 * `retryClass` says when the failure happened (proxy-spec §2): N not sent, R rejected
 * before dispatch, U sent but no answer (outcome unknown). The engine decides replay from it.
 */
export type RetryClass = 'N' | 'R' | 'U';

export type FailureKind =
  /** The session is gone (404 with a session id, 400 "no valid session", 410): re-initialize. */
  | 'session_lost'
  /** No HTTP exchange happened or the upstream is down (DNS, refused, 502/503/52x): reconnect. */
  | 'unreachable'
  /** The connection broke after the request was sent, or the response stream ended without an answer. */
  | 'connection_lost'
  /** 504/524: a gateway gave up waiting; the origin probably still runs the request. */
  | 'gateway_timeout'
  | 'rate_limited'
  | 'auth_required'
  /** 406/415/400-version/unexpected content: a configuration problem, retrying will not help. */
  | 'protocol'
  /** The proxy is shutting down or the request was cancelled. */
  | 'aborted';

export type UpstreamFailureInit = {
  kind: FailureKind;
  retryClass: RetryClass;
  message: string;
  httpStatus?: number;
  retryAfterMs?: number;
  authorizationUrl?: string;
  /** A Node error code (ECONNREFUSED, ENOTFOUND, ...), for reporting. */
  errorCode?: string;
};

/** A classified upstream failure; `message` is already safe to show (no HTML, no secrets, ≤300 chars). */
export class UpstreamFailure extends Error {
  readonly kind: FailureKind;
  readonly retryClass: RetryClass;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly authorizationUrl: string | undefined;
  readonly errorCode: string | undefined;

  constructor(init: UpstreamFailureInit) {
    super(init.message);
    this.name = 'UpstreamFailure';
    this.kind = init.kind;
    this.retryClass = init.retryClass;
    this.httpStatus = init.httpStatus;
    this.retryAfterMs = init.retryAfterMs;
    this.authorizationUrl = init.authorizationUrl;
    this.errorCode = init.errorCode;
  }

  /** Failures that mean "the upstream as a whole is not reachable" and feed the breaker. */
  get isConnectionLevel(): boolean {
    return this.kind === 'unreachable' || this.kind === 'connection_lost' || this.kind === 'gateway_timeout';
  }
}

/**
 * A bug in the proxy, not a network event: a TypeError, ReferenceError or RangeError of our own making
 * (no `cause`; Node's `fetch failed` TypeError carries the network error as its cause). Replaying it
 * as `connection_lost` would hide the bug behind retries and blame the upstream; it is reported as
 * `proxy_internal` instead.
 */
export function isProgrammingError(error: unknown): boolean {
  return (
    (error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError) &&
    error.cause === undefined
  );
}

/** Wraps anything thrown into an UpstreamFailure (unknown errors are treated as a lost connection). */
export function asUpstreamFailure(error: unknown): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamFailure({ kind: 'connection_lost', retryClass: 'U', message: message.slice(0, 300) });
}
