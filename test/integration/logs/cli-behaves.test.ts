import { spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TETHER_BIN } from '../../helpers/run-cli.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * The CLI as a good Unix citizen and windows that explain themselves (issue 11, items 3 and 5): the
 * built `tether` run as a user runs it, in a temp home holding the given Claude Code captures.
 */
const CAPTURES = path.resolve('test/fixtures/logs/claude-code');

let home: TempHome;
beforeEach(async () => {
  home = await createTempHome();
});
afterEach(() => home.cleanup());

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the CLI; `closedStdout` closes the read end of its stdout at once (`| head` that read nothing yet). */
function tether(args: string[], options: { closedStdout?: boolean; cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TETHER_BIN, ...args], {
      env: home.env,
      cwd: options.cwd ?? home.home,
    });
    let stdout = '';
    let stderr = '';
    if (options.closedStdout) child.stdout.destroy();
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every given capture under one server `svc`, files dated as the client wrote them (their last line). */
async function installCaptures(): Promise<void> {
  const dir = path.join(
    home.env['XDG_CACHE_HOME']!,
    'claude-cli-nodejs',
    '-home-dev-projects-acme',
    'mcp-logs-svc',
  );
  await mkdir(dir, { recursive: true });
  for (const scenario of [
    'idle-cut-by-proxy-3s',
    'outage-during-calls',
    'server-down-at-start',
    'server-restart',
    'stdio-server-killed',
  ]) {
    for (const file of await readdir(path.join(CAPTURES, scenario))) {
      const target = path.join(dir, file);
      await copyFile(path.join(CAPTURES, scenario, file), target);
      const lines = (await readFile(target, 'utf8')).trim().split('\n');
      const written = new Date((JSON.parse(lines.at(-1)!) as { timestamp: string }).timestamp);
      await utimes(target, written, written);
    }
  }
  await copyFile(path.join(CAPTURES, 'claude.json'), path.join(home.home, '.claude.json'));
}

const ERROR_TRACE = /at \S+ \(|EPIPE|Error:/;

describe('output into a closed pipe ends quietly with exit code 0', () => {
  for (const args of [
    ['servers'],
    ['logs', '--since', '60d'],
    ['timeline', '--since', '60d'],
    ['explain', '--since', '60d'],
  ]) {
    it(`tether ${args.join(' ')} | head`, async () => {
      await installCaptures();
      const run = await tether(args, { closedStdout: true });
      expect(run.stderr).not.toMatch(ERROR_TRACE);
      expect(run.code).toBe(0);
    });
  }
});

describe('option and input errors say what is wrong and what is allowed', () => {
  it('wrap svc --client bogus: one line with the clients there are', async () => {
    await installCaptures();
    const run = await tether(['wrap', 'svc', '--client', 'bogus']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      "error: option '--client <client>' argument 'bogus' is invalid. Allowed choices are claude-code, claude-desktop, cursor, vscode, windsurf, codex.",
    ]);
  });

  it('a --project folder that does not exist is an error (servers, wrap)', async () => {
    await installCaptures();
    for (const args of [
      ['servers', '--project', '/no/such'],
      ['wrap', 'svc', '--project', '/no/such'],
    ]) {
      const run = await tether(args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/"\/no\/such" is not a folder/);
    }
  });

  it('an unparsable ~/.claude.json: wrap and explain report the parse error, not "no server"', async () => {
    await writeFile(
      path.join(home.home, '.claude.json'),
      '{\n  "mcpServers": {\n    "svc": { "type": "http", "url": "http://127.0.0.1:9/mcp" },\n  }\n  oops\n}\n',
    );
    const wrap = await tether(['wrap', 'svc']);
    expect(wrap.code).toBe(1);
    expect(wrap.stderr).toMatch(/\.claude\.json:5:3: invalid JSON/);
    expect(wrap.stderr).toMatch(/fix the file above and try again \(nothing was changed\)/);
    const explain = await tether(['explain', 'svc']);
    expect(explain.code).toBe(1);
    expect(explain.stderr).toMatch(
      /\.claude\.json:5: invalid JSON \(InvalidSymbol\) \(this file could not be read\)/,
    );
  });

  it('doctor not-a-url says what a URL looks like', async () => {
    const run = await tether(['doctor', 'not-a-url']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /"not-a-url" is not a URL: give the server's MCP endpoint, e\.g\. https:\/\/mcp\.example\.com\/mcp/,
    );
  });
});

describe('wrap and unwrap say how the client picks the change up', () => {
  it('Claude Code: /mcp → Reconnect', async () => {
    await installCaptures();
    const wrap = await tether(['wrap', 'svc']);
    expect(wrap.code, wrap.stderr).toBe(0);
    expect(wrap.stdout.trim().split('\n').slice(-2)).toEqual([
      `wrapped svc in ${path.join(home.home, '.claude.json')}`,
      'Claude Code uses it from its next start; in a running session: /mcp → svc → Reconnect.',
    ]);
    const unwrap = await tether(['unwrap', 'svc']);
    expect(unwrap.stdout.trim().split('\n').at(-1)).toBe(
      'Claude Code uses it from its next start; in a running session: /mcp → svc → Reconnect.',
    );
  });

  it('Cursor and Claude Desktop: restart', async () => {
    const cursor = path.join(home.home, '.cursor');
    await mkdir(cursor, { recursive: true });
    await writeFile(
      path.join(cursor, 'mcp.json'),
      JSON.stringify({ mcpServers: { docs: { url: 'http://127.0.0.1:9/mcp' } } }),
    );
    const desktop = path.join(home.env['XDG_CONFIG_HOME']!, 'Claude');
    await mkdir(desktop, { recursive: true });
    await writeFile(
      path.join(desktop, 'claude_desktop_config.json'),
      JSON.stringify({ mcpServers: { files: { command: 'node', args: ['server.js'] } } }),
    );
    expect((await tether(['wrap', 'docs', '--client', 'cursor'])).stdout).toMatch(
      /\nCursor: toggle docs off and on in Settings → MCP, or restart Cursor\.\n$/,
    );
    expect((await tether(['wrap', 'files', '--client', 'claude-desktop'])).stdout).toMatch(
      /\nClaude Desktop reads it at start: quit it completely \(not just the window\) and open it again\.\n$/,
    );
  });
});

describe('windows that explain themselves', () => {
  it('timeline, explain and logs with the default window say what it hid and how to widen it', async () => {
    await installCaptures();
    const timeline = await tether(['timeline', 'svc']);
    expect(timeline.code).toBe(0);
    expect(timeline.stdout).toMatch(
      /^No MCP log evidence for svc in the last 7 d; 5 older log files \(the newest written 2026-11-21\) are outside it: widen it with --since \d+d\.\n$/,
    );
    const flag = /--since \d+d/.exec(timeline.stdout)![0].split(' ');
    const widened = await tether(['timeline', 'svc', ...flag]);
    expect(widened.stdout).toMatch(/^svc \(claude-code, local \/home\/dev\/projects\/acme\)/);
    expect((await tether(['explain', 'svc'])).stdout).toMatch(
      /^No MCP log evidence for svc in the last 7 d; 5 older log files/,
    );
    const logs = await tether(['logs']);
    expect(logs.stdout).toBe('');
    expect(logs.stderr).toMatch(
      /^\[tether\] no MCP log events in the last 24 h; 5 older log files \(the newest written 2026-11-21\) are outside it: widen it with --since \d+d\n$/,
    );
  });

  it('an unknown server name is an error naming the close matches', async () => {
    await installCaptures();
    for (const args of [
      ['explain', 'svd'],
      ['timeline', 'svd'],
      ['logs', '--server', 'svd'],
    ]) {
      const run = await tether([...args, '--since', '60d']);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toBe('tether: no server named "svd"; close matches: svc\n');
    }
    expect((await tether(['explain', 'nosuch'])).stderr).toBe(
      'tether: no server named "nosuch"; known servers: svc\n',
    );
  });
});
