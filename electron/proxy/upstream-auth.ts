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
};

export type UnauthorizedOutcome =
  /** New credentials are in place: resend the request once. */
  | { kind: 'retry' }
  /** A person must sign in; the request is answered with the `auth_required` error at once. */
  | { kind: 'auth_required'; message: string; loginUrl?: string };

export type UpstreamAuth = {
  /** Headers to add to the next upstream request (e.g. `Authorization`). */
  headers(): Promise<Record<string, string>>;
  onUnauthorized(response: UnauthorizedResponse): Promise<UnauthorizedOutcome>;
};

/** No credentials: 401 means a person must configure auth. */
export const noUpstreamAuth: UpstreamAuth = {
  headers: async () => ({}),
  onUnauthorized: async () => ({
    kind: 'auth_required',
    message: 'The server requires authentication and no credentials are configured.',
  }),
};
