import { discoverOAuthServerInfo, refreshAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  InvalidClientError,
  InvalidGrantError,
  UnauthorizedClientError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthClientInformationMixed } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { redactText } from '../../core/redact.js';
import { nextAuthRecord, withIssuedTokens } from './auth-record.js';
import type { AuthRecord } from './auth-record.js';
import { withRecordLock } from './record-lock.js';

/**
 * Token refresh that never falls through to a browser login.
 *
 * Tether calls the SDK's `refreshAuthorization()` itself instead of `auth()`: `auth()` swallows a
 * transient token-endpoint failure (5xx, 429, network) and starts an interactive authorization
 * (`auth.js:351-388`), and on `invalid_grant` it wipes the tokens and does the same. Here a transient
 * failure keeps the old tokens and reports "retry later"; only a definite rejection asks for a login.
 */
export type RefreshOutcome =
  /** This process obtained new tokens from the authorization server. */
  | { kind: 'refreshed'; record: AuthRecord }
  /** Another process had already refreshed; its tokens were picked up from disk. */
  | { kind: 'adopted'; record: AuthRecord }
  /** The token endpoint was unreachable or failing; the old tokens are kept. */
  | { kind: 'transient'; reason: string; httpStatus?: number }
  /** The refresh token is gone or rejected: a person must sign in again. */
  | { kind: 'login_required'; reason: string; record?: AuthRecord };

export type RefreshRequest = {
  dataDir: string;
  serverKey: string;
  serverUrl: string;
  /** The access token this process holds and wants replaced (rejected by the server, or expiring). */
  staleAccessToken: string | undefined;
  /** Refresh this long before expiry (capped at a third of the token's lifetime). */
  marginMs: number;
  fetchFn: FetchLike;
  now: () => number;
  /**
   * A pre-registered client (`--client-id`, secret from the environment): never written to the
   * record, so it must come from the caller. Otherwise the dynamically registered one in the record.
   */
  client?: OAuthClientInformationMixed;
};

/** Whether a record's access token is due for a proactive refresh at `now`. */
export function isRefreshDue(record: AuthRecord, marginMs: number, now: number): boolean {
  return record.expiresAt !== undefined && now >= refreshDueAt(record, marginMs);
}

/**
 * When a record's access token should be refreshed: `expiresAt - margin`, where the margin shrinks
 * for short-lived tokens so a 90-second token is not refreshed the moment it arrives.
 */
export function refreshDueAt(record: AuthRecord, marginMs: number): number {
  if (record.expiresAt === undefined) return Number.POSITIVE_INFINITY;
  const lifetime = record.issuedAt === undefined ? marginMs * 3 : record.expiresAt - record.issuedAt;
  return record.expiresAt - Math.min(marginMs, Math.max(0, lifetime / 3));
}

/**
 * Refreshes the server's tokens under the cross-process lock, re-reading the record first.
 *
 * If the record on disk already holds a different, still-fresh access token, another process has
 * rotated it: that token is adopted and no request reaches the authorization server.
 */
export async function refreshUnderLock(request: RefreshRequest): Promise<RefreshOutcome> {
  const { dataDir, serverKey } = request;
  return withRecordLock<RefreshOutcome>({ dataDir, serverKey }, async (record) => {
    const now = request.now();
    if (!record?.tokens) return { result: { kind: 'login_required', reason: 'no stored tokens' } };
    if (
      record.tokens.access_token !== request.staleAccessToken &&
      !isRefreshDue(record, request.marginMs, now)
    ) {
      return { result: { kind: 'adopted', record } };
    }
    const refreshToken = record.tokens.refresh_token;
    if (!refreshToken) {
      const cleared = nextAuthRecord(record, {
        tokens: undefined,
        expiresAt: undefined,
        issuedAt: undefined,
      });
      return {
        write: cleared,
        result: {
          kind: 'login_required',
          reason: 'the access token has expired and there is no refresh token',
          record: cleared,
        },
      };
    }
    let discovery: OAuthDiscoveryState;
    try {
      discovery = record.discovery ?? (await discover(request, record));
    } catch (error) {
      return { result: transientOutcome('authorization server discovery failed', error) };
    }
    try {
      const tokens = await refreshAuthorization(discovery.authorizationServerUrl, {
        metadata: discovery.authorizationServerMetadata,
        clientInformation: request.client ?? record.clientInformation ?? { client_id: '' },
        refreshToken,
        resource: discovery.resourceMetadata?.resource,
        fetchFn: request.fetchFn,
      });
      const issued = withIssuedTokens({ ...tokens, issuer: discovery.authorizationServerUrl }, request.now());
      const next = nextAuthRecord(record, { ...issued, discovery });
      return { write: next, result: { kind: 'refreshed', record: next } };
    } catch (error) {
      if (isDefiniteRejection(error)) {
        // The refresh token is dead for every process: drop it so nobody presents it again.
        const cleared = nextAuthRecord(record, {
          tokens: undefined,
          expiresAt: undefined,
          issuedAt: undefined,
        });
        return {
          write: cleared,
          result: {
            kind: 'login_required',
            reason: `refresh rejected: ${describeError(error)}`,
            record: cleared,
          },
        };
      }
      return { result: transientOutcome('refresh request failed', error) };
    }
  });
}

async function discover(request: RefreshRequest, record: AuthRecord): Promise<OAuthDiscoveryState> {
  const info = await discoverOAuthServerInfo(request.serverUrl, {
    ...(record.resourceMetadataUrl ? { resourceMetadataUrl: new URL(record.resourceMetadataUrl) } : {}),
    fetchFn: request.fetchFn,
  });
  return {
    ...info,
    ...(record.resourceMetadataUrl ? { resourceMetadataUrl: record.resourceMetadataUrl } : {}),
  };
}

/** `invalid_grant` (expired, revoked or already-rotated refresh token) and a client the server no longer knows. */
function isDefiniteRejection(error: unknown): boolean {
  return (
    error instanceof InvalidGrantError ||
    error instanceof InvalidClientError ||
    error instanceof UnauthorizedClientError
  );
}

function transientOutcome(what: string, error: unknown): RefreshOutcome {
  const httpStatus = httpStatusOf(error);
  return {
    kind: 'transient',
    reason: `${what}: ${describeError(error)}`,
    ...(httpStatus === undefined ? {} : { httpStatus }),
  };
}

/** The SDK reports non-JSON error bodies as `HTTP 503: ...`; recover the status for events. */
function httpStatusOf(error: unknown): number | undefined {
  const match = /HTTP (\d{3})/.exec(error instanceof Error ? error.message : '');
  return match ? Number(match[1]) : undefined;
}

/** A short, redacted description: error class and the first line of its message, never a raw body. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = 'errorCode' in error && typeof error.errorCode === 'string' ? error.errorCode : error.name;
  const firstLine = (error.message.split('\n')[0] ?? '').replace(/Raw body:.*$/s, '').trim();
  return redactText(firstLine ? `${code}: ${firstLine}` : code).slice(0, 200);
}
