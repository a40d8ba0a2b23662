import type { AuthEvent } from './auth/auth-events.js';

/**
 * How the proxy gets credentials for its upstream; the seam between the proxy engine and auth.
 *
 * The proxy engine calls `headers()` before every upstream HTTP request and `onUnauthorized()` when
 * the upstream answers 401 (or 403 with `insufficient_scope`). Implementations: static headers from
 * `--header` (with `${ENV}` expansion) and the OAuth 2.1 provider in `electron/proxy/auth/`.
 * Credential values never leave this seam in clear: not in logs, journals or socket events.
 */
export type UnauthorizedResponse = {
  status: number;
  /** The raw `WWW-Authenticate` header, if any. */
  wwwAuthenticate: string | null;
  /** The `Authorization` value the rejected request carried (to tell a stale token from the current one). */
  rejectedAuthorization?: string;
};

export type UnauthorizedOutcome =
  /** New credentials are in place: resend the request once. */
  | { kind: 'retry' }
  /** A person must sign in; the request is answered with the `auth_required` error at once. */
  | { kind: 'auth_required'; message: string; loginUrl?: string }
  /**
   * The credentials are fine but cannot be renewed right now (token endpoint down): no person can
   * help, so the request is answered `upstream_unavailable` (retryable), not `auth_required`.
   */
  | { kind: 'unavailable'; message: string; retryAfterMs: number };

/** Why the proxy should re-initialize: a sign-in completed, or the credentials went away. */
export type CredentialsChange = { reason: 'signed_in' | 'signed_out' };

export type UpstreamAuth = {
  /** Headers to add to the next upstream request (e.g. `Authorization`). */
  headers(): Promise<Record<string, string>>;
  onUnauthorized(response: UnauthorizedResponse): Promise<UnauthorizedOutcome>;
  /** Sign-in or sign-out seen (here or in another process); returns the unsubscribe function. */
  onCredentialsChanged?(listener: (change: CredentialsChange) => void): () => void;
  /** Security activity to journal and send to the service; never carries a credential. */
  events?: { on(listener: (event: AuthEvent) => void): () => void };
  /** Prepares a browser login (service command `sign-in`) and resolves with the URL to open. */
  signIn?(): Promise<{ authorizationUrl: string } | { error: string }>;
  /** Stops timers, watches and pending logins (proxy shutdown). */
  close?(): Promise<void>;
};

/** No credentials: 401 means a person must configure auth. */
export const noUpstreamAuth: UpstreamAuth = {
  headers: async () => ({}),
  onUnauthorized: async () => ({
    kind: 'auth_required',
    message: 'The server requires authentication and no credentials are configured.',
  }),
};
