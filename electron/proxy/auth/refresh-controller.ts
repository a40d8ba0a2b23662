import type { OAuthClientInformationMixed } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Logger } from '../../core/logger.js';
import type { AuthRecord } from './auth-record.js';
import type { AuthEvents } from './auth-events.js';
import { refreshBackoffMs } from './refresh-backoff.js';
import type { BackoffPolicy } from './refresh-backoff.js';
import { refreshDueAt, refreshUnderLock } from './token-refresh.js';
import type { RefreshOutcome } from './token-refresh.js';

/**
 * When and how one process refreshes: a single in-flight refresh, the proactive timer, backoff after
 * transient failures, and the events each outcome produces.
 */
export type RefreshTrigger = 'proactive' | 'rejected';

export type RefreshController = {
  /** Refreshes (or joins the refresh already running). */
  refresh(trigger: RefreshTrigger, staleAccessToken: string): Promise<RefreshOutcome>;
  /** Re-arms the proactive timer for the current record. */
  schedule(): void;
  /** Epoch ms before which no refresh is attempted (backoff); 0 when none. */
  retryAt(): number;
  /** The token this process last obtained or adopted, and when. */
  fresh(): { token: string; at: number } | undefined;
  forgetFresh(): void;
  /** Clears the backoff (after a new sign-in). */
  reset(): void;
  stop(): void;
};

export type RefreshControllerOptions = {
  dataDir: string;
  serverKey: string;
  serverUrl: string;
  marginMs: number;
  backoff: BackoffPolicy;
  fetchFn: FetchLike;
  now: () => number;
  /** A pre-registered client; see `RefreshRequest.client`. */
  client?: OAuthClientInformationMixed;
  events: AuthEvents;
  logger: Logger;
  /** The record the owner currently uses. */
  current(): AuthRecord | undefined;
  /** False while a login is required or after close: no timer then. */
  active(): boolean;
  /** New tokens (refreshed here or adopted from disk), or a record with the tokens removed. */
  onRecord(record: AuthRecord): void;
  onLoginRequired(reason: string): void;
};

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Creates the refresh controller of one provider. */
export function createRefreshController(options: RefreshControllerOptions): RefreshController {
  const { events, logger, now } = options;
  let refreshing: Promise<RefreshOutcome> | undefined;
  let failures = 0;
  let retryAt = 0;
  let fresh: { token: string; at: number } | undefined;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const record = options.current();
    if (!options.active() || !record?.tokens || record.expiresAt === undefined) return;
    const dueAt = Math.max(refreshDueAt(record, options.marginMs), retryAt);
    const token = record.tokens.access_token;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, dueAt - now()));
    timer = setTimeout(() => void refresh('proactive', token), delay);
    logger.debug('next proactive refresh scheduled', { inMs: delay });
    // Refreshing is worth doing only while something else keeps the process alive.
    timer.unref();
  };

  const handle = (outcome: RefreshOutcome, trigger: RefreshTrigger): void => {
    switch (outcome.kind) {
      case 'refreshed':
      case 'adopted': {
        failures = 0;
        retryAt = 0;
        const token = outcome.record.tokens?.access_token;
        if (token) fresh = { token, at: now() };
        const expiresAt = outcome.record.expiresAt;
        events.emit({
          kind: outcome.kind === 'refreshed' ? 'token_refreshed' : 'token_adopted',
          reason:
            outcome.kind === 'adopted'
              ? 'another process had already refreshed'
              : trigger === 'rejected'
                ? 'the server rejected the access token'
                : 'the access token was about to expire',
          ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
        });
        options.onRecord(outcome.record);
        return;
      }
      case 'transient': {
        failures += 1;
        const delay = refreshBackoffMs(failures, options.backoff);
        retryAt = now() + delay;
        events.emit({
          kind: 'refresh_failed',
          reason: outcome.reason,
          retryInMs: delay,
          ...(outcome.httpStatus ? { httpStatus: outcome.httpStatus } : {}),
        });
        logger.warn('refresh failed; keeping the current access token', {
          reason: outcome.reason,
          retryInMs: delay,
        });
        schedule();
        return;
      }
      case 'login_required':
        events.emit({ kind: 'refresh_failed', reason: outcome.reason });
        if (outcome.record) options.onRecord(outcome.record);
        options.onLoginRequired(outcome.reason);
        return;
    }
  };

  const refresh = (trigger: RefreshTrigger, staleAccessToken: string): Promise<RefreshOutcome> =>
    (refreshing ??= (async () => {
      let outcome: RefreshOutcome;
      logger.debug('refreshing the access token', { trigger });
      try {
        const { dataDir, serverKey, serverUrl, marginMs, fetchFn } = options;
        outcome = await refreshUnderLock({
          dataDir,
          serverKey,
          serverUrl,
          staleAccessToken,
          marginMs,
          fetchFn,
          now,
          ...(options.client ? { client: options.client } : {}),
        });
      } catch (error) {
        // Lock timeouts and file errors are as transient as a 503: keep the token, try later.
        outcome = {
          kind: 'transient',
          reason: `refresh failed: ${error instanceof Error ? error.message : 'unknown'}`,
        };
      }
      handle(outcome, trigger);
      return outcome;
    })().finally(() => {
      refreshing = undefined;
    }));

  return {
    refresh,
    schedule,
    retryAt: () => retryAt,
    fresh: () => fresh,
    forgetFresh: () => {
      fresh = undefined;
    },
    reset: () => {
      failures = 0;
      retryAt = 0;
    },
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
