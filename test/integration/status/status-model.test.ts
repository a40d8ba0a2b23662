import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchInvoke } from '../../../electron/core/api-dispatch.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { startService, type TetherService } from '../../../electron/core/service.js';
import type { LogEvent } from '../../../shared/log-events.js';
import type { ServerStatusEntry, StatusChanged } from '../../../shared/server-status.js';
import { forwardedCount, isPost, startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { spawnStdioServer, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import { toolText } from '../../helpers/proxy-answer.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';
import { runCli } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Issue 13, the service half: the one status model against a real `tether proxy` started from the
 * wrapped Claude Code entry (its command, args and env, as Claude Code starts it), in front of the real
 * reference server behind a counting HTTP layer (so initializes reaching the upstream can be counted).
 */
let home: TempHome;
let server: ReferenceServer;
let fault: FaultProxy;
let service: TetherService | undefined;
let proxy: StdioClient | undefined;
const changes: Array<{ at: number; change: StatusChanged }> = [];
const logEvents: Array<{ at: number; event: LogEvent }> = [];
let claudeJson: string;

const initializes = (): number => forwardedCount(fault, isPost('initialize'));

async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function startTheService(): Promise<TetherService> {
  const started = await startService({
    dataDir: home.dataDir,
    mode: 'headless',
    platform: process.platform,
    logger: silentLogger,
    pathEnv: { env: home.env, platform: process.platform, homeDir: home.home },
    clients: { debounceMs: 30, rescanMs: 0 },
    logs: { pollMs: 200 },
  });
  started.subscribe('status:changed', (change) => changes.push({ at: Date.now(), change }));
  started.subscribe('log:event', (event) => logEvents.push({ at: Date.now(), event }));
  return started;
}

async function entryOf(name: string): Promise<ServerStatusEntry | undefined> {
  const snapshot = await service!.handlers['status:snapshot']({});
  return snapshot.servers.find((entry) => entry.name === name && entry.configured);
}

/** Starts the proxy exactly as the wrapped entry says (command, args, env). */
async function startWrappedProxy(): Promise<StdioClient> {
  const config = JSON.parse(await readFile(claudeJson, 'utf8')) as {
    mcpServers: { ref: { command: string; args: string[]; env?: Record<string, string> } };
  };
  const entry = config.mcpServers.ref;
  const client = spawnStdioServer([entry.command, ...entry.args], { env: { ...home.env, ...entry.env } });
  await client.initialize();
  return client;
}

beforeAll(async () => {
  [home, server] = await Promise.all([
    createTempHome('tether-status-'),
    startReferenceServer('streamableHttp'),
  ]);
  fault = await startFaultProxy({ port: server.port });
  claudeJson = path.join(home.home, '.claude.json');
  await writeFile(
    claudeJson,
    JSON.stringify(
      {
        mcpServers: {
          ref: { type: 'http', url: fault.url('/mcp') },
          plain: { command: 'node', args: ['-e', '0'], env: { API_TOKEN: 'canary-secret-3f9a' } },
        },
      },
      null,
      2,
    ),
  );
  const wrapped = await runCli(['wrap', 'ref', '--client', 'claude-code'], home.env);
  expect(wrapped.code, wrapped.stderr).toBe(0);
  service = await startTheService();
}, 60_000);

afterAll(async () => {
  await proxy?.kill();
  await service?.stop();
  await fault?.close();
  await server?.stop();
  await home?.cleanup();
});

describe('the status model with a live proxy', () => {
  it('a wrapped server without a running proxy is never-attached, not connected', async () => {
    const entry = await entryOf('ref');
    expect(entry).toMatchObject({ wrapped: true, live: false, status: 'never-attached', proxyKey: 'ref' });
    const plain = await entryOf('plain');
    expect(plain).toMatchObject({ wrapped: false, live: false, actions: ['wrap'] });
    expect(JSON.stringify(await service!.handlers['status:snapshot']({}))).not.toContain(
      'canary-secret-3f9a',
    );
  });

  it('the proxy connects: live and connected; upstream killed: the entry changes within 2 s of the state event', async () => {
    proxy = await startWrappedProxy();
    expect(toolText(await proxy.callTool('echo', { message: 'hi' }))).toBe('Echo: hi');
    const connected = await until('a live connected entry', () =>
      changes.some(({ change }) =>
        change.changed.some((e) => e.name === 'ref' && e.live && e.status === 'connected'),
      ),
    );
    expect(connected).toBe(true);
    const entry = await entryOf('ref');
    expect(entry).toMatchObject({ live: true, status: 'connected', source: 'live-proxy', liveProxies: 1 });
    expect(entry!.actions).toEqual(expect.arrayContaining(['reconnect', 'reset-session', 'unwrap']));

    const before = changes.length;
    const eventsBefore = logEvents.length;
    await fault.down();
    try {
      // A call finds the upstream gone (an idle proxy would find out at its next ping).
      void proxy
        .callTool('echo', { message: 'during the outage' }, { timeoutMs: 60_000 })
        .catch(() => undefined);
      // The proxy's first state event after the cut, as the hub received it (a `tether` proxy event).
      const stateEvent = await until('the proxy state event', () =>
        logEvents
          .slice(eventsBefore)
          .find(
            ({ event }) =>
              event.server.client === 'tether' && event.server.name === 'ref' && event.level !== 'info',
          ),
      );
      const changed = await until('a status change away from connected', () =>
        changes
          .slice(before)
          .find(({ change }) => change.changed.some((e) => e.name === 'ref' && e.status !== 'connected')),
      );
      expect(changed.at - stateEvent.at).toBeLessThanOrEqual(2000);
      const down = changed.change.changed.find((e) => e.name === 'ref')!;
      expect(['reconnecting', 'upstream-down', 'degraded']).toContain(down.status);
      expect(down.live).toBe(true);
    } finally {
      await fault.up();
    }
    await until(
      'connected again',
      () =>
        changes
          .slice(before)
          .some(({ change }) => change.changed.some((e) => e.name === 'ref' && e.status === 'connected')),
      30_000,
    );
  }, 60_000);

  it('server:act reconnect: the proxy re-initializes at the upstream at once, and lands in the timeline', async () => {
    const before = initializes();
    const entry = (await entryOf('ref'))!;
    const answer = await dispatchInvoke(service!.handlers, 'server:act', {
      key: entry.key,
      action: 'reconnect',
    });
    expect(answer).toMatchObject({ ok: true, data: { ok: true } });
    await until('an initialize at the upstream', () => initializes() > before, 10_000);
    // The client's next call works.
    expect(toolText(await proxy!.callTool('echo', { message: 'after' }))).toBe('Echo: after');
    const detail = await service!.handlers['server:detail']({ key: 'ref' });
    expect(detail.ok).toBe(true);
    if (!detail.ok) return;
    expect(detail.detail.entry.key).toBe(entry.key);
    expect(detail.detail.timeline?.events.some((event) => /action reconnect: ok/.test(event.message))).toBe(
      true,
    );
    expect(detail.detail.activity.some((item) => item.tool === 'echo' && item.outcome === 'ok')).toBe(true);
  }, 30_000);

  it('tether reconnect NAME asks the running service; the proxy re-initializes', async () => {
    const before = initializes();
    const run = await runCli(['reconnect', 'ref', '--json'], home.env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, via: 'service' });
    await until('an initialize at the upstream', () => initializes() > before, 10_000);
  }, 30_000);

  it('an unknown name: exit 2 with close matches', async () => {
    const run = await runCli(['reconnect', 'reff'], home.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no server named "reff".*close matches: ref/);
  });

  it('without a service, tether reconnect NAME binds the socket itself and the proxy re-initializes', async () => {
    await service!.stop();
    service = undefined;
    const before = initializes();
    const run = await runCli(['reconnect', 'ref', '--json'], home.env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, via: 'direct' });
    await until('an initialize at the upstream', () => initializes() > before, 10_000);
    const all = await runCli(['reconnect', '--all', '--json'], home.env);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ ok: true, outcomes: [{ name: 'ref', ok: true }] });
    service = await startTheService();
  }, 60_000);

  it('an action on a server whose proxy has exited: a clear message (service and CLI)', async () => {
    await proxy!.kill();
    proxy = undefined;
    const entry = await until('the proxy gone from the model', () => {
      void entryOf('ref').then((found) => (latest = found));
      return latest && !latest.live ? latest : undefined;
    });
    expect(entry.status).not.toBe('connected');
    const answer = await service!.handlers['server:act']({ key: entry.key, action: 'reconnect' });
    expect(answer).toEqual({ ok: false, message: expect.stringMatching(/proxy of "ref" is not running/) });
    const run = await runCli(['reset-session', 'ref'], home.env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/not running/);
  }, 30_000);
});
let latest: ServerStatusEntry | undefined;

describe('config problems and edits through the model', () => {
  it('an unparsable config file is a problem with file:line while every other server is listed', async () => {
    const cursorDir = path.join(home.home, '.cursor');
    await mkdir(cursorDir, { recursive: true });
    await writeFile(path.join(cursorDir, 'mcp.json'), '{\n  "mcpServers": {\n    "broken": { "url": \n}\n');
    const snapshot = await until('the problem', () => {
      void service!.handlers['status:snapshot']({}).then((found) => (latestSnapshot = found));
      return latestSnapshot?.problems.length ? latestSnapshot : undefined;
    });
    expect(snapshot.problems[0]).toMatchObject({ client: 'cursor', line: expect.any(Number) });
    expect(snapshot.problems[0]!.configPath).toContain('mcp.json');
    expect(snapshot.servers.map((entry) => entry.name)).toEqual(expect.arrayContaining(['ref', 'plain']));
  });

  it('config:edit wrap: the dry run shows a redacted diff and writes nothing; apply, then undo restores the bytes', async () => {
    const original = await readFile(claudeJson);
    const key = (await entryOf('plain'))!.key;
    const preview = await service!.handlers['config:edit']({ kind: 'wrap', key, dryRun: true });
    expect(preview).toMatchObject({ ok: true, applied: false, file: claudeJson });
    if (!preview.ok) return;
    expect(preview.diff).toMatch(/^--- /);
    expect(preview.diff).toMatch(/^\+.*proxy/m);
    expect(preview.diff).not.toContain('canary-secret-3f9a');
    expect(await readFile(claudeJson)).toEqual(original);

    const applied = await service!.handlers['config:edit']({ kind: 'wrap', key, dryRun: false });
    expect(applied).toMatchObject({ ok: true, applied: true });
    expect((await readFile(claudeJson)).equals(original)).toBe(false);
    expect((await entryOf('plain'))?.wrapped).toBe(true);

    const undone = await service!.handlers['config:undo']({});
    expect(undone).toMatchObject({ ok: true });
    expect((await readFile(claudeJson)).equals(original)).toBe(true);
    expect((await entryOf('plain'))?.wrapped).toBe(false);
  });
});
let latestSnapshot: Awaited<ReturnType<TetherService['handlers']['status:snapshot']>> | undefined;
