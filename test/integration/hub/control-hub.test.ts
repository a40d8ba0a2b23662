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
  pid: 4242,
  upstream: 'https://mcp.example.com/mcp',
  transport: 'streamable-http',
  version: '0.1.0',
  startedAt: '2026-11-21T01:00:00.000Z',
};

describe('control hub', () => {
  it('listens owner-only, validates messages, keeps live state and feeds the timeline', async () => {
    const socketPath = await hub.start();
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
    const proxy = await fakeProxy(socketPath);
    send(proxy, hello);
    send(proxy, { type: 'state', state: 'connected', reason: 'connected', message: 'upstream connected' });
    send(proxy, { type: 'activity', method: 'tools/call', tool: 'echo', durationMs: 12, outcome: 'ok' });
    proxy.write('not json\n');
    send(proxy, { type: 'state', state: 'bogus' });
    await until(() => events.length === 3 && hub.invalidMessages === 2);
    expect(events.map((event) => event.kind)).toEqual(['connecting', 'connected', 'tool_ok']);
    expect(hub.liveStates().get('svc')).toMatchObject({ state: 'connected', pid: 4242 });
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

  it('replaces a stale socket file but refuses to steal a live one', async () => {
    await hub.start();
    const second = new ControlHub({ dataDir: home.dataDir, logger: silentLogger });
    await expect(second.start()).rejects.toThrow(/another Tether service/);
  });
});
