import path from 'node:path';
import type { PathEnv } from '../paths.js';

/**
 * Where clients keep their files, per OS, honouring each client's own overrides.
 *
 * Pure: everything comes from `ClientPathEnv`, so tests point it at a fixture home and a fixture
 * system root (for machine-wide files like Claude Code's `managed-mcp.json`).
 */
export type ClientPathEnv = PathEnv & {
  /** Prefix for machine-wide paths (`/etc`, `C:\Program Files`); '' in production, a fixture folder in tests. */
  systemRoot?: string;
  /**
   * Where a path of the client's layout is read on this host: the path itself in production. Tests of
   * another OS's layout (Windows paths on a Linux CI) map it into a fixture tree; records keep the
   * client's own path.
   */
  hostPath?: (clientPath: string) => string;
};

/** The host path to read for a client path (see `ClientPathEnv.hostPath`). */
export function hostPathOf(pathEnv: ClientPathEnv, clientPath: string): string {
  return pathEnv.hostPath ? pathEnv.hostPath(clientPath) : clientPath;
}

/** The path module matching the target platform, so Windows paths are computed right on any host. */
export function pathFlavour(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.length > 0 ? value : undefined;
}

/** `%APPDATA%` on Windows, `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` elsewhere. */
export function appConfigRoot({ env, platform, homeDir }: PathEnv): string {
  const p = pathFlavour(platform);
  if (platform === 'win32') return nonEmpty(env['APPDATA']) ?? p.join(homeDir, 'AppData', 'Roaming');
  if (platform === 'darwin') return p.join(homeDir, 'Library', 'Application Support');
  return nonEmpty(env['XDG_CONFIG_HOME']) ?? p.join(homeDir, '.config');
}

/** `~/.claude` or `$CLAUDE_CONFIG_DIR`: Claude Code's companion folder (backups, credentials, caches). */
export function claudeConfigDir({ env, platform, homeDir }: PathEnv): string {
  return nonEmpty(env['CLAUDE_CONFIG_DIR']) ?? pathFlavour(platform).join(homeDir, '.claude');
}

/**
 * Claude Code's global config: `$CLAUDE_CONFIG_DIR/.claude.json` when set, else `~/.claude.json`.
 * (A legacy `~/.claude/.config.json` wins when present; the adapter checks for it since that needs I/O.)
 */
export function claudeJsonPath({ env, platform, homeDir }: PathEnv): string {
  const p = pathFlavour(platform);
  const dir = nonEmpty(env['CLAUDE_CONFIG_DIR']);
  return dir ? p.join(dir, '.claude.json') : p.join(homeDir, '.claude.json');
}

/** The legacy location that Claude Code still prefers when it exists. */
export function claudeLegacyConfigPath(pathEnv: PathEnv): string {
  return pathFlavour(pathEnv.platform).join(claudeConfigDir(pathEnv), '.config.json');
}

/** Machine-wide `managed-mcp.json`; when it exists it takes exclusive control of Claude Code's servers. */
export function claudeManagedMcpPath({ platform, systemRoot = '' }: ClientPathEnv): string {
  const p = pathFlavour(platform);
  if (platform === 'darwin')
    return p.join(systemRoot || '/', 'Library', 'Application Support', 'ClaudeCode', 'managed-mcp.json');
  if (platform === 'win32')
    return p.join(systemRoot || 'C:\\', 'Program Files', 'ClaudeCode', 'managed-mcp.json');
  return p.join(systemRoot || '/', 'etc', 'claude-code', 'managed-mcp.json');
}

/** Claude Desktop's config (legacy Squirrel / macOS / Linux location). */
export function claudeDesktopConfigPath(pathEnv: PathEnv): string {
  return pathFlavour(pathEnv.platform).join(appConfigRoot(pathEnv), 'Claude', 'claude_desktop_config.json');
}

/** The folder holding MSIX packages; Claude Desktop's package family is `Claude_<publisher hash>`. */
export function msixPackagesDir({ env, platform, homeDir }: PathEnv): string {
  const p = pathFlavour(platform);
  return p.join(nonEmpty(env['LOCALAPPDATA']) ?? p.join(homeDir, 'AppData', 'Local'), 'Packages');
}

/** Claude Desktop's config inside one MSIX package folder. */
export function claudeDesktopMsixConfigPath(platform: NodeJS.Platform, packageDir: string): string {
  return pathFlavour(platform).join(
    packageDir,
    'LocalCache',
    'Roaming',
    'Claude',
    'claude_desktop_config.json',
  );
}

/** Cursor's global `mcp.json` (`%USERPROFILE%\.cursor` on Windows, the same shape everywhere). */
export function cursorGlobalPath({ platform, homeDir }: PathEnv): string {
  return pathFlavour(platform).join(homeDir, '.cursor', 'mcp.json');
}

/** VS Code's user-profile `mcp.json`, stable and Insiders. */
export function vscodeUserPaths(pathEnv: PathEnv): string[] {
  const p = pathFlavour(pathEnv.platform);
  const root = appConfigRoot(pathEnv);
  return [p.join(root, 'Code', 'User', 'mcp.json'), p.join(root, 'Code - Insiders', 'User', 'mcp.json')];
}

/** Windsurf's `mcp_config.json`. */
export function windsurfConfigPath({ platform, homeDir }: PathEnv): string {
  return pathFlavour(platform).join(homeDir, '.codeium', 'windsurf', 'mcp_config.json');
}

/** Codex's `config.toml`, under `$CODEX_HOME` (default `~/.codex`). */
export function codexConfigPath({ env, platform, homeDir }: PathEnv): string {
  const p = pathFlavour(platform);
  return p.join(nonEmpty(env['CODEX_HOME']) ?? p.join(homeDir, '.codex'), 'config.toml');
}

/** Project-level files each client reads inside a project folder. */
export function projectConfigPaths(platform: NodeJS.Platform, projectDir: string) {
  const p = pathFlavour(platform);
  return {
    claudeMcpJson: p.join(projectDir, '.mcp.json'),
    cursor: p.join(projectDir, '.cursor', 'mcp.json'),
    vscode: p.join(projectDir, '.vscode', 'mcp.json'),
  };
}
