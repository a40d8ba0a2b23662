import type { LayerResult } from './doctor-types.js';
import { exchange, headerValue, type HttpExchange } from './http-exchange.js';

/** A parsed `WWW-Authenticate` challenge: scheme and auth-params. */
export type Challenge = { scheme: string; params: Record<string, string> };

/** Parses the first challenge of a `WWW-Authenticate` value (enough for `Bearer k="v", k2=v2`). */
export function parseChallenge(value: string): Challenge {
  const scheme = /^\s*([A-Za-z][\w-]*)/.exec(value)?.[1] ?? '';
  const params: Record<string, string> = {};
  const pattern = /([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]+))/g;
  for (const match of value.slice(scheme.length).matchAll(pattern)) {
    params[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? '';
  }
  return { scheme, params };
}

/** RFC 9728 §3.1: the well-known URI is inserted between host and path; the root form is the fallback. */
export function protectedResourceMetadataUrls(resource: URL): string[] {
  const path = resource.pathname === '/' ? '' : resource.pathname.replace(/\/$/, '');
  const urls = [`${resource.origin}/.well-known/oauth-protected-resource${path}`];
  if (path) urls.push(`${resource.origin}/.well-known/oauth-protected-resource`);
  return urls;
}

/** RFC 8414 authorization server metadata, then the OpenID Connect form some IdPs only serve. */
function authorizationServerMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}/.well-known/openid-configuration${path}`,
    `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
  ];
}

type Json = Record<string, unknown>;

/**
 * Auth discovery as an MCP client does it on 401: the challenge's `resource_metadata` (or the
 * well-known URIs), then the authorization server's metadata. Runs only when initialize got 401/403.
 */
export async function probeAuth(
  url: URL,
  initialize: HttpExchange | undefined,
  userSentAuth: boolean,
  timeoutMs: number,
): Promise<LayerResult> {
  const started = performance.now();
  const status = initialize?.status;
  if (status !== 401 && status !== 403) {
    const summary =
      status !== undefined && status < 300
        ? userSentAuth
          ? 'the supplied credentials were accepted'
          : 'no authentication required'
        : 'not probed (initialize did not get 401)';
    return {
      id: 'auth',
      verdict: status !== undefined && status < 300 && userSentAuth ? 'pass' : 'skip',
      summary,
      durationMs: 0,
    };
  }
  const headerText = headerValue(initialize!.headers, 'www-authenticate');
  const challenge = headerText ? parseChallenge(headerText) : undefined;
  const details: Json = { status, challenge: challenge ?? null };
  const done = (layer: Omit<LayerResult, 'id' | 'durationMs' | 'details'>): LayerResult => ({
    id: 'auth',
    durationMs: performance.now() - started,
    details,
    ...layer,
  });

  const candidates = challenge?.params['resource_metadata']
    ? [challenge.params['resource_metadata']]
    : protectedResourceMetadataUrls(url);
  const found = await firstJson(candidates, timeoutMs);
  details['resourceMetadataUrl'] = found?.url ?? null;
  if (!found) {
    return done({
      verdict: 'fail',
      summary: `HTTP ${status}${headerText ? '' : ' without WWW-Authenticate'}; no protected resource metadata at ${candidates.join(' or ')}`,
      remedy:
        'MCP clients discover where to log in from `WWW-Authenticate: Bearer resource_metadata="..."` and /.well-known/oauth-protected-resource (RFC 9728). Serve that document (resource, authorization_servers), or clients cannot start OAuth.',
    });
  }
  const resource = typeof found.body['resource'] === 'string' ? found.body['resource'] : undefined;
  const servers = Array.isArray(found.body['authorization_servers'])
    ? found.body['authorization_servers'].filter((entry): entry is string => typeof entry === 'string')
    : [];
  Object.assign(details, {
    resource: resource ?? null,
    authorizationServers: servers,
    scopesSupported: found.body['scopes_supported'] ?? null,
  });
  if (servers.length === 0) {
    return done({
      verdict: 'fail',
      summary: `metadata at ${found.url} lists no authorization_servers`,
      remedy:
        'Add authorization_servers to the protected resource metadata; clients need it to find the login.',
    });
  }
  const asMetadata = await firstJson(authorizationServerMetadataUrls(servers[0]!), timeoutMs);
  details['authorizationServerMetadataUrl'] = asMetadata?.url ?? null;
  details['registration'] = asMetadata?.body['registration_endpoint']
    ? 'dynamic client registration offered'
    : null;
  if (resource && !resourceMatches(resource, url)) {
    return done({
      verdict: 'warn',
      summary: `resource "${resource}" does not match ${url.origin}${url.pathname}`,
      remedy:
        'Clients ask for tokens for the advertised resource; a mismatch yields tokens with the wrong audience (401 after login). Make `resource` the MCP endpoint URL.',
    });
  }
  if (!asMetadata) {
    return done({
      verdict: 'warn',
      summary: `authorization server ${servers[0]} serves no metadata`,
      remedy:
        'Serve /.well-known/oauth-authorization-server (RFC 8414) or openid-configuration on the authorization server.',
    });
  }
  return done({
    verdict: 'pass',
    summary: `HTTP ${status} with discovery: resource ${resource ?? '?'}, authorization server ${servers[0]}`,
  });
}

function resourceMatches(resource: string, url: URL): boolean {
  try {
    const advertised = new URL(resource);
    return (
      advertised.origin === url.origin && url.pathname.startsWith(advertised.pathname.replace(/\/$/, ''))
    );
  } catch {
    return false;
  }
}

async function firstJson(
  urls: string[],
  timeoutMs: number,
): Promise<{ url: string; body: Json } | undefined> {
  for (const candidate of urls) {
    try {
      const answer = await exchange({
        url: new URL(candidate),
        method: 'GET',
        headers: { Accept: 'application/json' },
        timeoutMs,
      });
      if (answer.status !== 200) continue;
      const body: unknown = JSON.parse(answer.body);
      if (body && typeof body === 'object' && !Array.isArray(body))
        return { url: candidate, body: body as Json };
    } catch {
      // Unreachable or not JSON: try the next candidate, as clients do.
    }
  }
  return undefined;
}
