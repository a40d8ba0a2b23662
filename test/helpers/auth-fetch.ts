import type { UpstreamAuth } from '../../electron/proxy/upstream-auth.js';

/**
 * A `fetch` that drives an `UpstreamAuth` the way the proxy engine does: headers before every request,
 * `onUnauthorized` on 401, one replay on `retry`, and an `auth_required` or `unavailable` error otherwise.
 */
export class AuthRequiredError extends Error {
  constructor(
    message: string,
    readonly loginUrl: string | undefined,
  ) {
    super(message);
  }
}

/** The credentials could not be renewed for now (token endpoint down): retry later, no sign-in. */
export class AuthUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export function fetchWithUpstreamAuth(auth: UpstreamAuth): typeof fetch {
  const send = async (input: string | URL | Request, init: RequestInit | undefined): Promise<Response> => {
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(await auth.headers())) headers.set(name, value);
    return fetch(input, { ...init, headers });
  };
  return async (input, init) => {
    const first = await send(input, init);
    if (first.status !== 401) return first;
    await first.body?.cancel();
    const outcome = await auth.onUnauthorized({
      status: 401,
      wwwAuthenticate: first.headers.get('www-authenticate'),
    });
    if (outcome.kind === 'auth_required') throw new AuthRequiredError(outcome.message, outcome.loginUrl);
    if (outcome.kind === 'unavailable') throw new AuthUnavailableError(outcome.message, outcome.retryAfterMs);
    return send(input, init);
  };
}
