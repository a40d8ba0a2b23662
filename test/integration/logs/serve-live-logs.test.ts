import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LogEvent } from '../../../shared/log-events.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { installClaudeCodeScenario, SCENARIOS } from '../../helpers/claude-code-fixture-home.js';
import { stopChild, TETHER_BIN, waitForOutput } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

type Frame = { type: string; id?: number; event?: string; payload?: unknown; result?: unknown };

/** One running `tether serve` and a WebSocket to its API. */
type Served = {
  child: ChildProcess;
  socket: WebSocket;
  frames: Frame[];
  invoke(channel: string, request?: object): Promise<unknown>;
  stop(): Promise<void>;
};

async function serve(home: TempHome): Promise<Served> {
  const child = spawn(process.execPath, [TETHER_BIN, 'serve', '--no-open'], { env: home.env });
  const [url] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
  const { host, searchParams } = new URL(url);
  const socket = new WebSocket(`ws://${host}/api/ws?token=${searchParams.get('token')}`);
  const frames: Frame[] = [];
  socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString()) as Frame));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  return {
    child,
    socket,
    frames,
    async invoke(channel, request = {}) {
      const id = nextId++;
      socket.send(JSON.stringify({ type: 'invoke', id, channel, request }));
      await expect.poll(() => frames.some((frame) => frame.id === id), { timeout: 10_000 }).toBe(true);
      return frames.find((frame) => frame.id === id)!.result;
    },
    async stop() {
      socket.close();
      await stopChild(child);
    },
  };
}

const logEvents = (frames: Frame[]): LogEvent[] =>
  frames.filter((frame) => frame.event === 'log:event').map((frame) => frame.payload as LogEvent);

const line = (debug: string, second: number): string =>
  `${JSON.stringify({
    debug,
    timestamp: `2026-11-21T00:30:${String(second).padStart(2, '0')}.000Z`,
    sessionId: '0adf7e06-9a19-4c72-b788-40359bce8c94',
    cwd: '/home/dev/projects/acme',
  })}\n`;

describe('tether serve follows client logs live', () => {
  let home: TempHome;
  let logFile: string;
  let served: Served | undefined;

  beforeAll(async () => {
    home = await createTempHome();
    logFile = await installClaudeCodeScenario(home, ...SCENARIOS.restart);
  });
  afterAll(async () => {
    await served?.stop().catch(() => undefined);
    served?.child.kill('SIGKILL');
    await home.cleanup();
  });

  it('a line appended to an mcp-logs file arrives as a log:event; history is in timeline:list', async () => {
    served = await serve(home);
    await served.invoke('app:info'); // the service is up and answering
    await appendFile(logFile, line('Calling MCP tool: live-one', 1));
    await expect.poll(() => logEvents(served!.frames).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const [event] = logEvents(served.frames);
    expect(event).toMatchObject({
      kind: 'tool_call',
      tool: 'live-one',
      server: { client: 'claude-code', scope: 'local', name: 'svc', project: '/home/dev/projects/acme' },
      source: { file: logFile },
    });
    // History (the captured restart) was replayed into the timeline, but not re-sent as live events.
    expect(logEvents(served.frames)).toHaveLength(1);
    const listed = (await served.invoke('timeline:list', { name: 'svc' })) as {
      ok: boolean;
      data: { timelines: ServerTimeline[] };
    };
    expect(listed.ok).toBe(true);
    const [timeline] = listed.data.timelines;
    expect(timeline!.counters).toMatchObject({ connects: 2, sessionExpired: 1, toolCalls: 5 });
  });

  it('offsets survive a restart: lines written while stopped are read once, nothing repeats', async () => {
    await served!.stop();
    const sizeAtStop = (await stat(logFile)).size;
    const saved = JSON.parse(await readFile(`${home.dataDir}/logs/offsets.json`, 'utf8')) as Record<
      string,
      { position: { offset: number } }
    >;
    expect(saved[logFile]!.position.offset).toBe(sizeAtStop);
    // Written while no service runs: read after the restart, once (as news, not as history).
    await appendFile(logFile, line('Calling MCP tool: while-down', 2));
    served = await serve(home);
    await appendFile(logFile, line('Calling MCP tool: after-restart', 3));
    await expect
      .poll(
        () =>
          logEvents(served!.frames).some(
            (event) => event.kind === 'tool_call' && event.tool === 'after-restart',
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a late duplicate would show up here
    const tools = logEvents(served.frames).map((event) => (event.kind === 'tool_call' ? event.tool : ''));
    // `while-down` is news too, but may be emitted before this socket connected: the count below is
    // the proof it was read once; here it may appear at most once.
    expect(tools.filter((tool) => tool === 'after-restart')).toHaveLength(1);
    expect(tools.filter((tool) => tool === 'while-down').length).toBeLessThanOrEqual(1);
    expect(tools.filter((tool) => tool !== 'after-restart' && tool !== 'while-down')).toEqual([]);
    const listed = (await served.invoke('timeline:list', { name: 'svc' })) as {
      data: { timelines: ServerTimeline[] };
    };
    // 4 captured calls + live-one + while-down + after-restart: each counted exactly once.
    expect(listed.data.timelines[0]!.counters.toolCalls).toBe(7);
    await served.stop(); // offsets are written throttled while running, and always on stop
    served = undefined;
    const after = JSON.parse(await readFile(`${home.dataDir}/logs/offsets.json`, 'utf8')) as typeof saved;
    expect(after[logFile]!.position.offset).toBe((await stat(logFile)).size);
  });
});
