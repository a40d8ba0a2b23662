import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * `fetch` with a deadline for calls to the authorization server.
 *
 * A refresh holds the cross-process lock; a token endpoint that never answers must not hold it (and
 * every request of every proxy waiting on it) forever.
 */
export function timeoutFetch(timeoutMs: number, base: FetchLike = fetch): FetchLike {
  return (url, init) => {
    const signal = init?.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    return base(url, { ...init, signal });
  };
}
