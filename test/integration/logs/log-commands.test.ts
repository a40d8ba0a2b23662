import { spawn } from 'node:child_process';
import { appendFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../electron/cli/program.js';
import { logEventSchema } from '../../../shared/log-events.js';
import { installClaudeCodeScenario, SCENARIOS } from '../../helpers/claude-code-fixture-home.js';
import { TETHER_BIN, waitForOutput } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
const saved = { ...process.env };
beforeEach(async () => {
  home = await createTempHome();
  Object.assign(process.env, home.env);
});
afterEach(async () => {
  for (const key of Object.keys(home.env)) delete process.env[key];
  Object.assign(process.env, saved);
  await home.cleanup();
});

async function run(...args: string[]): Promise<string> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await buildProgram({ rendererDir: '', stdout, stderr }).parseAsync(['node', 'tether', ...args]);
  return out;
}

describe('tether logs / timeline / explain', () => {
  it('logs --json prints one valid event per line, oldest first', async () => {
    await installClaudeCodeScenario(home, ...SCENARIOS.restart);
    const lines = (await run('logs', '--json', '--since', '2026-11-20')).trim().split('\n');
    expect(lines.length).toBe(64); // every line of the capture
    const events = lines.map((line) => logEventSchema.parse(JSON.parse(line)));
    expect(events.map((event) => event.time)).toEqual([...events.map((event) => event.time)].sort());
    // One expiry: the tool-call layer's "MCP session expired during tool call" echo of it is info.
    expect(events.filter((event) => event.kind === 'session_expired')).toHaveLength(1);
  });

  it('logs --server filters, and --client for another client prints nothing', async () => {
    await installClaudeCodeScenario(home, ...SCENARIOS.restart);
    expect(await run('logs', '--json', '--since', '2026-11-20', '--server', 'other')).toBe('');
    expect(await run('logs', '--json', '--since', '2026-11-20', '--client', 'cursor')).toBe('');
  });

  it('timeline --json gives the server with its connections; explain --json the findings', async () => {
    await installClaudeCodeScenario(home, ...SCENARIOS.idleCut);
    const [timeline] = JSON.parse(await run('timeline', 'svc', '--json', '--since', '2026-11-20')) as Array<{
      connections: unknown[];
      server: { name: string };
    }>;
    expect(timeline!.server.name).toBe('svc');
    expect(timeline!.connections).toHaveLength(1);
    const [explained] = JSON.parse(await run('explain', '--json', '--since', '2026-11-20')) as Array<{
      findings: Array<{ rule: string }>;
    }>;
    expect(explained!.findings.map((finding) => finding.rule)).toContain('idle-cut');
    expect(await run('explain', '--since', '2026-11-20')).toMatch(/fix: /);
  });

  it('the tailer reports appended lines once, waiting for a partial line to complete', async () => {
    const file = await installClaudeCodeScenario(home, ...SCENARIOS.stdioKilled);
    const { LogTailer } = await import('../../../electron/core/logs/log-tailer.js');
    const { currentPathEnv } = await import('../../../electron/core/paths.js');
    const seen: string[] = [];
    const stateFile = `${home.dataDir}/logs/offsets.json`;
    const tailer = new LogTailer({
      scope: { pathEnv: currentPathEnv(), dataDir: home.dataDir },
      stateFile,
      onEvent: (event) => seen.push(`${event.kind}:${event.source.line}`),
      startAtEnd: true,
      pollMs: 20,
    });
    await tailer.start();
    const line = JSON.stringify({
      debug: 'Calling MCP tool: late',
      timestamp: '2026-11-21T00:16:00.000Z',
      sessionId: 's',
      cwd: '/home/dev/projects/acme',
    });
    await appendFile(file, line.slice(0, 20));
    await tailer.poll();
    expect(seen).toEqual([]);
    await appendFile(file, `${line.slice(20)}\n`);
    await tailer.poll();
    expect(seen).toEqual(['tool_call:19']);
    await tailer.stop();
    // A restart resumes from the persisted offset: nothing is reported twice.
    const again = new LogTailer({
      scope: { pathEnv: currentPathEnv(), dataDir: home.dataDir },
      stateFile,
      onEvent: (event) => seen.push(event.kind),
      pollMs: 20,
    });
    await again.start();
    await again.poll();
    await again.stop();
    expect(seen).toEqual(['tool_call:19']);
  });
});

describe('tether logs --follow', () => {
  it('prints a line appended after it started, as JSON, and stops on SIGINT', async () => {
    const file = await installClaudeCodeScenario(home, ...SCENARIOS.restart);
    const child = spawn(
      process.execPath,
      [TETHER_BIN, 'logs', '--follow', '--json', '--since', '2026-11-20'],
      {
        env: home.env,
      },
    );
    try {
      await waitForOutput(child, /following 1 file/);
      await appendFile(
        file,
        `${JSON.stringify({ debug: 'Calling MCP tool: followed', timestamp: '2026-11-21T00:40:00.000Z', sessionId: 's', cwd: '/home/dev/projects/acme' })}\n`,
      );
      const [line] = await waitForOutput(child, /\{[^\n]*"tool":"followed"[^\n]*\}/, 10_000);
      expect(logEventSchema.parse(JSON.parse(line))).toMatchObject({ kind: 'tool_call', tool: 'followed' });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
