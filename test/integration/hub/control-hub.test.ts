import { stat } from 'node:fs/promises';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlHub } from '../../../electron/core/hub/control-hub.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { TimelineBuilder } from '../../../electron/core/timeline/build-timelines.js';
import type { LogEvent } from '../../../shared/log-events.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let hub: ControlHub;
const events: LogEvent[] = [];
beforeEach(async () => {
  home = await createTempHome();
  events.length = 0;
  hub = new ControlHub({
    dataDir: home.dataDir,
    logger: silentLogger,
    onEvent: (event) => events.push(event),
  });
});
afterEach(async () => {
  await hub.stop();
  await home.cleanup();
});

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

function fakeProxy(socketPath: string): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath, () => resolve(socket));
  });
}

const send = (socket: net.Socket, message: object): boolean =>
  socket.write(`${JSON.stringify({ v: 1, ...message })}\n`);
const hello = {
  type: 'hello',
  server: { name: 'svc', key: 'svc' },
  pid: process.pid,
  upstream: 'https://mcp.example.com/mcp',
  transport: 'streamable-http',
  version: '0.1.0',
  startedAt: '2026-11-21T01:00:00.000Z',
};

describe('control hub', () => {
  it('listens owner-only, validates messages, keeps live state and feeds the timeline', async () => {
    const socketPath = await hub.start();
    // Owner-only file mode is the POSIX guard; on Windows the control channel is a named pipe.
    if (process.platform !== 'win32') expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
    const proxy = await fakeProxy(socketPath);
    send(proxy, hello);
    send(proxy, { type: 'state', state: 'connected', reason: 'connected', message: 'upstream connected' });
    send(proxy, { type: 'activity', method: 'tools/call', tool: 'echo', durationMs: 12, outcome: 'ok' });
    proxy.write('not json\n');
    send(proxy, { type: 'state', state: 'bogus' });
    await until(() => events.length === 3 && hub.invalidMessages === 2);
    expect(events.map((event) => event.kind)).toEqual(['connecting', 'connected', 'tool_ok']);
    expect(hub.liveStates().get('svc')).toMatchObject({ state: 'connected', pid: process.pid });
    const builder = new TimelineBuilder();
    events.forEach((event) => builder.add(event));
    const [timeline] = builder.build({ live: hub.liveStates() });
    expect(timeline).toMatchObject({
      status: 'connected',
      inferred: false,
      proxy: { live: true, key: 'svc' },
    });
    proxy.destroy();
    await until(() => !hub.liveStates().has('svc'));
  });

  it('sends commands and resolves with the proxy ack; unknown proxies get a clear refusal', async () => {
    const proxy = await fakeProxy(await hub.start());
    proxy.setEncoding('utf8');
    proxy.on('data', (line: string) => {
      const command = JSON.parse(line) as { id: string; command: string };
      send(proxy, { type: 'ack', id: command.id, command: command.command, ok: true });
    });
    send(proxy, hello);
    await until(() => hub.liveStates().has('svc'));
    await expect(hub.sendCommand('svc', 'reset-session')).resolves.toMatchObject({
      ok: true,
      command: 'reset-session',
    });
    await expect(hub.sendCommand('other', 'reconnect')).resolves.toMatchObject({
      ok: false,
      message: 'no proxy connected for other',
    });
    proxy.destroy();
  });

  it('validates auth events like the others and classifies them for the timeline', async () => {
    const proxy = await fakeProxy(await hub.start());
    send(proxy, hello);
    const at = '2026-11-21T01:00:01.000Z';
    send(proxy, {
      type: 'auth',
      kind: 'token_refreshed',
      at,
      reason: 'the access token was about to expire',
    });
    send(proxy, {
      type: 'auth',
      kind: 'refresh_failed',
      at,
      reason: 'refresh request failed',
      httpStatus: 503,
    });
    send(proxy, { type: 'auth', kind: 'login_required', at, reason: 'refresh rejected: invalid_grant' });
    send(proxy, { type: 'auth', kind: 'token_stolen', at, reason: 'not a kind' });
    send(proxy, { type: 'auth', kind: 'revoked', at });
    await until(() => events.length === 4 && hub.invalidMessages === 2);
    expect(events.slice(1).map((event) => [event.kind, event.level])).toEqual([
      ['info', 'info'],
      ['error', 'warn'],
      ['auth_required', expect.any(String)],
    ]);
    expect(events[1]?.message).toBe('auth token_refreshed: the access token was about to expire');
    expect(events[2]?.message).toBe('auth refresh_failed: refresh request failed (HTTP 503)');
    proxy.destroy();
  });

  it('signIn: the proxy announces the URL before its ack; a refusal is passed on', async () => {
    const proxy = await fakeProxy(await hub.start());
    proxy.setEncoding('utf8');
    let refuse = false;
    proxy.on('data', (line: string) => {
      const command = JSON.parse(line) as { id: string; command: string };
      if (refuse) {
        send(proxy, {
          type: 'ack',
          id: command.id,
          command: command.command,
          ok: false,
          message: 'no OAuth',
        });
        return;
      }
      send(proxy, {
        type: 'auth',
        kind: 'login_url',
        at: '2026-11-21T01:00:02.000Z',
        reason: 'sign-in requested',
        authorizationUrl: 'https://as.example.com/authorize?client_id=c&state=s',
      });
      send(proxy, { type: 'ack', id: command.id, command: command.command, ok: true });
    });
    send(proxy, hello);
    await until(() => hub.liveStates().has('svc'));
    await expect(hub.signIn('svc')).resolves.toEqual({
      ok: true,
      authorizationUrl: 'https://as.example.com/authorize?client_id=c&state=s',
    });
    refuse = true;
    await expect(hub.signIn('svc')).resolves.toEqual({ ok: false, message: 'no OAuth' });
    proxy.destroy();
  });

  it('replaces a stale socket file but refuses to steal a live one', async () => {
    await hub.start();
    const second = new ControlHub({ dataDir: home.dataDir, logger: silentLogger });
    await expect(second.start()).rejects.toThrow(/another Tether service/);
  });
});
