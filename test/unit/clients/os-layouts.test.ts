import { afterEach, describe, expect, it } from 'vitest';
import type { ClientPathEnv } from '../../../electron/core/clients/client-paths.js';
import { discoverServers } from '../../../electron/core/clients/discover.js';
import type { TempHome } from '../../helpers/temp-home.js';
import { fixtureHome, windowsHostPath } from './fixture-home.js';

let home: TempHome | undefined;
afterEach(async () => {
  await home?.cleanup();
  home = undefined;
});

const ids = (servers: ReadonlyArray<{ client: string; scope: string; name: string }>): string[] =>
  servers.map((server) => `${server.client}/${server.scope}/${server.name}`).sort();

describe('discovery by OS layout (platform and environment injected, whatever the host)', () => {
  it('macOS: ~/Library/Application Support for Claude Desktop and VS Code, dot-folders for the rest', async () => {
    const fixture = await fixtureHome('macos-home', 'darwin');
    home = fixture.home;
    // XDG_CONFIG_HOME is set (the temp home sets it) and holds a Claude Desktop file: macOS ignores it.
    expect(fixture.pathEnv.env['XDG_CONFIG_HOME']).toBeTruthy();
    const { servers, problems } = await discoverServers(fixture.pathEnv);
    expect(problems).toEqual([]);
    expect(ids(servers)).toEqual(
      [
        'claude-code/user/mac-user',
        'claude-code/local/mac-local',
        'claude-code/project/mac-project',
        'claude-desktop/global/mac-desk',
        'vscode/global/mac-vscode',
        'cursor/global/mac-cursor',
        'windsurf/global/mac-wind',
        'codex/global/mac-codex',
      ].sort(),
    );
    const desk = servers.find((server) => server.name === 'mac-desk')!;
    expect(desk.configPath).toBe(
      `${home.home}/Library/Application Support/Claude/claude_desktop_config.json`,
    );
    expect(servers.find((server) => server.name === 'mac-user')!.headers['Authorization']).toBe('Bearer [REDACTED]');
  });

  it('Windows: %APPDATA%, the MSIX package of Claude Desktop, %CODEX_HOME%, project files, Windows paths kept', async () => {
    const me = 'C:\\Users\\me';
    const pathEnv: ClientPathEnv = {
      platform: 'win32',
      homeDir: me,
      env: {
        USERPROFILE: me,
        APPDATA: `${me}\\AppData\\Roaming`,
        LOCALAPPDATA: `${me}\\AppData\\Local`,
        CODEX_HOME: `${me}\\codex-home`,
      },
      systemRoot: 'C:\\',
      hostPath: windowsHostPath,
    };
    const { servers, problems } = await discoverServers(pathEnv);
    expect(problems).toEqual([]);
    expect(ids(servers)).toEqual(
      [
        'claude-code/user/win-user',
        'claude-code/local/win-local',
        'claude-code/project/win-project',
        'claude-desktop/global/win-desk',
        'claude-desktop/global/win-desk-msix',
        'cursor/global/win-cursor',
        'cursor/project/win-cursor-project',
        'vscode/global/win-vscode-insiders',
        'vscode/workspace/win-vscode-workspace',
        'windsurf/global/win-wind',
        'codex/global/win-codex',
      ].sort(),
    );
    const find = (name: string) => servers.find((server) => server.name === name)!;
    expect(find('win-desk-msix').configPath).toBe(
      `${me}\\AppData\\Local\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json`,
    );
    expect(find('win-local')).toMatchObject({ project: `${me}\\projects\\acme`, configPath: `${me}\\.claude.json` });
    expect(find('win-codex').configPath).toBe(`${me}\\codex-home\\config.toml`);
    expect(find('win-vscode-workspace').args).toEqual([`${me}\\projects\\acme\\server.js`]);
    expect(find('win-cursor-project').configPath).toBe(`${me}\\projects\\acme\\.cursor\\mcp.json`);
  });
});
