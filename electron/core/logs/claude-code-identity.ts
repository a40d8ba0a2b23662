import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isObject } from '../../../shared/json-object.js';
import type { ServerIdentity, ServerScope } from '../../../shared/log-events.js';
import { sanitizeClaudePath } from './claude-code-paths.js';

/** What `~/.claude.json` says about projects and servers, reduced to what log mapping needs. */
export type ClaudeCodeConfigIndex = {
  /** Sanitized project folder name → project path (the `projects` keys). */
  projectsByFolder: Map<string, string>;
  userServers: Set<string>;
  /** Project path → its local-scope server names. */
  localServers: Map<string, Set<string>>;
};

/** Reads `~/.claude.json`; a missing or unreadable file gives an empty index (logs still map by cwd). */
export async function readClaudeCodeConfigIndex(configFile: string): Promise<ClaudeCodeConfigIndex> {
  const index: ClaudeCodeConfigIndex = {
    projectsByFolder: new Map(),
    userServers: new Set(),
    localServers: new Map(),
  };
  let config: unknown;
  try {
    config = JSON.parse(await readFile(configFile, 'utf8'));
  } catch {
    return index;
  }
  if (typeof config !== 'object' || config === null) return index;
  const record = config as { mcpServers?: unknown; projects?: unknown };
  for (const name of keysOf(record.mcpServers)) index.userServers.add(name);
  const projects = isObject(record.projects) ? record.projects : {};
  for (const [projectPath, project] of Object.entries(projects)) {
    index.projectsByFolder.set(sanitizeClaudePath(projectPath), projectPath);
    const names = keysOf(isObject(project) ? project['mcpServers'] : undefined);
    if (names.length > 0) index.localServers.set(projectPath, new Set(names));
  }
  return index;
}

/**
 * Maps an `mcp-logs-*` folder back to a server identity.
 *
 * The project folder is the sanitized cwd; it is matched against the `projects` keys of
 * `~/.claude.json`, else `cwdHint` (the `cwd` field of the log's first entry) is used. The server name
 * is matched against configured names by their sanitized form (names were sanitized since 2.0.7x).
 * Scope: local beats project (`.mcp.json`) beats user, as Claude Code resolves clashes.
 */
export async function resolveClaudeCodeIdentity(
  index: ClaudeCodeConfigIndex,
  projectFolder: string,
  serverFolder: string,
  cwdHint: string | undefined,
): Promise<ServerIdentity> {
  const project =
    index.projectsByFolder.get(projectFolder) ??
    (cwdHint && sanitizeClaudePath(cwdHint) === projectFolder ? cwdHint : undefined);
  const logName = serverFolder.replace(/^mcp-logs-/, '');
  const local = project ? index.localServers.get(project) : undefined;
  const projectServers = project ? await readMcpJsonNames(project) : [];
  const candidates: Array<[ServerScope, Iterable<string>]> = [
    ['local', local ?? []],
    ['project', projectServers],
    ['user', index.userServers],
  ];
  for (const [scope, names] of candidates) {
    for (const name of names) {
      if (name === logName || sanitizeClaudePath(name) === logName) {
        return { client: 'claude-code', scope, ...(project ? { project } : {}), name };
      }
    }
  }
  return { client: 'claude-code', scope: 'unknown', ...(project ? { project } : {}), name: logName };
}

const mcpJsonCache = new Map<string, Promise<string[]>>();

async function readMcpJsonNames(project: string): Promise<string[]> {
  let cached = mcpJsonCache.get(project);
  if (!cached) {
    cached = readFile(path.join(project, '.mcp.json'), 'utf8')
      .then((text) => keysOf((JSON.parse(text) as { mcpServers?: unknown }).mcpServers))
      .catch(() => []);
    mcpJsonCache.set(project, cached);
    // Short-lived: `.mcp.json` can change while the service runs.
    setTimeout(() => mcpJsonCache.delete(project), 30_000).unref();
  }
  return cached;
}

function keysOf(value: unknown): string[] {
  return isObject(value) ? Object.keys(value) : [];
}
