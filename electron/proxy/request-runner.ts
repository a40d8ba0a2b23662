import type { Executed } from '../../shared/proxy-errors.js';
import { fullJitterDelay } from './backoff.js';
import { proxyErrorResponse, reasonForFailure } from './error-reply.js';
import { sleep } from './timing.js';
import type { JsonRpcMessage, JsonRpcRequest, JsonRpcResponse } from './jsonrpc.js';
import { listKindOf } from './list-cache.js';
import type { ListKeeper } from './list-keeper.js';
import { mayReplay } from './retry-policy.js';
import type { SessionManager } from './session-manager.js';
import type { Upstream } from './upstream.js';
import { UpstreamFailure, asUpstreamFailure, isProgrammingError } from './upstream-failure.js';

/** What a request needs from the rest of the proxy. */
export type RunnerDeps = {
  upstream: Upstream;
  session: SessionManager;
  serverName: string;
  upstreamLabel: string;
  budgetMs: number;
  retryableTools: ReadonlySet<string>;
  /** Server messages on this request's stream (progress...). */
  forward: (message: JsonRpcMessage) => void;
  /** Cached lists while the upstream is unavailable, and how long a list may wait for it. */
  lists: Pick<ListKeeper, 'localAnswer' | 'waitLimit'>;
};

export type RunState = {
  readonly abort: AbortController;
  cancelled: boolean;
  /** True once any attempt was handed to the upstream (for cancellation forwarding). */
  sent: boolean;
  replays: number;
  deadlineAt: number;
  /** How the proxy-error answer (if any) described the outcome, for activity reporting. */
  executed?: Executed;
  reason?: string;
  fromCache?: boolean;
};

const MAX_ATTEMPTS = 4;

/**
 * One client request from arrival to its single answer (proxy-spec §1.1, §2).
 *
 * The loop: wait for a session (never-sent requests wait up to the budget), send, and on failure
 * decide by retry class and method whether to replay, wait (Retry-After within budget), or answer
 * with the error contract. Returns undefined only when the client cancelled.
 */
export async function runRequest(
  deps: RunnerDeps,
  request: JsonRpcRequest,
  raw: string,
  state: RunState,
): Promise<JsonRpcResponse | undefined> {
  const toolName =
    request.method === 'tools/call' && typeof request.params?.['name'] === 'string'
      ? request.params['name']
      : undefined;
  let waitUntil = Math.min(deps.lists.waitLimit(request) ?? Date.now() + deps.budgetMs, state.deadlineAt);
  const localAnswer = (waited: boolean): JsonRpcResponse | undefined =>
    request.method === 'ping'
      ? { jsonrpc: '2.0', id: request.id, result: {} }
      : deps.lists.localAnswer(request, waited);
  let lastFailure: UpstreamFailure | undefined;
  const giveUp = (failure: UpstreamFailure, executed: Executed): JsonRpcResponse => {
    const reason =
      Date.now() >= state.deadlineAt && failure.kind !== 'rate_limited'
        ? 'upstream_timeout'
        : reasonForFailure(failure, executed);
    state.executed = executed;
    state.reason = reason;
    return proxyErrorResponse(
      request.id,
      request.method,
      {
        reason,
        executed,
        message:
          reason === 'upstream_timeout'
            ? `no answer within the proxy deadline (${failure.message})`
            : failure.message,
        upstream: deps.upstreamLabel,
        ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
        ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
        ...(failure.authorizationUrl ? { authorizationUrl: failure.authorizationUrl } : {}),
      },
      deps.serverName,
    );
  };

  for (let attempt = 0; ; attempt += 1) {
    if (state.cancelled) return undefined;
    if (!deps.session.isReady) {
      const local = localAnswer(false);
      if (local) {
        state.fromCache = true;
        return local;
      }
      try {
        await deps.session.waitReady(waitUntil, state.abort.signal);
      } catch (error) {
        if (state.cancelled) return undefined;
        const failure = asUpstreamFailure(error);
        const late = failure.kind === 'aborted' ? undefined : localAnswer(true);
        if (late) {
          state.fromCache = true;
          return late;
        }
        // A request that already went out once and then waited keeps its unknown outcome.
        const executed: Executed = lastFailure?.retryClass === 'U' ? 'unknown' : 'no';
        return giveUp(
          failure.kind === 'aborted' || !lastFailure
            ? withListNote(request.method, failure)
            : withContext(failure, lastFailure),
          executed,
        );
      }
    }
    const epoch = deps.session.epoch;
    try {
      state.sent = true;
      deps.session.touch();
      const response = await deps.upstream.request(request, attempt === 0 ? raw : undefined, {
        signal: state.abort.signal,
        onMessage: deps.forward,
        deadlineMs: Math.max(1, state.deadlineAt - Date.now()),
      });
      return response;
    } catch (error) {
      if (state.cancelled) return undefined;
      // A bug is not a lost connection: no replay, no session teardown; the engine answers proxy_internal.
      if (isProgrammingError(error)) throw error;
      const failure = asUpstreamFailure(error);
      lastFailure = failure;
      // Our own deadline aborted the exchange: not the upstream's fault, so the session stays.
      if (state.abort.signal.aborted) return giveUp(failure, 'unknown');
      if (Date.now() >= state.deadlineAt)
        return giveUp(failure, failure.retryClass === 'U' ? 'unknown' : 'no');
      if (failure.kind === 'auth_required' || failure.kind === 'protocol') {
        if (failure.kind === 'auth_required') deps.session.markLost(failure, epoch);
        return giveUp(failure, failure.retryClass === 'U' ? 'unknown' : 'no');
      }
      if (failure.kind === 'rate_limited') {
        const waitMs = failure.retryAfterMs ?? fullJitterDelay(attempt + 2);
        if (
          Date.now() + waitMs > Math.min(Date.now() + deps.budgetMs, state.deadlineAt) ||
          attempt + 1 >= MAX_ATTEMPTS
        ) {
          return giveUp(failure, 'no');
        }
        await sleep(waitMs, state.abort.signal);
        state.replays += 1;
        continue;
      }
      deps.session.markLost(failure, epoch);
      const replayable = mayReplay({
        method: request.method,
        ...(toolName ? { toolName } : {}),
        retryClass: failure.retryClass,
        retryableTools: deps.retryableTools,
      });
      if (!replayable) return giveUp(failure, 'unknown');
      if (attempt + 1 >= MAX_ATTEMPTS) return giveUp(failure, failure.retryClass === 'U' ? 'unknown' : 'no');
      state.replays += 1;
      waitUntil = Math.min(Date.now() + deps.budgetMs, state.deadlineAt);
    }
  }
}

/** A list answered with an error because nothing is cached yet says what comes next. */
function withListNote(method: string, failure: UpstreamFailure): UpstreamFailure {
  if (!listKindOf(method) || failure.kind !== 'unreachable') return failure;
  return new UpstreamFailure({
    kind: failure.kind,
    retryClass: failure.retryClass,
    message: `${failure.message}; no list cached yet, the server's list will be announced (list_changed) when it connects`,
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
  });
}

/** Keeps the original failure's HTTP status when the wait after it timed out. */
function withContext(waitFailure: UpstreamFailure, original: UpstreamFailure): UpstreamFailure {
  return new UpstreamFailure({
    kind:
      waitFailure.kind === 'auth_required'
        ? 'auth_required'
        : original.kind === 'session_lost'
          ? 'unreachable'
          : waitFailure.kind,
    retryClass: waitFailure.retryClass,
    message: waitFailure.message,
    ...(waitFailure.retryAfterMs !== undefined ? { retryAfterMs: waitFailure.retryAfterMs } : {}),
    ...((waitFailure.httpStatus ?? original.httpStatus) !== undefined
      ? { httpStatus: waitFailure.httpStatus ?? original.httpStatus }
      : {}),
    ...(waitFailure.authorizationUrl ? { authorizationUrl: waitFailure.authorizationUrl } : {}),
  });
}
