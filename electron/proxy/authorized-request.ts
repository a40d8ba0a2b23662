import { readBodyText, type HttpResponse } from './http-request.js';
import type { UpstreamAuth } from './upstream-auth.js';
import { UpstreamFailure } from './upstream-failure.js';

/**
 * Sends one upstream HTTP request and, when it is answered 401/403, asks the auth seam once: on
 * `retry` (a refresh or another process's rotation put new credentials in place) the request is
 * sent again with fresh headers. Every HTTP path goes through here: Streamable HTTP POSTs and the
 * GET event stream, and the legacy SSE stream and its POSTs, so an expired-but-refreshable token
 * never shows up as `auth_required` on one path while another would have refreshed it.
 *
 * `send` must build its headers anew on each call (they carry the token). Resolves with the final
 * answer, whatever its status, for the caller to classify; throws `auth_required` (a person must
 * sign in) or `unreachable` (the token endpoint is down: retryable, no person can help).
 */
export async function requestWithAuth(
  auth: UpstreamAuth,
  send: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  const response = await send();
  if (response.status !== 401 && response.status !== 403) return response;
  await readBodyText(response.body);
  const wwwAuthenticate = response.headers['www-authenticate'] ?? null;
  const outcome = await auth.onUnauthorized({
    status: response.status,
    wwwAuthenticate,
    ...(response.sentAuthorization === undefined
      ? {}
      : { rejectedAuthorization: response.sentAuthorization }),
  });
  if (outcome.kind === 'retry') return send();
  if (outcome.kind === 'unavailable')
    throw new UpstreamFailure({
      kind: 'unreachable',
      retryClass: 'R',
      message: outcome.message,
      httpStatus: response.status,
      retryAfterMs: outcome.retryAfterMs,
    });
  throw new UpstreamFailure({
    kind: 'auth_required',
    retryClass: 'R',
    message: outcome.message,
    httpStatus: response.status,
    ...(outcome.loginUrl ? { authorizationUrl: outcome.loginUrl } : {}),
  });
}
