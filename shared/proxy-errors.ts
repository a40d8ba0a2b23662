/**
 * The error contract of `tether proxy`: what a client sees when the proxy answers instead of the upstream.
 *
 * Non-`tools/call` requests get a JSON-RPC error with `code` PROXY_ERROR_CODES[...] and
 * `data.tether` = ProxyErrorData. `tools/call` gets a *result* with `isError: true`, a model-readable
 * text saying whether the tool did NOT run or MAY have run, and the same object in
 * `result._meta.tether`. Upstream JSON-RPC errors are passed through unchanged and never carry this.
 * Codes stay in -32000…-32019 (implementation-defined in every protocol era); an HTTP status is never
 * a JSON-RPC code.
 */
export type ProxyErrorReason =
  | 'upstream_unavailable'
  | 'rate_limited'
  | 'auth_required'
  | 'upstream_protocol_error'
  | 'upstream_timeout'
  | 'outcome_unknown'
  | 'proxy_internal'
  | 'shutting_down';

/** Whether the upstream executed the request: `no` = safe to call again; `unknown` = it MAY have run. */
export type Executed = 'yes' | 'no' | 'unknown';

export type ProxyErrorData = {
  source: 'tether-proxy';
  reason: ProxyErrorReason;
  executed: Executed;
  /** True when calling again later is expected to work. */
  retryable: boolean;
  retryAfterMs?: number;
  httpStatus?: number;
  /** Redacted upstream (URL or `stdio: cmd`). */
  upstream?: string;
  /** For `auth_required`: where a person can sign in. */
  authorizationUrl?: string;
};

/** JSON-RPC code per reason. */
export const PROXY_ERROR_CODES: Record<ProxyErrorReason, number> = {
  upstream_unavailable: -32000,
  rate_limited: -32000,
  auth_required: -32000,
  upstream_protocol_error: -32000,
  shutting_down: -32000,
  upstream_timeout: -32001,
  outcome_unknown: -32001,
  proxy_internal: -32603,
};

/** Key of the proxy error object: `error.data.tether` / `result._meta.tether`. */
export const PROXY_ERROR_KEY = 'tether';

/** Prefix of every request id the proxy itself sends upstream; client ids with it are refused. */
export const PROXY_ID_PREFIX = 'tether:';
