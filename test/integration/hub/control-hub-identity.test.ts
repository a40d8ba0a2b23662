import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlHub } from '../../../electron/core/hub/control-hub.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let hub: ControlHub;
let socketPath: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  home = await createTempHome();
  hub = new ControlHub({ dataDir: home.dataDir, logger: silentLogger });
  socketPath = await hub.start();
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await hub.stop();
  await home.cleanup();
});

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

const hello = (key: string, pid: number) => ({
  v: 1,
  type: 'hello',
  server: { name: key, key },
  pid,
  upstream: 'https://mcp.example.com/mcp',
  transport: 'streamable-http',
  version: '0.1.0',
  startedAt: '2026-11-21T01:00:00.000Z',
});
const line = (message: object): string => `${JSON.stringify(message)}\n`;

function connect(): Promise<net.Socket> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath, () => resolve(socket));
    socket.on('error', () => undefined);
  });
}
const closed = (socket: net.Socket): Promise<void> =>
  new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

/**
 * A proxy stand-in in its own process (its own pid, so the peer check can pass): says hello for `key`,
 * reports `state`, acks every command, and announces `loginUrl` on `sign-in`.
 */
function peerProcess(socket: string, key: string, state: string, loginUrl: string): Promise<ChildProcess> {
  const script = `
    const net = require('node:net');
    const [socketPath, key, state, loginUrl] = process.argv.slice(1);
    const s = net.connect(socketPath, () => {
      const send = (m) => s.write(JSON.stringify({ v: 1, ...m }) + '\\n');
      send({ type: 'hello', server: { name: key, key }, pid: process.pid, upstream: 'u', transport: 'stdio', version: '0', startedAt: 'now' });
      send({ type: 'state', state, reason: 'r', message: 'm' });
      let buffer = '';
      s.setEncoding('utf8');
      s.on('data', (chunk) => {
        buffer += chunk;
        for (let nl; (nl = buffer.indexOf('\\n')) >= 0; buffer = buffer.slice(nl + 1)) {
          const c = JSON.parse(buffer.slice(0, nl));
          if (c.command === 'sign-in') send({ type: 'auth', kind: 'login_url', at: 'now', reason: 'r', authorizationUrl: loginUrl });
          send({ type: 'ack', id: c.id, command: c.command, ok: true, message: String(process.pid) });
        }
      });
      process.stdout.write('ready\\n');
    });`;
  const child = spawn(process.execPath, ['-e', script, socket, key, state, loginUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve) => child.stdout.once('data', () => resolve(child)));
}

describe('control hub: hostile lines and peer identity', () => {
  it('survives null, arrays, numbers and strings as messages and still binds a real proxy', async () => {
    const socket = await connect();
    socket.write('null\n[]\n42\n"hello"\ntrue\n{"v":1,"type":"hello"}\n');
    socket.write(line(hello('svc', process.pid)));
    await until(() => hub.liveStates().has('svc'));
    expect(hub.invalidMessages).toBe(6);
    socket.destroy();
  });

  it('refuses a pid that is not the process on the connection (checked with the socket peer)', async () => {
    const other = await peerProcess(socketPath, 'real', 'connected', 'https://as.example/real');
    await until(() => hub.liveStates().get('real')?.state === 'connected');
    const impostor = await connect();
    impostor.write(line(hello('real', other.pid!)));
    impostor.write(line({ v: 1, type: 'state', state: 'upstream-down', reason: 'r', message: 'fake' }));
    await closed(impostor);
    expect(hub.refusedHellos).toBe(1);
    expect(hub.liveStates().get('real')).toMatchObject({ state: 'connected', pid: other.pid, proxies: 1 });
    expect(hub.livePeers().map((peer) => [peer.pid, peer.pidCheck])).toEqual([[other.pid, 'peer']]);
  });

  it('refuses a second connection for a (key, pid) already held; the first keeps its state', async () => {
    const first = await connect();
    first.write(line(hello('svc', process.pid)));
    first.write(line({ v: 1, type: 'state', state: 'connected', reason: 'r', message: 'm' }));
    await until(() => hub.liveStates().get('svc')?.state === 'connected');
    const second = await connect();
    second.write(line(hello('svc', process.pid)));
    second.write(line({ v: 1, type: 'state', state: 'upstream-down', reason: 'r', message: 'm' }));
    await closed(second);
    expect(hub.liveStates().get('svc')).toMatchObject({ state: 'connected', proxies: 1 });
    first.destroy();
    await until(() => !hub.liveStates().has('svc'));
  });

  it('keeps one key per connection: 20,000 hellos under other keys leave one live entry', async () => {
    const socket = await connect();
    socket.write(line(hello('first', process.pid)));
    await until(() => hub.liveStates().has('first'));
    const burst = Array.from({ length: 20_000 }, (_, i) => line(hello(`ghost-${i}`, process.pid))).join('');
    socket.write(burst);
    await until(() => hub.refusedHellos === 20_000);
    expect([...hub.liveStates().keys()]).toEqual(['first']);
    socket.destroy();
    await until(() => hub.liveStates().size === 0);
  });

  it('aggregates several proxies of one key, each with its own state, and forgets each on disconnect', async () => {
    const healthy = await peerProcess(socketPath, 'svc', 'connected', 'https://as.example/healthy');
    const broken = await peerProcess(socketPath, 'svc', 'upstream-down', 'https://as.example/broken');
    await until(
      () =>
        hub.liveStates().get('svc')?.proxies === 2 &&
        hub.livePeers().every((p) => p.state !== 'reconnecting'),
    );
    expect(hub.liveStates().get('svc')).toMatchObject({
      state: 'upstream-down',
      pid: broken.pid,
      proxies: 2,
    });
    const states = Object.fromEntries(hub.livePeers().map((peer) => [peer.pid, peer.state]));
    expect(states).toEqual({ [healthy.pid!]: 'connected', [broken.pid!]: 'upstream-down' });
    const acks = await hub.sendCommand('svc', 'reconnect');
    expect(acks).toMatchObject({ ok: true });
    broken.kill('SIGKILL');
    await until(() => hub.liveStates().get('svc')?.proxies === 1);
    expect(hub.liveStates().get('svc')).toMatchObject({ state: 'connected', pid: healthy.pid });
  });

  it('routes sign-in to the proxy that needs auth and hands out only that proxy’s URL', async () => {
    await peerProcess(socketPath, 'svc', 'connected', 'https://as.example/wrong');
    await peerProcess(socketPath, 'svc', 'needs-auth', 'https://as.example/right');
    await peerProcess(socketPath, 'svc', 'connected', 'https://as.example/newest-but-fine');
    await until(
      () => hub.livePeers().length === 3 && hub.livePeers().every((p) => p.state !== 'reconnecting'),
    );
    await expect(hub.signIn('svc')).resolves.toEqual({
      ok: true,
      authorizationUrl: 'https://as.example/right',
    });
  });

  it('attributes nothing to a connection before its hello', async () => {
    const socket = await connect();
    socket.write('{"v":1,"type":"state","state":"connected","reason":"r","message":"m"}\n');
    await until(() => hub.invalidMessages === 1);
    expect(hub.livePeers()).toEqual([]);
    socket.destroy();
  });
});
