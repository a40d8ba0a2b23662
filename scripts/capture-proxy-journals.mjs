// Captures real `tether proxy` journals for test/fixtures/logs/tether/: the built CLI (`npm run build`)
// in front of the real reference server (@modelcontextprotocol/server-everything, Streamable HTTP), driven
// over stdio as an MCP client would, with real faults between calls. `node scripts/capture-proxy-journals.mjs
// [scenario ...]`. Each journal is copied with the loopback port replaced by 41000.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const serverEntry = path.join(
  path.dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The reference server on a fixed port; `stop` kills it like a crash, `start` brings a new process. */
function referenceServer(port) {
  let child;
  const start = async () => {
    child = spawn(process.execPath, [serverEntry, 'streamableHttp'], {
      env: { PATH: process.env.PATH, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    for (;;) {
      const up = await new Promise((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => resolve(socket.destroy() ?? true));
        socket.on('error', () => resolve(false));
      });
      if (up) return;
      await sleep(100);
    }
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return { start, stop };
}

/** `tether proxy` spoken to over stdio: requests with ids, answers to the proxy's pings. */
function proxyClient(env, url) {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin', 'tether.mjs'), 'proxy', '--name', 'ref', url],
    {
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const waiting = new Map();
  let buffer = '';
  let nextId = 1;
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const message = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (message.method === 'ping')
        child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} })}\n`);
      else if (message.id !== undefined) waiting.get(message.id)?.(message);
    }
  });
  const request = (method, params) =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  return {
    child,
    request,
    async initialize() {
      await request('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'capture', version: '1.0.0' },
      });
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    },
    echo: (message) => request('tools/call', { name: 'echo', arguments: { message } }),
    exited: new Promise((resolve) => child.once('exit', resolve)),
  };
}

const SCENARIOS = {
  // A 30 s outage with a call made during it, the server back, more calls, then the client goes away.
  'outage-then-proxy-stop': async ({ server, proxy }) => {
    for (const n of [1, 2, 3]) await proxy.echo(`before ${n}`);
    await server.stop();
    await sleep(1_000);
    await proxy.echo('during the outage');
    await sleep(9_000);
    await server.start();
    await sleep(3_000);
    for (const n of [1, 2]) await proxy.echo(`after ${n}`);
    proxy.child.stdin.end();
  },
  // The same outage, then the proxy is SIGKILLed: its journal ends without `proxy stopped`.
  'outage-then-proxy-killed': async ({ server, proxy }) => {
    for (const n of [1, 2, 3]) await proxy.echo(`before ${n}`);
    await server.stop();
    await sleep(1_000);
    await proxy.echo('during the outage');
    await sleep(9_000);
    await server.start();
    await sleep(3_000);
    for (const n of [1, 2]) await proxy.echo(`after ${n}`);
    await sleep(500);
    proxy.child.kill('SIGKILL');
  },
  // Two server restarts between calls: the proxy re-initialises the stale session each time.
  'restarts-recovered': async ({ server, proxy }) => {
    await proxy.echo('one');
    for (const n of [1, 2]) {
      await server.stop();
      await server.start();
      await proxy.echo(`after restart ${n}`);
    }
    proxy.child.stdin.end();
  },
};

async function capture(name) {
  const home = mkdtempSync(path.join(tmpdir(), 'tether-journal-capture-'));
  const env = { PATH: process.env.PATH, HOME: home, TETHER_HOME: path.join(home, 'data') };
  const port = await freePort();
  const server = referenceServer(port);
  await server.start();
  const proxy = proxyClient(env, `http://127.0.0.1:${port}/mcp`);
  try {
    await proxy.initialize();
    await SCENARIOS[name]({ server, proxy });
    await proxy.exited;
    const journal = readFileSync(path.join(home, 'data', 'proxies', 'ref', 'journal.jsonl'), 'utf8');
    const target = path.join(root, 'test', 'fixtures', 'logs', 'tether', name);
    mkdirSync(target, { recursive: true });
    writeFileSync(
      path.join(target, 'journal.jsonl'),
      journal.split(`127.0.0.1:${port}`).join('127.0.0.1:41000'),
    );
    process.stdout.write(`${name}: ${journal.trim().split('\n').length} journal lines\n`);
  } finally {
    proxy.child.kill('SIGKILL');
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

const wanted = process.argv.slice(2);
for (const name of Object.keys(SCENARIOS))
  if (wanted.length === 0 || wanted.includes(name)) await capture(name);
