import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlSocketPath } from '../../../electron/core/control-socket-path.js';
import { encodeFrame, openRawWebSocket } from '../../helpers/raw-websocket.js';
import { stopChild } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';
import { fuzzControlSocket, fuzzWebSocketApi } from './fuzzers.js';
import {
  invokeOnce,
  rawStatusLine,
  rssOf,
  sendAndReset,
  startServe,
  type ServeProcess,
} from './serve-client.js';

/**
 * Hostile input against a real `tether serve`: every case that used to kill it, then two seeded
 * fuzzers (WebSocket API, control socket). The service must answer afterwards and give back its memory.
 */
describe('tether serve under hostile input', () => {
  let home: TempHome;
  let serve: ServeProcess;
  let baselineRss: number;

  beforeAll(async () => {
    home = await createTempHome();
    serve = await startServe(home);
    // Warm up every path once, so lazily loaded code is in the baseline.
    await invokeOnce(serve, 'app:info');
    await invokeOnce(serve, 'timeline:list');
    await new Promise((resolve) => setTimeout(resolve, 500));
    baselineRss = await rssOf(serve.child.pid!);
  });
  afterAll(async () => {
    await stopChild(serve?.child);
    await home?.cleanup();
  });

  const stillAnswers = async (): Promise<void> => {
    expect(serve.exited()).toBe(false);
    await expect(invokeOnce(serve, 'app:info')).resolves.toMatchObject({ ok: true });
  };

  it('survives WebSocket upgrades without a token or with a foreign Host that the client resets', async () => {
    const upgrade = (host: string, query: string): string =>
      `GET /api/ws${query} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    for (let round = 0; round < 40; round++) {
      const host = round % 2 === 0 ? `127.0.0.1:${serve.port}` : 'evil.example';
      await sendAndReset(serve.port, upgrade(host, round % 4 === 0 ? '?token=wrong' : ''), round % 5);
    }
    await stillAnswers();
  });

  it.each([
    ['a frame over the size limit', encodeFrame(Buffer.alloc(16), { declaredLength: 64 * 1024 * 1024 })],
    ['an unmasked frame', encodeFrame(Buffer.from('{"type":"invoke"}'), { mask: false })],
    ['invalid UTF-8 in a text frame', encodeFrame(Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]))],
    ['a reserved bit', encodeFrame(Buffer.from('{}'), { rsv: 4 })],
    ['a bad opcode', encodeFrame(Buffer.from('{}'), { opcode: 0x3 })],
    ['a fragmented control frame', encodeFrame(Buffer.from('x'), { opcode: 0x9, fin: false })],
  ])('survives %s (the socket is closed, the service stays)', async (_name, frame) => {
    const raw = await openRawWebSocket(serve.port, `/api/ws?token=${serve.token}`, {});
    raw.socket.write(frame);
    await raw.closed;
    await stillAnswers();
  });

  it('survives request targets and cookies that cannot be parsed', async () => {
    const get = (target: string, extra = ''): string =>
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\n${extra}\r\n`;
    expect(await rawStatusLine(serve.port, get('//a:99999'))).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawStatusLine(serve.port, get('/', 'Cookie: tether_token=%E0%A4%A\r\n'))).toMatch(
      /^HTTP\/1\.1 401/,
    );
    const upgrade = `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${serve.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`;
    expect(await rawStatusLine(serve.port, upgrade)).toMatch(/^HTTP\/1\.1 404/);
    await stillAnswers();
  });

  it('survives `null` and other non-messages on the control socket', async () => {
    const socket = net.connect(controlSocketPath(home.dataDir));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('null\n[]\n7\n"x"\n{"v":1}\n');
    socket.end();
    await new Promise((resolve) => socket.once('close', resolve));
    await stillAnswers();
  });

  it('WebSocket API fuzzer (seed 1207, 600 frames): every valid invoke answered once, service up', async () => {
    const outcome = await fuzzWebSocketApi({ port: serve.port, token: serve.token, seed: 1207, frames: 600 });
    expect(outcome.unanswered).toEqual([]);
    expect(outcome.validInvokes).toBeGreaterThan(50);
    expect(outcome.connections).toBeGreaterThan(5);
    await stillAnswers();
  });

  it('control socket fuzzer (seed 4711, 3,000 lines): nothing crashes, a real proxy still binds', async () => {
    const socketPath = controlSocketPath(home.dataDir);
    await fuzzControlSocket({ socketPath, seed: 4711, lines: 3000 });
    const proxy = net.connect(socketPath);
    await new Promise((resolve) => proxy.once('connect', resolve));
    proxy.write(
      `${JSON.stringify({
        v: 1,
        type: 'hello',
        server: { name: 'after-fuzz', key: 'after-fuzz' },
        pid: process.pid,
        upstream: 'https://mcp.example.com/mcp',
        transport: 'streamable-http',
        version: '0.1.0',
        startedAt: new Date().toISOString(),
      })}\n`,
    );
    await expect
      .poll(
        async () => {
          const result = (await invokeOnce(serve, 'timeline:list', { name: 'after-fuzz' })) as {
            data?: { timelines: { proxy?: { live: boolean } }[] };
          };
          return result.data?.timelines[0]?.proxy?.live;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    proxy.destroy();
  });

  it('afterwards answers a valid request and its RSS is back within 20 % of the start', async () => {
    await stillAnswers();
    let rss = await rssOf(serve.child.pid!);
    for (let i = 0; i < 40 && rss > baselineRss * 1.2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      rss = await rssOf(serve.child.pid!);
    }
    console.log(
      `serve RSS: ${(baselineRss / 1e6).toFixed(1)} MB at start, ${(rss / 1e6).toFixed(1)} MB after`,
    );
    expect(rss).toBeLessThanOrEqual(baselineRss * 1.2);
  });
});
