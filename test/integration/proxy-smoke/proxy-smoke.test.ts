import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Smoke test of `tether proxy` as a black box (the full proxy-spec §14 matrix lives in test/integration/proxy/):
 * the real reference server, a real restart, one answer per id, a clean exit on stdin EOF.
 */
const SERVER = 'node_modules/@modelcontextprotocol/server-everything/dist/index.js';
/** TETHER_BIN lets the smoke run against another build of the CLI. */
const BIN = process.env['TETHER_BIN'] ?? 'bin/tether.mjs';

type Line = Record<string, unknown>;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function startServer(port: number): ChildProcess {
  return spawn('node', [SERVER, 'streamableHttp'], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not start');
}

function startProxy(home: TempHome, args: string[]) {
  const child = spawn('node', [BIN, 'proxy', '--name', 'smoke', ...args], {
    env: home.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Line[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) !== -1) {
      lines.push(JSON.parse(buffer.slice(0, nl)) as Line);
      buffer = buffer.slice(nl + 1);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const send = (message: Line): void => void child.stdin.write(JSON.stringify(message) + '\n');
  const answer = async (id: number | string): Promise<Line> => {
    for (let i = 0; i < 400; i += 1) {
      const found = lines.filter((line) => line['id'] === id);
      if (found.length > 0) return found[0]!;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no answer for ${id}; stderr:\n${stderr}`);
  };
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, send, answer, exited, stderr: () => stderr };
}

const init = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'smoke', version: '1' } },
};
const echo = (id: number, message: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'echo', arguments: { message } },
});

describe('tether proxy smoke', () => {
  let home: TempHome;
  const servers: ChildProcess[] = [];
  beforeEach(async () => {
    home = await createTempHome();
  });
  afterEach(async () => {
    for (const server of servers) server.kill('SIGKILL');
    await home.cleanup();
  });

  it('survives an upstream restart (stale session), answers every id once, exits 0 on stdin EOF', async () => {
    const port = await freePort();
    servers.push(startServer(port));
    await waitForPort(port);
    const proxy = startProxy(home, ['--budget', '15', `http://127.0.0.1:${port}/mcp`]);
    proxy.send(init);
    expect(await proxy.answer(1)).toHaveProperty('result.capabilities.tools.listChanged', true);
    proxy.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    proxy.send(echo(2, 'before'));
    expect(await proxy.answer(2)).toHaveProperty('result.content.0.text', 'Echo: before');
    servers[0]!.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    servers.push(startServer(port));
    await waitForPort(port);
    proxy.send(echo(3, 'after'));
    expect(await proxy.answer(3)).toHaveProperty('result.content.0.text', 'Echo: after');
    proxy.send({ jsonrpc: '2.0', id: 9, bogus: true });
    proxy.child.stdin.write('{not json\n');
    expect(await proxy.answer(9)).toHaveProperty('error.code', -32600);
    proxy.child.stdin.end();
    expect(await proxy.exited).toBe(0);
    const ids = proxy.lines.filter((line) => 'id' in line).map((line) => line['id']);
    expect(ids.filter((id) => id !== null).sort()).toEqual([1, 2, 3, 9]);
    expect(proxy.stderr()).toMatch(/session expired \(HTTP 4\d\d\); re-initialized in \d+ ms; replayed/);
  });

  it('answers a never-sent call with executed "no" when the upstream is down, without exiting', async () => {
    const port = await freePort();
    const proxy = startProxy(home, ['--budget', '1', `http://127.0.0.1:${port}/mcp`]);
    proxy.send(init);
    expect(await proxy.answer(1)).toHaveProperty('result.capabilities.tools.listChanged', true);
    proxy.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    proxy.send(echo(2, 'x'));
    const answer = await proxy.answer(2);
    expect(answer).toHaveProperty('result.isError', true);
    expect(answer).toHaveProperty('result._meta.tether.executed', 'no');
    expect(proxy.child.exitCode).toBeNull();
    proxy.child.stdin.end();
    expect(await proxy.exited).toBe(0);
  });

  it('falls back to legacy HTTP+SSE with --transport auto', async () => {
    const port = await freePort();
    servers.push(
      spawn('node', [SERVER, 'sse'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' }),
    );
    await waitForPort(port);
    const proxy = startProxy(home, [`http://127.0.0.1:${port}/sse`]);
    proxy.send(init);
    await proxy.answer(1);
    proxy.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    proxy.send(echo(2, 'legacy'));
    expect(await proxy.answer(2)).toHaveProperty('result.content.0.text', 'Echo: legacy');
    expect(proxy.stderr()).toContain('falling back to legacy HTTP+SSE');
    proxy.child.stdin.end();
    expect(await proxy.exited).toBe(0);
  });

  it('proxies a local stdio server', async () => {
    const proxy = startProxy(home, ['--', 'node', SERVER, 'stdio']);
    proxy.send(init);
    await proxy.answer(1);
    proxy.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    proxy.send(echo(2, 'child'));
    expect(await proxy.answer(2)).toHaveProperty('result.content.0.text', 'Echo: child');
    proxy.child.stdin.end();
    expect(await proxy.exited).toBe(0);
  });
});
