import { randomBytes } from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { authRecordPath, readAuthRecord } from './auth-record.js';
import type { AuthRecord } from './auth-record.js';
import type { AuthEvents } from './auth-events.js';
import { listenForCallback } from './loopback-callback.js';
import { createRecordOAuthProvider } from './record-oauth-provider.js';
import { describeError } from './token-refresh.js';

/**
 * One browser login: authorization code + PKCE with a loopback callback (RFC 8252), the `resource`
 * indicator (RFC 8707), discovery (RFC 9728, RFC 8414 / OIDC) and dynamic registration (RFC 7591),
 * all through the SDK's `auth()`.
 *
 * Starting a session never waits for the person: it returns the URL to open; `completed` settles
 * when the browser comes back (or the session times out), with the tokens already stored.
 */
export type LoginSessionOptions = {
  dataDir: string;
  serverKey: string;
  serverUrl: string;
  clientId?: string;
  clientSecret?: string;
  /** Scope to request (e.g. from a `WWW-Authenticate` challenge); otherwise the server's advertised scopes. */
  scope?: string;
  resourceMetadataUrl?: string;
  /** Loopback port for the callback; 0 picks a free one (pre-registered clients usually need a fixed one). */
  callbackPort?: number;
  /** How long the person has to finish in the browser. */
  timeoutMs?: number;
  fetchFn?: FetchLike;
  events?: AuthEvents;
  now?: () => number;
};

export type LoginSession = {
  authorizationUrl: string;
  /** Settles with the stored record once tokens are issued; rejects on refusal, timeout or cancel. */
  completed: Promise<AuthRecord>;
  /** When this session's URL stops working (epoch ms). */
  expiresAt: number;
  cancel(): Promise<void>;
};

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Prepares a login and returns the URL to open; never opens a browser itself. */
export async function startLoginSession(options: LoginSessionOptions): Promise<LoginSession> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const state = randomBytes(24).toString('base64url');
  const callback = await listenForCallback({
    state,
    ...(options.callbackPort ? { port: options.callbackPort } : {}),
  });
  const provider = createRecordOAuthProvider({
    dataDir: options.dataDir,
    serverKey: options.serverKey,
    serverUrl: options.serverUrl,
    redirectUrl: callback.redirectUrl,
    state,
    now,
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
  });
  const authOptions = {
    serverUrl: options.serverUrl,
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.resourceMetadataUrl ? { resourceMetadataUrl: new URL(options.resourceMetadataUrl) } : {}),
    ...(options.fetchFn ? { fetchFn: options.fetchFn } : {}),
  };

  let authorizationUrl: URL | undefined;
  try {
    const result = await auth(provider, authOptions);
    authorizationUrl = provider.authorizationUrl();
    if (result !== 'REDIRECT' || !authorizationUrl)
      throw new Error('the server did not ask for a browser login');
  } catch (error) {
    await callback.close();
    throw new Error(`could not prepare sign-in: ${describeError(error)}`);
  }

  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('sign-in timed out')), timeoutMs);
    timer.unref();
  });
  const completed = (async (): Promise<AuthRecord> => {
    try {
      const code = await Promise.race([callback.code, timedOut]);
      options.events?.emit({
        kind: 'consent',
        reason: 'the authorization server granted access in the browser',
      });
      try {
        await auth(provider, { ...authOptions, authorizationCode: code });
      } catch (error) {
        throw new Error(`code exchange failed: ${describeError(error)}`);
      }
      const record = await readAuthRecord(authRecordPath(options.dataDir, options.serverKey));
      if (!record?.tokens) throw new Error('the server issued no tokens');
      options.events?.emit({
        kind: 'token_issued',
        reason: 'signed in',
        ...(record.expiresAt ? { expiresAt: new Date(record.expiresAt).toISOString() } : {}),
      });
      return record;
    } finally {
      clearTimeout(timer);
      await callback.close();
    }
  })();
  completed.catch(() => undefined);
  return {
    authorizationUrl: authorizationUrl.href,
    completed,
    expiresAt: now() + timeoutMs,
    cancel: () => callback.close(),
  };
}
