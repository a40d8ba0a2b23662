import { request } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { silentLogger } from '../../../electron/core/logger.js';
import {
  startHeadlessDashboard,
  type HeadlessDashboard,
} from '../../../electron/server/headless-dashboard.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

const rendererDir = path.resolve('dist/renderer');

type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A raw HTTP GET where the test controls every header, Host included. */
function rawGet(port: number, pathAndQuery: string, headers: Record<string, string>): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathAndQuery, headers, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket and reports either its first frame or the HTTP status of the refused upgrade. */
function tryWebSocket(
  url: string,
  headers: Record<string, string>,
): Promise<{ status?: number; frame?: unknown }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      socket.terminate();
    });
    socket.on('message', (data: Buffer) => {
      resolve({ frame: JSON.parse(data.toString()) as unknown });
      socket.close();
    });
    socket.on('error', () => resolve({ status: -1 }));
  });
}

describe('headless dashboard web server', () => {
  let home: TempHome;
  let dashboard: HeadlessDashboard;
  let port: number;
  let token: string;
  let own: string;

  beforeAll(async () => {
    home = await createTempHome();
    dashboard = await startHeadlessDashboard({
      dataDir: home.dataDir,
      rendererDir,
      logger: silentLogger,
      pathEnv: { env: home.env, platform: process.platform, homeDir: home.home },
    });
    ({ port, token } = dashboard.web);
    own = `127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await dashboard.stop();
    await home.cleanup();
  });

  it('binds loopback and prints a URL with the token', () => {
    expect(dashboard.web.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
  });

  it('trades the token in the URL for the cookie and drops it from the address bar', async () => {
    const response = await rawGet(port, `/?token=${token}`, { host: own });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    expect(String(response.headers['set-cookie'])).toContain(
      `tether_token=${token}; HttpOnly; SameSite=Strict`,
    );
  });

  it('serves the page by cookie with a strict CSP', async () => {
    const response = await rawGet(port, '/', { host: own, cookie: `tether_token=${token}` });
    expect(response.status).toBe(200);
    expect(response.body).toContain('<div id="root">');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('opens with a one-time code: exchanged once for the cookie, refused the second time', async () => {
    const opened = new URL(dashboard.web.oneTimeUrl());
    expect(opened.search).not.toContain(token);
    const code = opened.searchParams.get('code');
    expect(code).toMatch(/^[\w-]{32}$/);
    const first = await rawGet(port, `/?code=${code}`, { host: own });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(String(first.headers['set-cookie'])).toContain(`tether_token=${token}; HttpOnly; SameSite=Strict`);
    const again = await rawGet(port, `/?code=${code}`, { host: own });
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await rawGet(port, '/?code=guessed', { host: own })).status).toBe(401);
    const foreign = await rawGet(
      port,
      `/?code=${new URL(dashboard.web.oneTimeUrl()).searchParams.get('code')}`,
      {
        host: `attacker.example:${port}`,
      },
    );
    expect(foreign.status).toBe(403);
  });

  it('refuses requests without the token', async () => {
    const response = await rawGet(port, '/', { host: own });
    expect(response.status).toBe(401);
    expect(response.body).not.toContain('<div id="root">');
  });

  it('refuses a wrong token, also for assets', async () => {
    expect((await rawGet(port, '/?token=wrong', { host: own })).status).toBe(401);
    expect(
      (await rawGet(port, '/assets/anything.js', { host: own, cookie: 'tether_token=wrong' })).status,
    ).toBe(401);
  });

  it('refuses a foreign Host even with the right token (DNS rebinding)', async () => {
    const response = await rawGet(port, `/?token=${token}`, { host: `attacker.example:${port}` });
    expect(response.status).toBe(403);
  });

  it('refuses HTTP requests with a foreign Origin', async () => {
    const response = await rawGet(port, `/?token=${token}`, {
      host: own,
      origin: 'https://attacker.example',
    });
    expect(response.status).toBe(403);
  });

  it('refuses traversal out of the renderer folder', async () => {
    const response = await rawGet(port, `/..%2f..%2fpackage.json`, {
      host: own,
      cookie: `tether_token=${token}`,
    });
    expect(response.status).toBe(404);
  });

  it('answers the typed API over a WebSocket with the cookie', async () => {
    const socket = new WebSocket(`ws://${own}/api/ws`, {
      headers: { cookie: `tether_token=${token}`, origin: `http://${own}` },
    });
    const frames: unknown[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString())));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'app:info', request: {} }));
    socket.send('not json at all');
    socket.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'nope:nothing', request: {} }));
    await expect.poll(() => frames.length).toBe(3);
    socket.close();
    expect(frames[0]).toMatchObject({ type: 'event', event: 'service:ready' });
    // Answers may arrive in any order; each id gets exactly one.
    const byId = new Map(frames.slice(1).map((frame) => [(frame as { id: number }).id, frame]));
    expect(byId.size).toBe(2);
    expect(byId.get(7)).toEqual({
      type: 'result',
      id: 7,
      result: {
        ok: true,
        data: expect.objectContaining({
          dataDir: home.dataDir,
          mode: 'headless',
          version: expect.any(String),
        }),
      },
    });
    expect(byId.get(8)).toMatchObject({
      type: 'result',
      id: 8,
      result: { ok: false, error: { code: 'unknown_channel' } },
    });
  });

  it('refuses a WebSocket without a token', async () => {
    expect(await tryWebSocket(`ws://${own}/api/ws`, {})).toEqual({ status: 401 });
  });

  it('refuses a WebSocket with a wrong token', async () => {
    expect(await tryWebSocket(`ws://${own}/api/ws?token=nope`, {})).toEqual({ status: 401 });
  });

  it('refuses a WebSocket from a foreign Origin even with the right token', async () => {
    const result = await tryWebSocket(`ws://${own}/api/ws?token=${token}`, {
      origin: 'https://attacker.example',
    });
    expect(result).toEqual({ status: 403 });
  });

  it('refuses a WebSocket with a foreign Host', async () => {
    const result = await tryWebSocket(`ws://${own}/api/ws?token=${token}`, { host: 'attacker.example' });
    expect(result).toEqual({ status: 403 });
  });
});
