import { access } from 'node:fs/promises';
import type { ConfigSource } from './config-sources.js';
import {
  claudeJsonPath,
  claudeLegacyConfigPath,
  claudeManagedMcpPath,
  hostPathOf,
  type ClientPathEnv,
} from './client-paths.js';
import { isObject } from '../../../shared/json-object.js';

/** The `~/.claude.json` Claude Code actually uses: the legacy `~/.claude/.config.json` wins when it exists. */
export async function resolveClaudeJsonPath(pathEnv: ClientPathEnv): Promise<string> {
  const legacy = claudeLegacyConfigPath(pathEnv);
  try {
    await access(hostPathOf(pathEnv, legacy));
    return legacy;
  } catch {
    return claudeJsonPath(pathEnv);
  }
}

/** Project keys of `~/.claude.json` (`projects` map), the folders Tether treats as known projects. */
export function claudeProjects(value: unknown): string[] {
  if (!isObject(value) || !isObject(value['projects'])) return [];
  return Object.keys(value['projects']);
}

/** User and local scopes of `~/.claude.json`, plus the managed file (read-only, exclusive when present). */
export function claudeJsonSources(
  pathEnv: ClientPathEnv,
  configPath: string,
  value: unknown,
): ConfigSource[] {
  const base = { client: 'claude-code' as const, configPath, format: 'json' as const, readOnly: false };
  const sources: ConfigSource[] = [
    {
      ...base,
      configPath: claudeManagedMcpPath(pathEnv),
      scope: 'managed',
      project: null,
      container: ['mcpServers'],
      readOnly: true,
    },
    { ...base, scope: 'user', project: null, container: ['mcpServers'] },
  ];
  for (const project of claudeProjects(value)) {
    sources.push({ ...base, scope: 'local', project, container: ['projects', project, 'mcpServers'] });
  }
  return sources;
}

/** Names turned off with `/mcp` in a project (`projects[k].disabledMcpServers`). */
export function claudeDisabledNames(value: unknown, project: string | null): Set<string> {
  if (project === null || !isObject(value) || !isObject(value['projects'])) return new Set();
  const entry = value['projects'][project];
  if (!isObject(entry) || !Array.isArray(entry['disabledMcpServers'])) return new Set();
  return new Set(entry['disabledMcpServers'].filter((item): item is string => typeof item === 'string'));
}
