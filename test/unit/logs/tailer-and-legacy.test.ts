import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseClaudeCodeJsonArray } from '../../../electron/core/logs/claude-code-entries.js';
import { LogTailer } from '../../../electron/core/logs/log-tailer.js';
import { linuxPathEnv } from '../../helpers/claude-code-fixture-home.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

let home: TempHome;
let dir: string;
beforeEach(async () => {
  home = await createTempHome();
  dir = path.join(
    home.env['XDG_CACHE_HOME']!,
    'claude-cli-nodejs',
    '-home-dev-projects-acme',
    'mcp-logs-svc',
  );
  await mkdir(dir, { recursive: true });
});
afterEach(async () => home.cleanup());

const entry = (message: string, second: number): object => ({
  debug: message,
  timestamp: `2025-07-14T10:20:${String(second).padStart(2, '0')}.000Z`,
  sessionId: 'a3d9',
  cwd: 'C:\\Users\\PC',
});
const line = (message: string, second: number): string => `${JSON.stringify(entry(message, second))}\n`;

describe('legacy JSON-array logs (≤ 2.0.64)', () => {
  it('parses the pretty array with the line of each entry, and salvages a truncated one', () => {
    const text = JSON.stringify(
      [
        entry('Starting connection attempt', 9),
        entry('Connection failed: McpError: MCP error -32000: Connection closed', 10),
      ],
      null,
      2,
    );
    const whole = parseClaudeCodeJsonArray(text);
    expect(whole.entries.map((e) => e.line)).toEqual([2, 8]);
    const truncated = parseClaudeCodeJsonArray(text.slice(0, text.length - 40));
    expect(truncated.entries.map((e) => e.message)).toEqual(['Starting connection attempt']);
    expect(parseClaudeCodeJsonArray('[\n  {\n    "deb')).toEqual({ entries: [], malformed: 1 });
  });

  it('a rewritten array emits only its new entries to the tailer', async () => {
    const file = path.join(dir, '2025-07-14T10-20-09-396Z.txt');
    const seen: string[] = [];
    await writeFile(file, JSON.stringify([entry('Starting connection attempt', 9)], null, 2));
    const tailer = new LogTailer({
      scope: { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      onEvent: (e) => seen.push(e.kind),
      pollMs: 10_000,
    });
    await tailer.start();
    await tailer.poll();
    expect(seen).toEqual(['connecting']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await writeFile(
      file,
      JSON.stringify(
        [
          entry('Starting connection attempt', 9),
          entry('Connection failed: McpError: Connection closed', 10),
        ],
        null,
        2,
      ),
    );
    await tailer.poll();
    await tailer.stop();
    expect(seen).toEqual(['connecting', 'connect_failed']);
  });
});

describe('tailer', () => {
  it('survives truncation and rotation without losing or repeating events', async () => {
    const file = path.join(dir, '2026-11-21T00-00-00-000Z.jsonl');
    await writeFile(file, line('Starting connection with timeout of 30000ms', 1));
    const seen: string[] = [];
    const tailer = new LogTailer({
      scope: { pathEnv: linuxPathEnv(home), dataDir: home.dataDir },
      onEvent: (e) => seen.push(`${e.kind}@${e.source.line}`),
      pollMs: 10_000,
    });
    await tailer.start();
    await tailer.poll();
    await appendFile(file, line('Successfully connected (transport: http) in 5ms', 2));
    await tailer.poll();
    await writeFile(file, line('Calling MCP tool: a', 3)); // truncated and rewritten
    await tailer.poll();
    await rename(file, `${file}.old`);
    await writeFile(file, line('Calling MCP tool: b', 4) + line('Calling MCP tool: c', 5)); // rotated: new inode
    await tailer.poll();
    await tailer.stop();
    expect(seen).toEqual(['connecting@1', 'connected@2', 'tool_call@1', 'tool_call@1', 'tool_call@2']);
  });
});
