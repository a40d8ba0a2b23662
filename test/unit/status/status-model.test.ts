import { afterEach, expect, it } from 'vitest';
import { StatusModel } from '../../../electron/core/status/status-model.js';
import { buildStatusEntries } from '../../../electron/core/status/status-entries.js';
import { resolveServer } from '../../../electron/core/status/resolve-server.js';
import type { ServerRecord } from '../../../shared/server-model.js';
import type { StatusChanged } from '../../../shared/server-status.js';
import type { ServerStatus } from '../../../shared/timeline-model.js';
import type { LiveProxyState } from '../../../electron/core/timeline/proxy-status.js';

function record(name: string, wrapped: boolean): ServerRecord {
  return {
    client: 'claude-code',
    scope: 'user',
    project: null,
    name,
    transport: wrapped ? 'stdio' : 'http',
    url: wrapped ? null : 'https://user:hunter2@example.test/mcp',
    command: wrapped ? 'node' : null,
    args: [],
    headers: {},
    env: {},
    configPath: '/home/dev/.claude.json',
    location: ['mcpServers', name],
    wrapped,
    upstream: wrapped
      ? { transport: 'http', url: 'https://example.test/mcp', command: null, args: [] }
      : null,
    effective: true,
    disabled: false,
    readOnly: false,
  };
}

let model: StatusModel | undefined;
afterEach(() => model?.stop());

it('a burst of changes: at most one event per server per 250 ms, and the last state is announced', async () => {
  const names = ['alpha', 'beta', 'gamma'];
  const states: ServerStatus[] = ['connected', 'reconnecting', 'upstream-down', 'degraded'];
  let tick = 0;
  const events: Array<{ at: number; change: StatusChanged }> = [];
  model = new StatusModel({
    inputs: () => ({
      servers: names.map((name) => record(name, true)),
      problems: [],
      timelines: [],
      live: new Map<string, LiveProxyState>(
        names.map((name, index) => [
          name,
          {
            key: name,
            state: states[(tick + index) % states.length]!,
            since: `2026-12-05T00:00:${tick % 60}Z`,
            proxies: 1,
          },
        ]),
      ),
    }),
    onChange: (change) => events.push({ at: Date.now(), change }),
  });
  model.start();
  // 200 changes of every server over ~1 s: a proxy flapping as fast as events can come.
  const started = Date.now();
  while (Date.now() - started < 1000) {
    tick++;
    model.invalidate();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 400));
  expect(events.length).toBeGreaterThanOrEqual(3);
  for (const name of names) {
    const times = events
      .filter(({ change }) => change.changed.some((entry) => entry.name === name))
      .map(({ at }) => at);
    expect(times.length).toBeGreaterThan(1);
    for (let index = 1; index < times.length; index++)
      expect(
        times[index]! - times[index - 1]!,
        `${name}: ${times.map((at) => at - started).join(', ')}`,
      ).toBeGreaterThanOrEqual(249);
  }
  // Nothing is lost: the newest announcement of each server is its state now.
  const last = new Map<string, string>();
  for (const { change } of events) for (const entry of change.changed) last.set(entry.name, entry.status);
  for (const [index, name] of names.entries())
    expect(last.get(name), `${name} after ${tick} changes`).toBe(states[(tick + index) % states.length]);
  expect(model.snapshot().summary.total).toBe(3);
});

it('nothing changed: no event, however many invalidations', async () => {
  const events: StatusChanged[] = [];
  model = new StatusModel({
    inputs: () => ({ servers: [record('alpha', false)], problems: [], timelines: [], live: new Map() }),
    onChange: (change) => events.push(change),
  });
  model.start();
  for (let index = 0; index < 20; index++) model.invalidate();
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(events).toEqual([]);
});

it('entries: wrapped without a live proxy is never connected; upstreams are redacted; names resolve to keys', () => {
  const entries = buildStatusEntries({
    servers: [record('wrapped', true), record('plain', false)],
    timelines: [],
    live: new Map(),
  });
  const wrapped = entries.find((entry) => entry.name === 'wrapped')!;
  expect(wrapped).toMatchObject({
    status: 'never-attached',
    live: false,
    proxyKey: 'wrapped',
    actions: ['unwrap'],
  });
  const plain = entries.find((entry) => entry.name === 'plain')!;
  expect(plain).toMatchObject({ status: 'unknown', source: 'config', actions: ['wrap'] });
  expect(JSON.stringify(entries)).not.toContain('hunter2');
  expect(resolveServer(entries, 'plain')).toMatchObject({ ok: true, key: plain.key });
  expect(resolveServer(entries, plain.key)).toMatchObject({ ok: true, key: plain.key });
  expect(resolveServer(entries, 'plian')).toMatchObject({ ok: false, closeMatches: ['plain'] });
});
