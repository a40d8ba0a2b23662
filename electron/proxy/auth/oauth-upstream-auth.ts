import { unwatchFile, watchFile } from 'node:fs';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Logger } from '../../core/logger.js';
import type { CredentialsChange, UnauthorizedOutcome, UpstreamAuth } from '../upstream-auth.js';
import { authRecordPath, readAuthRecord } from './auth-record.js';
import type { AuthRecord } from './auth-record.js';
import { createAuthEvents } from './auth-events.js';
import type { AuthEvents } from './auth-events.js';
import { createLoginCoordinator } from './login-coordinator.js';
import { DEFAULT_REFRESH_BACKOFF } from './refresh-backoff.js';
import type { BackoffPolicy } from './refresh-backoff.js';
import { createRefreshController } from './refresh-controller.js';
import { rememberServerUrl, updateRecord } from './record-lock.js';
import { isRefreshDue } from './token-refresh.js';
import { parseBearerChallenge } from './www-authenticate.js';
import type { BearerChallenge } from './www-authenticate.js';
import { timeoutFetch } from './timeout-fetch.js';

/** Options of the OAuth provider the proxy engine creates for one upstream server. */
export type OAuthUpstreamAuthOptions = {
  /** Stable name of the server (`tether auth NAME` uses the same). */
  serverKey: string;
  /** The MCP endpoint URL (the protected resource). */
  serverUrl: string;
  dataDir: string;
  logger: Logger;
  /** `--header` values, already `${ENV}`-expanded; sent with every request (the OAuth token wins on `Authorization`). */
  staticHeaders?: Record<string, string>;
  /** A pre-registered client id (skips dynamic registration). */
  clientId?: string;
  clientSecret?: string;
  /** Loopback port for the sign-in callback (pre-registered clients usually need a fixed one). */
  callbackPort?: number;
  /** `false` in the proxy: it never opens a browser; a function opens the URL once per login. */
  openBrowser?: false | ((url: string) => void);
  /** Refresh this long before expiry (default 60 s, capped at a third of the token lifetime). */
  refreshMarginMs?: number;
  /** How often to look for a login or rotation done by another process (default 1 s). */
  watchIntervalMs?: number;
  /** How long `onUnauthorized` may wait for a login URL to be prepared (default 3 s). */
  loginUrlWaitMs?: number;
  backoff?: BackoffPolicy;
  fetchFn?: FetchLike;
  now?: () => number;
};

export type { CredentialsChange };

export type OAuthUpstreamAuth = UpstreamAuth & {
  /** Called when a login completes (here or in another process) or tokens go away; returns unsubscribe. */
  onCredentialsChanged(listener: (change: CredentialsChange) => void): () => void;
  /** Security activity (consent, issue, refresh, failures, revocation), never carrying a token. */
  events: Pick<AuthEvents, 'on'>;
  /** Prepares a browser login (or returns the pending one) and emits its `login_url` event. */
  signIn(): Promise<{ authorizationUrl: string } | { error: string }>;
  /** Stops timers, the file watch and any pending login. */
  close(): Promise<void>;
};

/** How long the service's `sign-in` command may wait for discovery and registration. */
const SIGN_IN_WAIT_MS = 10_000;

/** A token rejected this soon after it was obtained was probably sent by a request already in flight. */
const STRAGGLER_MS = 2_000;
/** A token rejected within this time after it was obtained is suspicious: refreshed once, not in a loop. */
const FRESH_MS = 30_000;

/**
 * The OAuth 2.1 `UpstreamAuth`: tokens from the server's auth record, refreshed before expiry and on
 * 401 (single-flight, under the cross-process lock), and `auth_required` with a login URL at once when
 * a person must sign in. It never blocks a request on a browser and never opens one unless asked.
 */
export function createOAuthUpstreamAuth(options: OAuthUpstreamAuthOptions): OAuthUpstreamAuth {
  const { serverKey, serverUrl, dataDir } = options;
  const now = options.now ?? Date.now;
  const marginMs = options.refreshMarginMs ?? 60_000;
  const fetchFn = options.fetchFn ?? timeoutFetch(10_000);
  const logger = options.logger.child('auth');
  const events = createAuthEvents(serverKey, now);
  const file = authRecordPath(dataDir, serverKey);
  const listeners = new Set<(change: CredentialsChange) => void>();
  const lockOptions = { dataDir, serverKey, serverUrl };

  let record: AuthRecord | undefined;
  let loading: Promise<void> | undefined;
  let loginRequired = false;
  /** The record generation whose sign-in was last announced (a login is announced once). */
  let announcedGeneration: number | undefined;
  let closed = false;
  /** The access token a refresh obtained after the server rejected a fresh one (see `onUnauthorized`). */
  let refreshedForRejection: string | undefined;

  const coordinator = createLoginCoordinator({
    dataDir,
    serverKey,
    serverUrl,
    logger,
    events,
    fetchFn,
    now,
    waitMs: options.loginUrlWaitMs ?? 3_000,
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    ...(options.callbackPort ? { callbackPort: options.callbackPort } : {}),
    onUrl: (url) => {
      events.emit({ kind: 'login_url', reason: 'a browser sign-in is ready', authorizationUrl: url });
      if (options.openBrowser) options.openBrowser(url);
    },
    onSignedIn: () => void reloadFromDisk(true),
  });

  const refresher = createRefreshController({
    ...lockOptions,
    marginMs,
    backoff: options.backoff ?? DEFAULT_REFRESH_BACKOFF,
    fetchFn,
    now,
    events,
    logger,
    ...(options.clientId
      ? {
          client: {
            client_id: options.clientId,
            ...(options.clientSecret ? { client_secret: options.clientSecret } : {}),
          },
        }
      : {}),
    current: () => record,
    active: () => !closed && !loginRequired,
    onRecord: (next) => adopt(next),
    onLoginRequired: (reason) => markLoginRequired(reason),
  });

  const notify = (change: CredentialsChange): void => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        logger.error('credentials listener failed', {
          error: error instanceof Error ? error.message : 'unknown',
        });
      }
    }
  };

  /**
   * Takes a record as current, announcing sign-in / sign-out transitions. `newLogin`: a browser login
   * of this provider replaced tokens that were still there (step-up to a wider scope), which is a
   * sign-in too: the server may now offer more.
   */
  function adopt(next: AuthRecord | undefined, newLogin = false): void {
    const had = Boolean(record?.tokens) && !loginRequired;
    record = next;
    const has = Boolean(next?.tokens);
    if (has && (!had || (newLogin && next?.generation !== announcedGeneration))) {
      announcedGeneration = next?.generation;
      loginRequired = false;
      refresher.reset();
      void coordinator.cancel();
      logger.info('signed in');
      notify({ reason: 'signed_in' });
    } else if (!has && had) {
      notify({ reason: 'signed_out' });
    }
    refresher.schedule();
  }

  function markLoginRequired(reason: string): void {
    if (loginRequired) return;
    const had = Boolean(record?.tokens);
    loginRequired = true;
    refresher.stop();
    events.emit({ kind: 'login_required', reason });
    logger.warn('sign-in required', { reason });
    if (had) notify({ reason: 'signed_out' });
  }

  async function reloadFromDisk(newLogin = false): Promise<void> {
    if (closed) return;
    const next = await readAuthRecord(file);
    const same = next?.generation === record?.generation && next?.serverUrl === record?.serverUrl;
    if (same && !newLogin) return;
    const hadTokens = Boolean(record?.tokens) && !loginRequired;
    adopt(next, newLogin);
    if (hadTokens && !next?.tokens) {
      // Another process signed out (`tether auth NAME --logout`) or had its refresh rejected.
      events.emit({ kind: 'revoked', reason: 'the stored tokens were removed by another process' });
    }
  }

  const onFileChange = (): void => {
    reloadFromDisk().catch((error: unknown) =>
      logger.warn('could not re-read the auth record', {
        error: error instanceof Error ? error.message : 'unknown',
      }),
    );
  };

  const ensureLoaded = (): Promise<void> =>
    (loading ??= (async () => {
      let initial = await readAuthRecord(file);
      if (!initial || initial.serverUrl !== serverUrl) initial = await rememberServerUrl(lockOptions);
      record = initial;
      if (!closed) {
        watchFile(file, { persistent: false, interval: options.watchIntervalMs ?? 1_000 }, onFileChange);
      }
      refresher.schedule();
    })());

  const authRequired = async (reason: string, challenge: BearerChallenge): Promise<UnauthorizedOutcome> => {
    const scope = challenge.scope ?? record?.scope;
    const resourceMetadataUrl = challenge.resourceMetadataUrl ?? record?.resourceMetadataUrl;
    const loginUrl = await coordinator.loginUrl({
      ...(scope ? { scope } : {}),
      ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
    });
    const how = loginUrl ? 'open the sign-in URL' : `run \`tether auth ${serverKey}\``;
    return {
      kind: 'auth_required',
      message: `Sign-in required for "${serverKey}" (${reason}): ${how}, then retry.`,
      ...(loginUrl ? { loginUrl } : {}),
    };
  };

  const rememberChallenge = async (challenge: BearerChallenge): Promise<void> => {
    const changed =
      (challenge.resourceMetadataUrl && challenge.resourceMetadataUrl !== record?.resourceMetadataUrl) ||
      (challenge.scope && challenge.scope !== record?.scope);
    if (!changed) return;
    // Through `adopt`: the record re-read under the lock may already hold a sign-in from elsewhere.
    adopt(
      await updateRecord(lockOptions, () => ({
        ...(challenge.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : {}),
        ...(challenge.scope ? { scope: challenge.scope } : {}),
      })),
    );
  };

  const unavailable = (detail: string): UnauthorizedOutcome => ({
    kind: 'unavailable',
    message: `could not renew the sign-in for "${serverKey}" (${detail}); retrying in the background`,
    retryAfterMs: Math.max(0, refresher.retryAt() - now()),
  });

  return {
    async headers() {
      await ensureLoaded();
      const token = record?.tokens?.access_token;
      if (
        token &&
        !loginRequired &&
        record &&
        isRefreshDue(record, marginMs, now()) &&
        now() >= refresher.retryAt()
      ) {
        // Expiring now: refresh first (bounded by the token endpoint timeout); on failure the old one is sent.
        await refresher.refresh('proactive', token);
      }
      const current = loginRequired ? undefined : record?.tokens?.access_token;
      return { ...options.staticHeaders, ...(current ? { Authorization: `Bearer ${current}` } : {}) };
    },

    async onUnauthorized({ status, wwwAuthenticate, rejectedAuthorization }) {
      await ensureLoaded();
      const challenge = parseBearerChallenge(wwwAuthenticate);
      await rememberChallenge(challenge).catch(() => undefined);
      if (status === 403 && challenge.error === 'insufficient_scope') {
        // Step-up: the current token stays valid for what it already covers.
        const scope = challenge.scope ? ` (scope "${challenge.scope}")` : '';
        return authRequired(`the server needs more access${scope}`, challenge);
      }
      const current = record?.tokens?.access_token;
      if (!current || loginRequired) {
        markLoginRequired('no valid sign-in');
        return authRequired('not signed in', challenge);
      }
      // The rejected request carried an older token than the one now in hand: another process rotated
      // it (and this one picked the new one up from the shared record) while the request was in flight.
      // Refreshing again would spend the new refresh token for nothing.
      if (rejectedAuthorization !== undefined && rejectedAuthorization !== `Bearer ${current}`)
        return { kind: 'retry' };
      const fresh = refresher.fresh();
      if (fresh?.token === current && now() - fresh.at < STRAGGLER_MS) return { kind: 'retry' };
      // A token rejected soon after it was issued: a skewed server clock or a revocation by a rotation.
      // The refresh token may well still be good, so try it (mcp-remote drops the tokens here and the
      // user loses the session for nothing). Only when the token that refresh gave is rejected just as
      // fast is refreshing pointless: then the tokens go and a person signs in again.
      const rejectedFresh = fresh?.token === current && now() - fresh.at < FRESH_MS;
      if (rejectedFresh) {
        if (current === refreshedForRejection) {
          events.emit({
            kind: 'token_rejected',
            reason: 'the server rejected a newly refreshed access token too',
          });
          refresher.forgetFresh();
          adopt(await updateRecord(lockOptions, () => ({ tokens: undefined, expiresAt: undefined })));
          markLoginRequired('the server rejected newly issued tokens twice');
          return authRequired('the server rejected newly issued tokens', challenge);
        }
        events.emit({
          kind: 'token_rejected',
          reason: 'the server rejected a newly issued access token; trying the refresh token',
        });
      }
      const retryAt = refresher.retryAt();
      if (now() < retryAt)
        return unavailable(
          `the authorization server is failing, next try in ${Math.ceil((retryAt - now()) / 1000)} s`,
        );
      const outcome = await refresher.refresh('rejected', current);
      if (outcome.kind === 'refreshed' || outcome.kind === 'adopted') {
        refreshedForRejection = rejectedFresh ? outcome.record.tokens?.access_token : undefined;
        return { kind: 'retry' };
      }
      if (outcome.kind === 'transient') return unavailable(outcome.reason);
      return authRequired(outcome.reason, challenge);
    },

    onCredentialsChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    events: { on: (listener) => events.on(listener) },
    async signIn() {
      if (closed) return { error: 'the proxy is shutting down' };
      await ensureLoaded();
      const before = coordinator.pendingUrl();
      const scope = record?.scope;
      const resourceMetadataUrl = record?.resourceMetadataUrl;
      const url = await coordinator.loginUrl(
        {
          ...(scope ? { scope } : {}),
          ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
        },
        SIGN_IN_WAIT_MS,
      );
      if (!url) return { error: 'could not prepare the sign-in (see the proxy log)' };
      // A new login announced its URL already; a pending one is announced again for this request.
      if (url === before)
        events.emit({ kind: 'login_url', reason: 'sign-in requested', authorizationUrl: url });
      return { authorizationUrl: url };
    },
    async close() {
      closed = true;
      refresher.stop();
      unwatchFile(file, onFileChange);
      await coordinator.cancel();
    },
  };
}
