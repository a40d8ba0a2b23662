import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../shared/log-events.js';
import { LogTailer } from '../../../electron/core/logs/log-tailer.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let tailer: LogTailer | undefined;
const logDir = (server: string): string =>
  path.join(
    home.env['XDG_CACHE_HOME']!,
    'claude-cli-nodejs',
    '-home-dev-projects-acme',
    `mcp-logs-${server}`,
  );
const line = (message: string): string =>
  `${JSON.stringify({ debug: message, timestamp: '2026-11-21T00:00:00.000Z', sessionId: 's', cwd: '/p' })}\n`;

beforeEach(async () => {
  home = await createTempHome();
  await mkdir(logDir('svc'), { recursive: true });
});
afterEach(async () => {
  await tailer?.stop();
  tailer = undefined;
  await home.cleanup();
});

type Seen = { tool: string; backfill: boolean };
const toolOf = (event: LogEvent): string => (event.kind === 'tool_call' ? event.tool : event.kind);

describe('tailer with fs events and backfill', () => {
  it('replays history as backfill, then reports appends and new files without waiting for a poll', async () => {
    const file = path.join(logDir('svc'), '2026-11-21T00-00-00-000Z.jsonl');
    await writeFile(file, line('Calling MCP tool: old-1') + line('Calling MCP tool: old-2'));
    const seen: Seen[] = [];
    tailer = new LogTailer({
      scope: { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      onEvent: (event, { backfill }) => seen.push({ tool: toolOf(event), backfill }),
      startAtEnd: true,
      backfillBytes: 1 << 20,
      watch: true,
      pollMs: 600_000, // no poll during the test: only fs events can deliver
      rescanMs: 600_000,
    });
    await tailer.start();
    await tailer.caughtUp();
    expect(seen).toEqual([
      { tool: 'old-1', backfill: true },
      { tool: 'old-2', backfill: true },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the watcher finish its first scan
    await appendFile(file, line('Calling MCP tool: new-1'));
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(3);
    expect(seen[2]).toEqual({ tool: 'new-1', backfill: false });

    // A server that starts logging after Tether: a new folder and file.
    await mkdir(logDir('other'), { recursive: true });
    await writeFile(
      path.join(logDir('other'), '2026-11-21T00-00-05-000Z.jsonl'),
      line('Calling MCP tool: other-1'),
    );
    await expect.poll(() => seen.map((entry) => entry.tool), { timeout: 5000 }).toContain('other-1');
    expect(seen.find((entry) => entry.tool === 'other-1')!.backfill).toBe(false);
  });

  it('sees every append of a burst at once: the late look after a delivered event is re-armed each time', async () => {
    const file = path.join(logDir('svc'), '2026-11-21T00-00-00-000Z.jsonl');
    await writeFile(file, '');
    const seenAt = new Map<string, number>();
    tailer = new LogTailer({
      scope: { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      onEvent: (event) => seenAt.set(toolOf(event), performance.now()),
      startAtEnd: true,
      watch: true,
      pollMs: 600_000, // no poll: a write chokidar drops must be caught by the late look, not a poll
      rescanMs: 600_000,
    });
    await tailer.start();
    await tailer.watching();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sleepUntil = (at: number): Promise<void> =>
      new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));
    const appendAndWait = async (tool: string): Promise<number> => {
      await appendFile(file, line(`Calling MCP tool: ${tool}`));
      await expect.poll(() => seenAt.has(tool), { timeout: 1_000, interval: 2 }).toBe(true);
      return seenAt.get(tool)!;
    };
    // chokidar delivers a file's change, then drops the file's changes for 50 ms. Per round: A is
    // delivered at t; B 55 ms later is delivered too (t+55), while the late look A armed fires at
    // t+60; C 20 ms after B falls in B's 50 ms window and is dropped by chokidar. Only a late look
    // re-armed by B's delivery (t+115) sees C without a poll.
    for (let round = 0; round < 6; round++) {
      const a = await appendAndWait(`a${round}`);
      await sleepUntil(a + 55);
      const b = await appendAndWait(`b${round}`);
      await sleepUntil(b + 20);
      await appendAndWait(`c${round}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(seenAt.size).toBe(18);
  });

  it('spends the backfill budget on the newest files first', async () => {
    const older = path.join(logDir('svc'), '2026-11-20T00-00-00-000Z.jsonl');
    const newer = path.join(logDir('svc'), '2026-11-21T00-00-00-000Z.jsonl');
    await writeFile(older, line('Calling MCP tool: from-older'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(newer, line('Calling MCP tool: from-newer'));
    const seen: Seen[] = [];
    tailer = new LogTailer({
      scope: { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      onEvent: (event, { backfill }) => seen.push({ tool: toolOf(event), backfill }),
      startAtEnd: true,
      backfillBytes: line('Calling MCP tool: from-newer').length, // room for one file
      pollMs: 600_000,
    });
    await tailer.start();
    await tailer.caughtUp();
    expect(seen).toEqual([{ tool: 'from-newer', backfill: true }]);
  });

  it('a file that left the newest maxFiles and comes back resumes at its offset (no repeats)', async () => {
    const first = path.join(logDir('svc'), '2026-11-21T00-00-00-000Z.jsonl');
    const second = path.join(logDir('svc'), '2026-11-21T00-00-01-000Z.jsonl');
    await writeFile(first, line('Calling MCP tool: a-1'));
    const seen: string[] = [];
    tailer = new LogTailer({
      scope: { pathEnv: linuxPathEnv(home), dataDir: home.dataDir, maxFiles: 1 },
      onEvent: (event) => seen.push(toolOf(event)),
      pollMs: 600_000,
      rescanMs: 0, // every poll lists the folder again
    });
    await tailer.start();
    await tailer.caughtUp();
    expect(seen).toEqual(['a-1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(second, line('Calling MCP tool: b-1')); // newer: `first` leaves the newest 1
    await tailer.poll();
    expect(seen).toEqual(['a-1', 'b-1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await appendFile(first, line('Calling MCP tool: a-2')); // `first` is the newest again
    await tailer.poll();
    expect(seen).toEqual(['a-1', 'b-1', 'a-2']);
  });

  it('a burst of appends is read to its end without waiting for a poll (chokidar drops changes < 50 ms apart)', async () => {
    const file = path.join(logDir('svc'), '2026-11-21T00-00-00-000Z.jsonl');
    await writeFile(file, '');
    const seen: string[] = [];
    tailer = new LogTailer({
      scope: { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      onEvent: (event) => seen.push(toolOf(event)),
      watch: true,
      pollMs: 600_000,
      rescanMs: 600_000,
    });
    await tailer.start();
    await tailer.watching();
    for (const tool of ['b-1', 'b-2', 'b-3']) {
      await appendFile(file, line(`Calling MCP tool: ${tool}`));
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    await expect.poll(() => seen, { timeout: 3000 }).toEqual(['b-1', 'b-2', 'b-3']);
  });
});
