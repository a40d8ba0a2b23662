import path from 'node:path';
import type { PathEnv } from '../paths.js';

/**
 * Where Claude Code keeps its MCP logs and its config, per OS, as its env-paths clone computes them
 * (client-formats §1c): `<cache>/claude-cli-nodejs/<sanitized cwd>/mcp-logs-<sanitized name>/`.
 */
export function claudeCodeLogRoot({ env, platform, homeDir }: PathEnv): string {
  if (platform === 'win32') {
    const local = nonEmpty(env['LOCALAPPDATA']) ?? path.win32.join(homeDir, 'AppData', 'Local');
    return path.win32.join(local, 'claude-cli-nodejs', 'Cache');
  }
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Caches', 'claude-cli-nodejs');
  const cache = nonEmpty(env['XDG_CACHE_HOME']) ?? path.posix.join(homeDir, '.cache');
  return path.posix.join(cache, 'claude-cli-nodejs');
}

/** `$CLAUDE_CONFIG_DIR/.claude.json`, else `~/.claude.json`. */
export function claudeCodeConfigFile({ env, platform, homeDir }: PathEnv): string {
  const flavour = platform === 'win32' ? path.win32 : path.posix;
  const dir = nonEmpty(env['CLAUDE_CONFIG_DIR']);
  return dir ? flavour.join(dir, '.claude.json') : flavour.join(homeDir, '.claude.json');
}

/**
 * Claude Code's path sanitizer: every non-alphanumeric becomes `-`; past 200 characters the name is cut
 * and `-<base36 of |javaHash(original)|>` appended.
 */
export function sanitizeClaudePath(value: string): string {
  const replaced = value.replace(/[^a-zA-Z0-9]/g, '-');
  if (replaced.length <= 200) return replaced;
  return `${replaced.slice(0, 200)}-${Math.abs(javaHash(value)).toString(36)}`;
}

function javaHash(value: string): number {
  let hash = 0;
  for (let index = 0; index < value.length; index++)
    hash = ((hash << 5) - hash + value.charCodeAt(index)) | 0;
  return hash;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.length > 0 ? value : undefined;
}
