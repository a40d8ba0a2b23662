import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { AuthEvents } from './auth-events.js';
import { nextAuthRecord } from './auth-record.js';
import type { AuthRecord } from './auth-record.js';
import { withRecordLock } from './record-lock.js';
import { timeoutFetch } from './timeout-fetch.js';

/** What `tether auth NAME --logout` did. */
export type LogoutResult = {
  /** There were stored tokens to remove. */
  hadTokens: boolean;
  /** The authorization server advertises a revocation endpoint (RFC 7009). */
  revocationSupported: boolean;
  /** Every token Tether held was revoked at the server. */
  revoked: boolean;
};

export type LogoutOptions = {
  dataDir: string;
  serverKey: string;
  fetchFn?: FetchLike;
  events?: AuthEvents;
};

/**
 * Revokes the server's tokens (RFC 7009, refresh token first: revoking it usually ends the grant) and
 * deletes them from the record, under the lock so a concurrent refresh cannot write them back.
 *
 * The record itself stays (URL, registration, discovery) so `tether auth NAME` can sign in again.
 */
export async function logout(options: LogoutOptions): Promise<LogoutResult> {
  const fetchFn = options.fetchFn ?? timeoutFetch(10_000);
  const result = await withRecordLock<LogoutResult>(options, async (record) => {
    if (!record?.tokens) return { result: { hadTokens: false, revocationSupported: false, revoked: false } };
    const metadata = record.discovery?.authorizationServerMetadata;
    // Only RFC 8414 metadata declares it; an OIDC discovery document may carry it too, untyped.
    const endpoint =
      metadata && 'revocation_endpoint' in metadata && typeof metadata.revocation_endpoint === 'string'
        ? metadata.revocation_endpoint
        : undefined;
    let revoked = false;
    if (endpoint) {
      const tokens = [
        ...(record.tokens.refresh_token ? [[record.tokens.refresh_token, 'refresh_token'] as const] : []),
        [record.tokens.access_token, 'access_token'] as const,
      ];
      const outcomes = await Promise.all(
        tokens.map(([token, hint]) => revoke(endpoint, record, token, hint, fetchFn)),
      );
      revoked = outcomes.every(Boolean);
    }
    const cleared = nextAuthRecord(record, { tokens: undefined, expiresAt: undefined, issuedAt: undefined });
    return { write: cleared, result: { hadTokens: true, revocationSupported: Boolean(endpoint), revoked } };
  });
  if (result.hadTokens) {
    options.events?.emit({
      kind: 'revoked',
      reason: result.revoked
        ? 'signed out: tokens revoked at the server and deleted'
        : result.revocationSupported
          ? 'signed out: revocation failed at the server; tokens deleted locally'
          : 'signed out: the server offers no revocation; tokens deleted locally',
    });
  }
  return result;
}

async function revoke(
  endpoint: string,
  record: AuthRecord,
  token: string,
  hint: 'access_token' | 'refresh_token',
  fetchFn: FetchLike,
): Promise<boolean> {
  const body = new URLSearchParams({ token, token_type_hint: hint });
  const client = record.clientInformation;
  if (client?.client_id) body.set('client_id', client.client_id);
  if (client?.client_secret) body.set('client_secret', client.client_secret);
  try {
    const response = await fetchFn(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
    await response.body?.cancel();
    // RFC 7009 §2.2: 200 also for tokens the server no longer knows.
    return response.ok;
  } catch {
    return false;
  }
}
