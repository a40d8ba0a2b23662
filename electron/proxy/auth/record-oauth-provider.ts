import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { readAuthRecord, authRecordPath, withIssuedTokens } from './auth-record.js';
import type { AuthRecord } from './auth-record.js';
import { updateRecord } from './record-lock.js';

/**
 * The SDK's `OAuthClientProvider` for one browser login, backed by the server's auth record.
 *
 * Used only to drive `auth()` through discovery, registration, the authorization URL and the code
 * exchange. `tokens()` deliberately reports none: refreshing is `token-refresh.ts`'s job, because
 * `auth()` turns a failed refresh into a new browser login.
 */
export type RecordProviderOptions = {
  dataDir: string;
  serverKey: string;
  serverUrl: string;
  redirectUrl: string;
  state: string;
  /** A client id registered with the authorization server out of band; skips dynamic registration. */
  clientId?: string;
  clientSecret?: string;
  now: () => number;
};

export type RecordOAuthProvider = OAuthClientProvider & {
  /** The authorization URL `auth()` produced, once it has. */
  authorizationUrl(): URL | undefined;
};

/** Creates the provider for one login attempt. */
export function createRecordOAuthProvider(options: RecordProviderOptions): RecordOAuthProvider {
  const { dataDir, serverKey, serverUrl } = options;
  const file = authRecordPath(dataDir, serverKey);
  const lockOptions = { dataDir, serverKey, serverUrl };
  let verifier: string | undefined;
  let authorizationUrl: URL | undefined;
  const update = (change: (record: AuthRecord) => Partial<AuthRecord>): Promise<AuthRecord> =>
    updateRecord(lockOptions, change);

  const clientMetadata: OAuthClientMetadata = {
    client_name: 'Tether',
    redirect_uris: [options.redirectUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    // A desktop tool cannot keep a secret: register as a public client and rely on PKCE.
    token_endpoint_auth_method: options.clientSecret ? 'client_secret_post' : 'none',
  };

  return {
    get redirectUrl() {
      return options.redirectUrl;
    },
    get clientMetadata() {
      return clientMetadata;
    },
    state: () => options.state,
    async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
      const stored = (await readAuthRecord(file))?.clientInformation;
      if (options.clientId) {
        const secret = options.clientSecret ? { client_secret: options.clientSecret } : {};
        if (stored?.client_id === options.clientId) return { ...stored, ...secret };
        return { client_id: options.clientId, ...secret };
      }
      // Bound to another redirect: register again. Another loopback port is not another redirect
      // (RFC 8252 §7.3: the server accepts any port there), so the client of the last login is kept.
      if (
        stored &&
        'redirect_uris' in stored &&
        !stored.redirect_uris.some((uri) => sameLoopbackRedirect(uri, options.redirectUrl))
      )
        return undefined;
      return stored;
    },
    async saveClientInformation(information) {
      // The SDK saves a pre-registered client back (stamped with its issuer): keep the stamp, never
      // the secret, which comes from the environment each time and must not sit in a file.
      const stored = { ...information };
      if (options.clientId) delete stored.client_secret;
      await update(() => ({ clientInformation: stored }));
    },
    tokens: (): OAuthTokens | undefined => undefined,
    async saveTokens(tokens) {
      await update(() => withIssuedTokens(tokens, options.now()));
    },
    redirectToAuthorization(url) {
      // Never opened from here: the caller decides whether a browser is appropriate.
      authorizationUrl = url;
    },
    saveCodeVerifier(codeVerifier) {
      verifier = codeVerifier;
    },
    codeVerifier() {
      if (!verifier) throw new Error('no PKCE verifier for this login');
      return verifier;
    },
    async invalidateCredentials(scope) {
      if (scope === 'verifier') {
        verifier = undefined;
        return;
      }
      await update((record) => ({
        ...(scope === 'all' || scope === 'client' ? { clientInformation: undefined } : {}),
        ...(scope === 'all' || scope === 'tokens'
          ? { tokens: undefined, expiresAt: undefined, issuedAt: undefined }
          : {}),
        ...(scope === 'all' || scope === 'discovery' ? { discovery: undefined } : {}),
        ...(record.serverUrl === serverUrl ? {} : { serverUrl }),
      }));
    },
    async saveDiscoveryState(state) {
      await update(() => ({ discovery: state }));
    },
    async discoveryState(): Promise<OAuthDiscoveryState | undefined> {
      const record = await readAuthRecord(file);
      return record?.serverUrl === serverUrl ? record.discovery : undefined;
    },
    authorizationUrl: () => authorizationUrl,
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Equal, or the same loopback redirect on another port (scheme, host, path and query equal). */
export function sameLoopbackRedirect(registered: string, wanted: string): boolean {
  if (registered === wanted) return true;
  try {
    const a = new URL(registered);
    const b = new URL(wanted);
    return (
      LOOPBACK_HOSTS.has(a.hostname) &&
      a.hostname === b.hostname &&
      a.protocol === b.protocol &&
      a.pathname === b.pathname &&
      a.search === b.search
    );
  } catch {
    return false;
  }
}
