import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extract } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBundle } from '../../../electron/core/bundle/index.js';
import { silentLogger } from '../../../electron/core/logger.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/** Every canary contains `cnry`; none may survive anywhere in the extracted archive. */
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjbnJ5In0.cnryJwtSignature0123456789';

async function write(file: string, text: string, ageDays = 0): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  if (ageDays > 0) {
    const when = new Date(Date.now() - ageDays * 86_400_000);
    await utimes(file, when, when);
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('tether bundle redaction', () => {
  let home: TempHome;
  beforeEach(async () => {
    home = await createTempHome('tether-bundle-');
  });
  afterEach(async () => {
    await home.cleanup();
  });

  it('leaves no canary secret in any file of the archive', async () => {
    const env = home.env;
    const project = path.join(home.home, 'proj');
    await write(
      path.join(home.home, '.claude.json'),
      JSON.stringify({
        oauthAccount: { accessToken: 'cnry-oauth-access' },
        primaryApiKey: 'sk-ant-api03-cnryPrimaryKey',
        mcpServers: {
          gh: {
            type: 'stdio',
            command: 'npx',
            args: ['gh-mcp'],
            env: { GITHUB_TOKEN: 'cnry-gh-env', DB_PASSWORD: 'cnry-db-pw', LOG_LEVEL: 'debug' },
          },
          remote: {
            type: 'http',
            url: 'https://mcp.example.com/mcp?api_key=cnry-url-key',
            headers: { Authorization: 'Bearer cnry-header-bearer', 'X-Api-Key': 'cnry-xapikey' },
          },
        },
        projects: {
          [project]: {
            mcpServers: {
              local: {
                type: 'sse',
                url: 'https://u:cnry-userinfo@h.example/sse',
                headers: { Cookie: 'sid=cnry-cookie' },
              },
            },
          },
        },
      }),
    );
    const ccLogs = path.join(
      env['XDG_CACHE_HOME']!,
      'claude-cli-nodejs',
      '-home-dev-proj',
      'mcp-logs-remote',
    );
    await write(
      path.join(ccLogs, '2026-11-21T00-00-00-000Z.jsonl'),
      [
        {
          debug: 'HTTP connection to https://mcp.example.com/mcp?token=cnry-query-token failed',
          timestamp: '2026-11-21T00:00:00.000Z',
          sessionId: 's',
          cwd: project,
        },
        {
          error: 'Error: 401 Authorization: Bearer cnry-log-bearer rejected',
          timestamp: '2026-11-21T00:00:01.000Z',
          sessionId: 's',
          cwd: project,
        },
        {
          debug: `got {"access_token":"cnry-json-access","refresh_token":"cnry-json-refresh"} and ${JWT}`,
          timestamp: '2026-11-21T00:00:02.000Z',
          sessionId: 's',
          cwd: project,
        },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    await write(
      path.join(ccLogs, '2026-10-01T00-00-00-000Z.jsonl'),
      '{"debug":"old file, out of the window"}\n',
      30,
    );
    const desktopLogs = path.join(env['XDG_CONFIG_HOME']!, 'Claude', 'logs');
    await write(
      path.join(desktopLogs, 'mcp.log'),
      '2026-11-21T00:00:00.000Z [info] [gh] Cookie: session=cnry-desktop-cookie\n',
    );
    await write(
      path.join(desktopLogs, 'mcp-server-gh.log'),
      '2026-11-21T00:00:00.000Z [gh] [info] Message from client: {"env":{"OPENAI_API_KEY":"cnry-desktop-env"},"password":"cnry-desktop-pw"}\n',
    );
    await write(
      path.join(
        env['XDG_CONFIG_HOME']!,
        'Cursor',
        'logs',
        '20261121T000000',
        'window1',
        'exthost',
        'anysphere.cursor-mcp',
        'MCP user-remote.log',
      ),
      '2026-11-21 00:00:00.000 [info] x-api-key: cnry-cursor-key\n2026-11-21 00:00:01.000 [error] SSE error: GET https://h.example/sse?access_token=cnry-cursor-query&page=1\n',
    );
    // A big log: only its tail may enter the bundle.
    await write(
      path.join(desktopLogs, 'mcp-server-big.log'),
      `${'x'.repeat(300_000)}\nLAST LINE Bearer cnry-big-tail\n`,
    );
    await write(
      path.join(home.dataDir, 'proxies', 'remote', 'journal.jsonl'),
      `${JSON.stringify({ ts: '2026-11-21T00:00:00Z', type: 'hello', upstream: 'https://mcp.example.com/mcp?token=cnry-journal-token', headers: { authorization: 'Bearer cnry-journal-auth' } })}\n${JSON.stringify({ ts: '2026-11-21T00:00:01Z', type: 'activity', preview: '{"apiKey":"cnry-journal-preview"}' })}\n`,
    );
    await write(
      path.join(home.dataDir, 'doctor', 'mcp.example.com-2026-11-21T00-00-00-000Z.json'),
      JSON.stringify({
        schema: 'tether.doctor/1',
        url: 'https://mcp.example.com/mcp?key=cnry-doctor-url',
        headers: { Authorization: 'Bearer cnry-doctor-header', 'X-Tenant-Token': 'cnry-doctor-tenant' },
      }),
    );

    const out = path.join(home.home, 'out', 'bundle.tar.gz');
    const manifest = await buildBundle({
      pathEnv: { env, platform: 'linux', homeDir: home.home },
      dataDir: home.dataDir,
      logger: silentLogger,
      out,
      window: { maxBytesPerFile: 64 * 1024 },
    });
    expect(manifest.errors).toEqual([]);

    const extracted = path.join(home.home, 'extracted');
    await mkdir(extracted);
    await extract({ file: out, cwd: extracted });
    const files = await listFiles(extracted);
    const relative = files.map((file) =>
      path.relative(path.join(extracted, 'tether-bundle'), file).split(path.sep).join('/'),
    );
    expect(relative).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'system.json',
        'servers.json',
        'timelines.json',
        'findings.json',
        'doctor/mcp.example.com-2026-11-21T00-00-00-000Z.json',
        'journals/remote/journal.jsonl',
        'logs/claude-code/-home-dev-proj/mcp-logs-remote/2026-11-21T00-00-00-000Z.jsonl',
        'logs/claude-desktop/mcp.log',
        'logs/claude-desktop/mcp-server-gh.log',
        'logs/cursor/20261121T000000/window1/exthost/anysphere.cursor-mcp/MCP user-remote.log',
      ]),
    );
    expect(relative).not.toContain(
      'logs/claude-code/-home-dev-proj/mcp-logs-remote/2026-10-01T00-00-00-000Z.jsonl',
    );

    let all = '';
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      all += text;
      expect(text, `${file} leaks a canary`).not.toMatch(/cnry/i);
    }
    // Non-vacuous: the evidence around the secrets is still there.
    expect(all).toContain('https://mcp.example.com/mcp');
    expect(all).toContain('LAST LINE Bearer [REDACTED]');
    expect(all).toContain('"LOG_LEVEL"');
    const big = await readFile(
      path.join(extracted, 'tether-bundle', 'logs', 'claude-desktop', 'mcp-server-big.log'),
      'utf8',
    );
    expect(big.length).toBeLessThan(70 * 1024);
    expect(big).toMatch(/bytes omitted/);
  });
});
