import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverServers } from '../../../electron/core/clients/discover.js';
import { launcherPath } from '../../../electron/core/launcher/launcher-script.js';
import {
  claudeJsonPath,
  claudeDesktopConfigPath,
  codexConfigPath,
} from '../../../electron/core/clients/client-paths.js';
import { wrapServer, unwrapServer } from '../../../electron/core/config/wrap.js';
import { ConfigParseError } from '../../../electron/core/clients/config-file.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { fixtureHome } from './fixture-home.js';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

const runtime = {
  kind: 'node' as const,
  nodePath: '/fake/node',
  tetherBin: '/fake/tether-mcp/bin/tether.mjs',
};

describe('discovery over a Linux fixture home', () => {
  it('finds every client, applies precedence, expands variables and redacts secrets', async () => {
    const fixture = await fixtureHome('linux-home');
    home = fixture.home;
    const { servers, problems } = await discoverServers(fixture.pathEnv);
    expect(problems).toEqual([]);
    const ids = servers.map((s) => `${s.client}/${s.scope}/${s.name}`).sort();
    expect(ids).toEqual(
      [
        'claude-code/user/shared',
        'claude-code/user/remote',
        'claude-code/local/svc',
        'claude-code/local/shared',
        'claude-code/project/shared',
        'claude-code/project/docs',
        'claude-desktop/global/desk',
        'cursor/global/cursor-remote',
        'vscode/global/vs-local',
        'windsurf/global/wind',
        'codex/global/codexsrv',
      ].sort(),
    );
    const find = (client: string, scope: string, name: string) =>
      servers.find((s) => s.client === client && s.scope === scope && s.name === name)!;
    // local > project: the project's .mcp.json "shared" is shadowed by the local one
    expect(find('claude-code', 'project', 'shared').effective).toBe(false);
    expect(find('claude-code', 'local', 'shared').effective).toBe(true);
    expect(find('claude-code', 'local', 'svc').disabled).toBe(true);
    expect(find('claude-code', 'user', 'remote').url).toBe('https://mcp.example.com/core/mcp');
    expect(find('windsurf', 'global', 'wind').url).toBe('https://wind.example.com/mcp');
    const text = JSON.stringify(servers);
    expect(text).not.toMatch(/canary-(ghtoken|bearer|query|cursor|wind|codex)/);
    expect(find('cursor', 'global', 'cursor-remote').headers['X-Api-Key']).toBe('[REDACTED]');
  });

  it('reports an invalid file with its line and still reads the others; nothing is written', async () => {
    const fixture = await fixtureHome('linux-home');
    home = fixture.home;
    const broken = '{\n  "mcpServers": {\n    "a": { "command": "x" }\n    "b": {}\n  }\n}\n';
    const file = claudeDesktopConfigPath(fixture.pathEnv);
    await writeFile(file, broken);
    const { servers, problems } = await discoverServers(fixture.pathEnv);
    expect(problems).toEqual([expect.objectContaining({ configPath: file, line: 4 })]);
    expect(servers.some((s) => s.client === 'cursor')).toBe(true);
    await expect(
      wrapServer(
        { name: 'a', client: 'claude-desktop' },
        { pathEnv: fixture.pathEnv, dataDir: fixture.home.dataDir, runtime },
      ),
    ).rejects.toThrow();
    expect(await readFile(file, 'utf8')).toBe(broken);
  });
});

describe('wrap and unwrap', () => {
  it('wraps a local http server in place and unwraps it byte-for-byte', async () => {
    const fixture = await fixtureHome('linux-home');
    home = fixture.home;
    const file = claudeJsonPath(fixture.pathEnv);
    const original = await readFile(file, 'utf8');
    const project = path.join(fixture.home.home, 'projects', 'acme');
    const options = { pathEnv: fixture.pathEnv, dataDir: fixture.home.dataDir, runtime };
    const outcome = await wrapServer({ name: 'svc', client: 'claude-code', project }, options);
    const wrapped = await readFile(file, 'utf8');
    expect(outcome.entryAfter).toEqual({
      type: 'stdio',
      command: launcherPath(fixture.home.dataDir, process.platform),
      args: ['--name', 'svc', 'http://127.0.0.1:41971/mcp'],
      env: {},
    });
    // name and position kept: "svc" still comes before "shared" in the same project
    const parsed = JSON.parse(wrapped) as {
      projects: Record<string, { mcpServers: Record<string, unknown> }>;
    };
    expect(Object.keys(parsed.projects[project]!.mcpServers)).toEqual(['svc', 'shared']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { servers } = await discoverServers(fixture.pathEnv);
    expect(servers.find((s) => s.name === 'svc')).toMatchObject({
      wrapped: true,
      upstream: { url: 'http://127.0.0.1:41971/mcp' },
    });
    await unwrapServer({ name: 'svc', client: 'claude-code', project }, options);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('wraps a Codex TOML server keeping comments and other tables, and unwraps exactly', async () => {
    const fixture = await fixtureHome('linux-home');
    home = fixture.home;
    const file = codexConfigPath(fixture.pathEnv);
    const original = await readFile(file, 'utf8');
    const options = { pathEnv: fixture.pathEnv, dataDir: fixture.home.dataDir, runtime };
    await wrapServer({ name: 'codexsrv', client: 'codex' }, options);
    const wrapped = await readFile(file, 'utf8');
    expect(wrapped).toContain('# Codex config: comments must survive edits');
    expect(wrapped).toContain('[profiles.fast]');
    expect(wrapped).toContain('tether-proxy"');
    await unwrapServer({ name: 'codexsrv', client: 'codex' }, options);
    expect(await readFile(file, 'utf8')).toBe(original);
  });

  it('dry run writes nothing', async () => {
    const fixture = await fixtureHome('linux-home');
    home = fixture.home;
    const file = claudeJsonPath(fixture.pathEnv);
    const original = await readFile(file, 'utf8');
    const outcome = await wrapServer(
      { name: 'remote', client: 'claude-code' },
      { pathEnv: fixture.pathEnv, dataDir: fixture.home.dataDir, runtime, dryRun: true },
    );
    expect(outcome.edit.changed).toBe(true);
    expect(await readFile(file, 'utf8')).toBe(original);
    expect(ConfigParseError).toBeDefined();
  });
});
