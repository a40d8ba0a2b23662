import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStreamLogger } from '../../../electron/core/logger.js';
import { createOAuthUpstreamAuth } from '../../../electron/proxy/auth/oauth-upstream-auth.js';
import { runProxy } from '../../../electron/proxy/run-proxy.js';
import type { UpstreamAuth } from '../../../electron/proxy/upstream-auth.js';
import type { ProxyErrorData } from '../../../shared/proxy-errors.js';
import { startOAuthTestServer } from '../../helpers/oauth-server.js';
import type { OAuthTestServer } from '../../helpers/oauth-server.js';
import { createTempHome } from '../../helpers/temp-home.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { signInAsBrowser } from '../../helpers/oauth-sign-in.js';

let home: TempHome;
let server: OAuthTestServer;

beforeAll(async () => {
  home = await createTempHome('tether-auth-proxy-');
  server = await startOAuthTestServer();
});

afterAll(async () => {
  await server.close();
  await home.cleanup();
});

it('through the real proxy: a 401 mid-session is refreshed and replayed with no client-visible error', async () => {
  const log: string[] = [];
  const logger = createStreamLogger({ level: 'debug', write: (line) => log.push(line) });
  const auth = createOAuthUpstreamAuth({
    serverKey: 'everything',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger,
    openBrowser: false,
  });
  await signInAsBrowser(auth);

  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const replies = new Map<number, unknown>();
  let buffer = '';
  stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const message = JSON.parse(line) as { id?: number };
      if (typeof message.id === 'number') replies.set(message.id, message);
    }
  });
  const reply = async (id: number): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + 20_000;
    while (!replies.has(id) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return replies.get(id) as Record<string, unknown>;
  };
  const send = (message: object): boolean =>
    stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  const running = runProxy({
    name: 'everything',
    target: { kind: 'url', url: new URL(server.mcpUrl), label: server.mcpUrl },
    headers: {},
    auth,
    ipv4: false,
    budgetMs: 10_000,
    deadlineMs: 20_000,
    toolDeadlineMs: 20_000,
    retryableTools: new Set(),
    dataDir: home.dataDir,
    version: 'test',
    logger,
    stdin,
    stdout,
  });
  send({
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  });
  expect(await reply(1)).toHaveProperty('result');
  send({ method: 'notifications/initialized' });
  send({ id: 2, method: 'tools/list' });
  expect(await reply(2)).toHaveProperty('result');
  server.expireAccessTokens();
  send({
    id: 3,
    method: 'tools/call',
    params: { name: 'echo', arguments: { message: 'through the proxy' } },
  });
  const called = await reply(3);
  expect(JSON.stringify(called)).toContain('through the proxy');
  expect(JSON.stringify(called)).not.toContain('isError":true');
  expect(server.counts.refresh).toBe(1);
  stdin.end();
  await running;
  await auth.close();

  // Journals and logs never carry the canaries.
  const journals = await readdir(home.dataDir, { recursive: true });
  const texts = await Promise.all(
    journals
      .filter((file) => !file.startsWith('auth'))
      .map((file) => readFile(path.join(home.dataDir, file), 'utf8').catch(() => '')),
  );
  const visible = [...log, ...texts].join('\n');
  for (const secret of server.secrets()) expect(visible).not.toContain(secret);
});

type InProcessProxy = {
  request(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
};

/** `runProxy` in this process with stdin/stdout as streams: lets a test see what shutdown leaves behind. */
function startInProcessProxy(name: string, auth: UpstreamAuth): InProcessProxy {
  const logger = createStreamLogger({ level: 'warn', write: () => undefined });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const replies = new Map<number, Record<string, unknown>>();
  let buffer = '';
  let nextId = 1;
  stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, nl)) as { id?: number };
      buffer = buffer.slice(nl + 1);
      if (typeof message.id === 'number') replies.set(message.id, message);
    }
  });
  const running = runProxy({
    name,
    target: { kind: 'url', url: new URL(server.mcpUrl), label: server.mcpUrl },
    headers: {},
    auth,
    ipv4: false,
    budgetMs: 2_000,
    deadlineMs: 20_000,
    toolDeadlineMs: 20_000,
    retryableTools: new Set(),
    dataDir: home.dataDir,
    version: 'test',
    logger,
    stdin,
    stdout,
  });
  return {
    async request(method, params) {
      const id = nextId++;
      stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) })}\n`);
      const deadline = Date.now() + 20_000;
      while (!replies.has(id) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      const reply = replies.get(id);
      if (!reply) throw new Error(`no answer to ${method}`);
      return reply;
    },
    async stop() {
      stdin.end();
      await running;
    },
  };
}

const INIT = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } };

function tetherError(reply: Record<string, unknown>): ProxyErrorData | undefined {
  const result = reply['result'] as { _meta?: { tether?: ProxyErrorData } } | undefined;
  const error = reply['error'] as { data?: { tether?: ProxyErrorData } } | undefined;
  return result?._meta?.tether ?? error?.data?.tether;
}

it('a token endpoint outage answers upstream_unavailable (retryable, no sign-in URL), then recovers', async () => {
  const logger = createStreamLogger({ level: 'warn', write: () => undefined });
  const auth = createOAuthUpstreamAuth({
    serverKey: 'outage',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger,
    openBrowser: false,
    backoff: { baseMs: 200, maxMs: 1_000 },
  });
  await signInAsBrowser(auth);
  const proxy = startInProcessProxy('outage', auth);
  try {
    expect(await proxy.request('initialize', INIT)).toHaveProperty('result');
    const authorizeBefore = server.counts.authorize;
    server.failTokenEndpoint(503);
    server.expireAccessTokens();
    const failed = await proxy.request('tools/call', { name: 'echo', arguments: { message: 'outage' } });
    const error = tetherError(failed);
    expect(error?.reason).toBe('upstream_unavailable');
    expect(error?.executed).toBe('no');
    expect(error?.retryable).toBe(true);
    expect(error?.authorizationUrl).toBeUndefined();
    expect(server.counts.authorize).toBe(authorizeBefore);
    server.failTokenEndpoint(undefined);
    let recovered: Record<string, unknown> | undefined;
    for (let tries = 0; tries < 20 && !recovered; tries += 1) {
      const reply = await proxy.request('tools/call', { name: 'echo', arguments: { message: 'back' } });
      if (!tetherError(reply)) recovered = reply;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(JSON.stringify(recovered)).toContain('back');
  } finally {
    server.failTokenEndpoint(undefined);
    await proxy.stop();
  }
});

it('shutdown closes the auth provider: a pending sign-in callback stops listening', async () => {
  const logger = createStreamLogger({ level: 'warn', write: () => undefined });
  const auth = createOAuthUpstreamAuth({
    serverKey: 'pending',
    serverUrl: server.mcpUrl,
    dataDir: home.dataDir,
    logger,
    openBrowser: false,
  });
  const proxy = startInProcessProxy('pending', auth);
  expect(await proxy.request('initialize', INIT)).toHaveProperty('result');
  const denied = await proxy.request('tools/call', { name: 'echo', arguments: { message: 'x' } });
  const loginUrl = tetherError(denied)?.authorizationUrl;
  expect(loginUrl).toMatch(/\/authorize\?/);
  const callbackPort = Number(new URL(new URL(loginUrl!).searchParams.get('redirect_uri')!).port);
  expect(await canConnect(callbackPort)).toBe(true);
  const started = Date.now();
  await proxy.stop();
  expect(Date.now() - started).toBeLessThan(3_000);
  expect(await canConnect(callbackPort)).toBe(false);
});

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
