import { readdir } from 'node:fs/promises';
import type { ClientId, ServerScope } from '../../../shared/server-model.js';
import {
  claudeDesktopConfigPath,
  claudeDesktopMsixConfigPath,
  codexConfigPath,
  cursorGlobalPath,
  hostPathOf,
  msixPackagesDir,
  pathFlavour,
  projectConfigPaths,
  vscodeUserPaths,
  windsurfConfigPath,
  type ClientPathEnv,
} from './client-paths.js';
import type { ConfigFormat } from './config-file.js';

/**
 * One map of servers inside one file: `mcpServers` of `~/.claude.json`, `projects[k].mcpServers`,
 * `servers` of a VS Code `mcp.json`, `[mcp_servers]` of Codex's TOML.
 */
export type ConfigSource = {
  client: ClientId;
  scope: ServerScope;
  project: string | null;
  configPath: string;
  format: ConfigFormat;
  /** Keys from the file's root to the servers map. */
  container: string[];
  readOnly: boolean;
};

/** Config sources of every client except Claude Code's `~/.claude.json` (which needs its content). */
export async function otherClientSources(
  pathEnv: ClientPathEnv,
  projects: readonly string[],
): Promise<ConfigSource[]> {
  const global = (
    client: ClientId,
    configPath: string,
    container = ['mcpServers'],
    format: ConfigFormat = 'json',
  ) => ({
    client,
    scope: 'global' as const,
    project: null,
    configPath,
    format,
    container,
    readOnly: false,
  });
  const sources: ConfigSource[] = [global('claude-desktop', claudeDesktopConfigPath(pathEnv))];
  if (pathEnv.platform === 'win32') {
    for (const dir of await msixClaudePackages(pathEnv)) {
      sources.push(global('claude-desktop', claudeDesktopMsixConfigPath(pathEnv.platform, dir)));
    }
  }
  sources.push(global('cursor', cursorGlobalPath(pathEnv)));
  for (const file of vscodeUserPaths(pathEnv)) sources.push(global('vscode', file, ['servers']));
  sources.push(global('windsurf', windsurfConfigPath(pathEnv)));
  sources.push(global('codex', codexConfigPath(pathEnv), ['mcp_servers'], 'toml'));
  for (const project of projects) {
    const files = projectConfigPaths(pathEnv.platform, project);
    const at = (
      client: ClientId,
      scope: ServerScope,
      configPath: string,
      container: string[],
    ): ConfigSource => ({
      client,
      scope,
      project,
      configPath,
      format: 'json',
      container,
      readOnly: false,
    });
    sources.push(at('claude-code', 'project', files.claudeMcpJson, ['mcpServers']));
    sources.push(at('cursor', 'project', files.cursor, ['mcpServers']));
    sources.push(at('vscode', 'workspace', files.vscode, ['servers']));
  }
  return sources;
}

/** MSIX package folders of Claude Desktop: the family name's hash part can differ, so match `Claude_*`. */
async function msixClaudePackages(pathEnv: ClientPathEnv): Promise<string[]> {
  const root = msixPackagesDir(pathEnv);
  try {
    const entries = await readdir(hostPathOf(pathEnv, root), { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && /^Claude_[a-z0-9]+$/i.test(entry.name))
      .map((entry) => pathFlavour(pathEnv.platform).join(root, entry.name))
      .sort();
  } catch {
    return [];
  }
}
