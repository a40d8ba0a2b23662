import type { OAuthUpstreamAuth } from '../../electron/proxy/auth/oauth-upstream-auth.js';

/**
 * Plays the browser for a provider that has no tokens yet: asks it for a login (as a 401 would),
 * follows the authorization URL against the test authorization server (which consents at once and
 * redirects to the provider's loopback callback), and resolves once the provider has stored tokens.
 */
export async function signInAsBrowser(auth: OAuthUpstreamAuth): Promise<void> {
  const signedIn = new Promise<void>((resolve) => auth.onCredentialsChanged(() => resolve()));
  const first = await auth.onUnauthorized({ status: 401, wwwAuthenticate: null });
  if (first.kind !== 'auth_required' || !first.loginUrl) throw new Error('no login URL');
  const authorize = await fetch(first.loginUrl, { redirect: 'manual' });
  await (await fetch(authorize.headers.get('location')!)).text();
  await signedIn;
}
