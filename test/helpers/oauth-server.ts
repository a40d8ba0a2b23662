import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { Response as ExpressResponse } from 'express';
import { createOAuthMetadata, mcpAuthRouter } from '@modelcontextprotocol/sdk/server/auth/router.js';
import type {
  AuthorizationParams,
  OAuthServerProvider,
} from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import { InvalidGrantError, InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthClientInformationFull, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';

/**
 * A local OAuth 2.1 authorization server (the SDK's `mcpAuthRouter` with an auto-consenting provider)
 * in front of the real reference server (`server-everything` streamableHttp), behind a bearer check.
 *
 * Every secret it issues starts with `canary-` so tests can grep outputs for leaks.
 */
export type OAuthTestServer = {
  /** The protected MCP endpoint. */
  mcpUrl: string;
  issuerUrl: string;
  /** `eventStreams`: GET event streams opened with a valid token. */
  /** `register`: dynamic client registrations (RFC 7591). */
  counts: {
    refresh: number;
    authorize: number;
    revoke: number;
    tokenRequests: number;
    eventStreams: number;
    register: number;
  };
  /** Every token, code and client secret issued so far. */
  secrets(): string[];
  /** Access-token lifetime reported to clients (seconds). */
  setExpiresIn(seconds: number): void;
  /** Answer the token endpoint with this status (e.g. 503) until cleared with `undefined`. */
  failTokenEndpoint(status: number | undefined): void;
  /** Delay refresh responses, to widen race windows. */
  setRefreshDelay(ms: number): void;
  /** Invalidate every access token (the next request gets 401). */
  expireAccessTokens(): void;
  /** Cut every open GET event stream (the client reopens it, with whatever token it holds). */
  cutEventStreams(): void;
  /** Invalidate every refresh token (the next refresh gets invalid_grant). */
  revokeRefreshTokens(): void;
  /** A pre-registered confidential client (its secret is a canary). */
  registerClient(redirectUri: string): { clientId: string; clientSecret: string };
  /**
   * `tools/call` needs this scope: without it the MCP endpoint answers 403 `insufficient_scope`
   * with the scope to ask for (step-up authorization). `undefined` lifts the requirement.
   */
  requireToolScope(scope: string | undefined): void;
  /** Scopes granted by each authorization, in order. */
  grantedScopes: string[][];
  revokedTokens: string[];
  close(): Promise<void>;
};

export type OAuthTestServerOptions = {
  /**
   * How confidential clients authenticate at the token endpoint. The SDK's router knows only
   * `client_secret_post`; `client_secret_basic` is added here (metadata and header parsing), and
   * then a secret in the body is refused, so a test proves which one the client used.
   */
  clientAuth?: 'client_secret_post' | 'client_secret_basic';
};

export async function startOAuthTestServer(options: OAuthTestServerOptions = {}): Promise<OAuthTestServer> {
  const upstreamPort = await freePort();
  const everything = spawnEverything(upstreamPort);
  const issued: string[] = [];
  const counts = { refresh: 0, authorize: 0, revoke: 0, tokenRequests: 0, eventStreams: 0, register: 0 };
  const eventStreams = new Set<ExpressResponse>();
  const revokedTokens: string[] = [];
  const clients = new Map<string, OAuthClientInformationFull>();
  const codes = new Map<string, { clientId: string; params: AuthorizationParams }>();
  const access = new Map<string, { clientId: string; expiresAt: number; scopes: string[] }>();
  const refresh = new Map<string, { clientId: string; scopes: string[] }>();
  const grantedScopes: string[][] = [];
  let toolScope: string | undefined;
  let expiresIn = 3600;
  let failStatus: number | undefined;
  let refreshDelay = 0;
  const canary = (kind: string): string => {
    const value = `canary-${kind}-${randomBytes(12).toString('hex')}`;
    issued.push(value);
    return value;
  };
  const issueTokens = (clientId: string, scopes: string[]): OAuthTokens => {
    const accessToken = canary('at');
    const refreshToken = canary('rt');
    // The server honours tokens a little past their advertised life, so proactive refresh is observable.
    access.set(accessToken, { clientId, expiresAt: Date.now() + expiresIn * 1000 + 30_000, scopes });
    refresh.set(refreshToken, { clientId, scopes });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
    };
  };

  const clientsStore: OAuthRegisteredClientsStore = {
    getClient: (id) => clients.get(id),
    registerClient: (client) => {
      counts.register += 1;
      const full = {
        ...client,
        client_id: `client-${randomBytes(6).toString('hex')}`,
        client_id_issued_at: Math.floor(Date.now() / 1000),
      };
      if (full.client_secret) issued.push(full.client_secret);
      clients.set(full.client_id, full);
      return full;
    },
  };
  const provider: OAuthServerProvider = {
    clientsStore,
    async authorize(client, params, res: ExpressResponse) {
      counts.authorize += 1;
      const code = canary('code');
      codes.set(code, { clientId: client.client_id, params });
      const target = new URL(params.redirectUri);
      target.searchParams.set('code', code);
      if (params.state) target.searchParams.set('state', params.state);
      res.redirect(302, target.href);
    },
    async challengeForAuthorizationCode(_client, code) {
      const entry = codes.get(code);
      if (!entry) throw new InvalidGrantError('unknown code');
      return entry.params.codeChallenge;
    },
    async exchangeAuthorizationCode(client, code) {
      const entry = codes.get(code);
      if (!entry || entry.clientId !== client.client_id) throw new InvalidGrantError('unknown code');
      codes.delete(code);
      grantedScopes.push(entry.params.scopes ?? []);
      return issueTokens(client.client_id, entry.params.scopes ?? []);
    },
    async exchangeRefreshToken(client, refreshToken) {
      counts.refresh += 1;
      await new Promise((resolve) => setTimeout(resolve, refreshDelay));
      const entry = refresh.get(refreshToken);
      if (entry?.clientId !== client.client_id) throw new InvalidGrantError('refresh token invalid');
      // Rotation: a refresh token is single use (MCP authorization spec, "Token Theft").
      refresh.delete(refreshToken);
      return issueTokens(client.client_id, entry.scopes);
    },
    async verifyAccessToken(token) {
      const entry = access.get(token);
      if (!entry || entry.expiresAt < Date.now()) throw new InvalidTokenError('invalid token');
      return {
        token,
        clientId: entry.clientId,
        scopes: entry.scopes,
        expiresAt: Math.floor(entry.expiresAt / 1000),
      };
    },
    async revokeToken(_client, request) {
      counts.revoke += 1;
      revokedTokens.push(request.token);
      access.delete(request.token);
      refresh.delete(request.token);
    },
  };

  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const issuerUrl = `http://127.0.0.1:${port}/`;
  const mcpUrl = `http://127.0.0.1:${port}/mcp`;
  app.use('/token', (_req, res, next) => {
    counts.tokenRequests += 1;
    if (failStatus) res.status(failStatus).type('text/plain').send('temporarily unavailable');
    else next();
  });
  if (options.clientAuth === 'client_secret_basic') acceptBasicClientAuth(app, issuerUrl, provider);
  app.use(
    mcpAuthRouter({
      provider,
      issuerUrl: new URL(issuerUrl),
      resourceServerUrl: new URL(mcpUrl),
      authorizationOptions: { rateLimit: false },
      tokenOptions: { rateLimit: false },
      clientRegistrationOptions: { rateLimit: false },
      revocationOptions: { rateLimit: false },
    }),
  );
  const metadataUrl = `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`;
  app.all('/mcp', async (req, res) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    let scopes: string[];
    try {
      scopes = (await provider.verifyAccessToken(token)).scopes;
    } catch {
      res
        .status(401)
        .set('WWW-Authenticate', `Bearer error="invalid_token", resource_metadata="${metadataUrl}"`)
        .json({ error: 'invalid_token' });
      return;
    }
    const body = await readBody(req);
    if (toolScope && !scopes.includes(toolScope) && /"method"\s*:\s*"tools\/call"/.test(body.toString())) {
      const wanted = [...new Set([...scopes, toolScope])].join(' ');
      res
        .status(403)
        .set(
          'WWW-Authenticate',
          `Bearer error="insufficient_scope", scope="${wanted}", resource_metadata="${metadataUrl}"`,
        )
        .json({ error: 'insufficient_scope' });
      return;
    }
    if (req.method === 'GET') {
      counts.eventStreams += 1;
      eventStreams.add(res);
      res.on('close', () => eventStreams.delete(res));
    }
    const headers = { ...req.headers, host: `127.0.0.1:${upstreamPort}` };
    delete headers.authorization;
    const forward = httpRequest(
      { host: '127.0.0.1', port: upstreamPort, path: '/mcp', method: req.method, headers },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    forward.on('error', () => res.headersSent || res.status(502).end());
    forward.end(body);
  });
  await waitForPort(upstreamPort, everything);

  return {
    mcpUrl,
    issuerUrl,
    counts,
    secrets: () => [...issued],
    setExpiresIn: (seconds) => {
      expiresIn = seconds;
    },
    failTokenEndpoint: (status) => {
      failStatus = status;
    },
    setRefreshDelay: (ms) => {
      refreshDelay = ms;
    },
    expireAccessTokens: () => access.clear(),
    revokeRefreshTokens: () => refresh.clear(),
    cutEventStreams: () => {
      for (const stream of eventStreams) stream.destroy();
    },
    registerClient: (redirectUri) => {
      const clientId = `static-${randomBytes(6).toString('hex')}`;
      const clientSecret = canary('secret');
      clients.set(clientId, {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: options.clientAuth ?? 'client_secret_post',
      });
      return { clientId, clientSecret };
    },
    requireToolScope: (scope) => {
      toolScope = scope;
    },
    grantedScopes,
    revokedTokens,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      everything.kill('SIGTERM');
    },
  };
}

function readBody(req: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * `client_secret_basic` in front of the SDK's token and revocation endpoints: advertised in the
 * metadata, the `Authorization: Basic` credentials moved into the form body the SDK reads, and a
 * secret sent in the body refused (so the test knows which method the client used).
 */
function acceptBasicClientAuth(app: express.Express, issuerUrl: string, provider: OAuthServerProvider): void {
  const metadata = {
    ...createOAuthMetadata({ provider, issuerUrl: new URL(issuerUrl) }),
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
  };
  app.get('/.well-known/oauth-authorization-server', (_req, res) => res.json(metadata));
  app.use(['/token', '/revoke'], express.urlencoded({ extended: false }), (req, res, next) => {
    const body = req.body as Record<string, string | undefined>;
    if (body['client_secret']) {
      res.status(401).json({ error: 'invalid_client', error_description: 'use client_secret_basic' });
      return;
    }
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Basic ')) {
      const [id = '', secret = ''] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':');
      body['client_id'] = decodeURIComponent(id);
      body['client_secret'] = decodeURIComponent(secret);
    }
    next();
  });
}

function spawnEverything(port: number): ChildProcess {
  const entry = path.resolve('node_modules/@modelcontextprotocol/server-everything/dist/index.js');
  return spawn(process.execPath, [entry, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('server-everything exited');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/mcp`, {
        method: 'GET',
        signal: AbortSignal.timeout(1000),
      });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill('SIGTERM');
  throw new Error('server-everything did not start');
}
