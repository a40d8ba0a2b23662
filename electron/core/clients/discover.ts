import type { ConfigProblem, Discovery, ServerRecord } from '../../../shared/server-model.js';
import {
  claudeDisabledNames,
  claudeJsonSources,
  claudeProjects,
  resolveClaudeJsonPath,
} from './claude-code-sources.js';
import { claudeJsonPath, claudeLegacyConfigPath, hostPathOf, type ClientPathEnv } from './client-paths.js';
import { ConfigParseError, loadConfigFile, type LoadedConfig } from './config-file.js';
import { otherClientSources, type ConfigSource } from './config-sources.js';
import { existingFolders } from './existing-folders.js';
import { isObject } from '../../../shared/json-object.js';
import { normalizeEntry } from './normalize-entry.js';
import { applyPrecedence } from './precedence.js';

/** Inputs of a discovery pass. */
export type DiscoverOptions = {
  /** Extra project folders to look in (e.g. the current folder) besides Claude Code's known projects. */
  projectDirs?: readonly string[];
};

/**
 * Finds every MCP server of every client. Never writes; a file that does not parse becomes a
 * `ConfigProblem` naming file and line, and the other files are still read.
 */
export async function discoverServers(
  pathEnv: ClientPathEnv,
  options: DiscoverOptions = {},
): Promise<Discovery> {
  return (await discoverDetailed(pathEnv, options)).discovery;
}

/** A discovery pass plus what a watcher needs to follow it: the projects and every file looked for. */
export type DetailedDiscovery = {
  discovery: Discovery;
  /** The `~/.claude.json` in use (its projects are the known projects). */
  claudeJson: string;
  /** Known projects (`~/.claude.json` plus `projectDirs`), whether their folders exist or not. */
  projects: string[];
  /** Every config file a client would read, present or not (a missing one may appear later). */
  configPaths: string[];
};

/** One discovery pass with the projects and config paths it looked at (for the server watcher). */
export async function discoverDetailed(
  pathEnv: ClientPathEnv,
  options: DiscoverOptions = {},
): Promise<DetailedDiscovery> {
  const problems: ConfigProblem[] = [];
  const files = new Map<string, Promise<LoadedConfig | undefined>>();
  const load = (
    source: Pick<ConfigSource, 'client' | 'configPath' | 'format'>,
  ): Promise<LoadedConfig | undefined> => {
    let pending = files.get(source.configPath);
    if (!pending) {
      pending = loadConfigFile(hostPathOf(pathEnv, source.configPath), source.format).catch((error: unknown) => {
        problems.push(problemOf(source.client, source.configPath, error));
        return undefined;
      });
      files.set(source.configPath, pending);
    }
    return pending;
  };

  const claudeJson = await resolveClaudeJsonPath(pathEnv);
  const claudeLoaded = await load({ client: 'claude-code', configPath: claudeJson, format: 'json' });
  const projects = [...new Set([...claudeProjects(claudeLoaded?.value), ...(options.projectDirs ?? [])])];
  // Project files are only looked for in folders that still exist; all files are read concurrently.
  const hostFolders = await existingFolders(projects.map((project) => hostPathOf(pathEnv, project)));
  const present = new Set(projects.filter((project) => hostFolders.has(hostPathOf(pathEnv, project))));
  const sources = [
    ...claudeJsonSources(pathEnv, claudeJson, claudeLoaded?.value),
    ...(await otherClientSources(
      pathEnv,
      projects.filter((project) => present.has(project)),
    )),
  ];
  const loads = sources.map(load);

  const servers: ServerRecord[] = [];
  for (const [index, source] of sources.entries()) {
    const loaded = await loads[index];
    if (!loaded) continue;
    const container = walk(loaded.value, source.container);
    if (!isObject(container)) continue;
    const disabled =
      source.client === 'claude-code' ? claudeDisabledNames(claudeLoaded?.value, source.project) : new Set();
    for (const [name, entry] of Object.entries(container)) {
      if (!isObject(entry)) continue;
      const normalized = normalizeEntry(source.client, entry, {
        env: pathEnv.env,
        workspaceFolder: source.project,
      });
      servers.push({
        client: source.client,
        scope: source.scope,
        project: source.project,
        name,
        ...normalized,
        disabled: normalized.disabled || disabled.has(name),
        configPath: source.configPath,
        location: [...source.container, name],
        effective: true,
        readOnly: source.readOnly,
      });
    }
  }
  const watchedSources = [
    ...sources,
    ...(await otherClientSources(
      pathEnv,
      projects.filter((project) => !present.has(project)),
    )),
  ];
  return {
    discovery: { servers: applyPrecedence(servers), problems },
    claudeJson,
    projects,
    configPaths: [
      ...new Set([
        claudeJson,
        claudeLegacyConfigPath(pathEnv),
        claudeJsonPath(pathEnv),
        ...watchedSources.map((source) => source.configPath),
      ]),
    ],
  };
}

/** Follows keys from the root of a parsed file; undefined when any step is missing. */
export function walk(value: unknown, keys: readonly string[]): unknown {
  let at = value;
  for (const key of keys) {
    if (!isObject(at)) return undefined;
    at = at[key];
  }
  return at;
}

function problemOf(client: ConfigProblem['client'], configPath: string, error: unknown): ConfigProblem {
  if (error instanceof ConfigParseError) {
    return { client, configPath, line: error.line, column: error.column, message: error.reason };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied' : String((error as Error).message ?? error);
  return { client, configPath, line: null, column: null, message };
}
