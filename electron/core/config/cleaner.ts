import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { claudeConfigDir, type ClientPathEnv } from '../clients/client-paths.js';
import { loadConfigFile } from '../clients/config-file.js';
import { resolveClaudeJsonPath } from '../clients/claude-code-sources.js';
import { existingFolders } from '../clients/existing-folders.js';
import { isObject } from '../clients/normalize-entry.js';
import { spliceJsonEdits, type JsonEdit } from './json-edit.js';
import { serversInCopies } from './backup-servers.js';
import { safeEdit } from './safe-edit.js';

/** One finding of `tether clean`, with why it matters; `fixable: false` findings are only reported. */
export type CleanFinding = {
  category:
    | 'needs-auth-cache'
    | 'dangling-toggle'
    | 'missing-project-folder'
    | 'lost-server'
    | 'orphaned-oauth-token';
  file: string;
  subject: string;
  why: string;
  fixable: boolean;
};

/** A file `clean` edits (or would edit), before and after: the dashboard shows the diff before applying. */
export type CleanPreview = { file: string; before: string; after: string };

export type CleanReport = {
  findings: CleanFinding[];
  applied: boolean;
  editedFiles: string[];
  /** With `preview` (or `apply`): each file's text before and after the change. */
  previews?: CleanPreview[];
};

const WHY = {
  'needs-auth-cache':
    'Claude Code skips this server for 15 minutes after a needs-auth mark, even when a fresh token exists',
  'dangling-toggle': 'the enable/disable toggle or approval names a server that no longer exists',
  'missing-project-folder': 'the project folder is gone, so its MCP servers can never load',
  'lost-server':
    'a newer backup or quarantined copy still has this server; offered for restore, never restored silently',
  'orphaned-oauth-token':
    'an MCP OAuth token for a server that is no longer configured (report only: the credential store is never edited)',
} as const;

/**
 * Finds stale MCP state of Claude Code and, with `apply`, removes what is safe to remove. Only
 * `projects[k].{mcpServers,disabledMcpServers,enabledMcpServers,enabledMcpjsonServers,disabledMcpjsonServers}`
 * and the needs-auth cache are written, through `safeEdit` (lock, auth-key guard, backup, undo).
 */
export async function cleanClaudeCode(
  pathEnv: ClientPathEnv,
  options: { dataDir: string; apply: boolean; preview?: boolean },
): Promise<CleanReport> {
  const claudeJson = await resolveClaudeJsonPath(pathEnv);
  const loaded = await loadConfigFile(claudeJson, 'json');
  const findings: CleanFinding[] = [];
  const edits: JsonEdit[] = [];
  const root = isObject(loaded?.value) ? loaded.value : {};
  const userServers = isObject(root['mcpServers']) ? Object.keys(root['mcpServers']) : [];
  const projects = isObject(root['projects']) ? root['projects'] : {};
  const allNames = new Set(userServers);
  const present = await existingFolders(Object.keys(projects));
  // Every present project's .mcp.json, read concurrently (a thousand sequential reads add up).
  const mcpJsonFiles = new Map(
    await Promise.all(
      [...present].map(
        async (dir) =>
          [dir, await loadConfigFile(path.join(dir, '.mcp.json'), 'json').catch(() => undefined)] as const,
      ),
    ),
  );
  for (const [key, project] of Object.entries(projects)) {
    if (!isObject(project)) continue;
    const local = isObject(project['mcpServers']) ? Object.keys(project['mcpServers']) : [];
    local.forEach((name) => allNames.add(name));
    if (!present.has(key)) {
      if (local.length > 0) {
        findings.push({
          category: 'missing-project-folder',
          file: claudeJson,
          subject: `${key}: ${local.join(', ')}`,
          why: WHY['missing-project-folder'],
          fixable: true,
        });
        edits.push({ path: ['projects', key, 'mcpServers'], value: {} });
      }
      continue;
    }
    const mcpJson = mcpJsonFiles.get(key);
    const projectNames =
      isObject(mcpJson?.value) && isObject(mcpJson.value['mcpServers'])
        ? Object.keys(mcpJson.value['mcpServers'])
        : [];
    const known = new Set([...userServers, ...local, ...projectNames]);
    for (const [field, names] of [
      ['disabledMcpServers', known],
      ['enabledMcpjsonServers', new Set(projectNames)],
      ['disabledMcpjsonServers', new Set(projectNames)],
    ] as const) {
      const list = Array.isArray(project[field])
        ? (project[field] as unknown[]).filter((item): item is string => typeof item === 'string')
        : [];
      const dangling = list.filter((name) => !names.has(name));
      if (dangling.length === 0) continue;
      findings.push({
        category: 'dangling-toggle',
        file: claudeJson,
        subject: `${key} ${field}: ${dangling.join(', ')}`,
        why: WHY['dangling-toggle'],
        fixable: true,
      });
      edits.push({ path: ['projects', key, field], value: list.filter((name) => names.has(name)) });
    }
  }
  const configDir = claudeConfigDir(pathEnv);
  const needsAuthFile = path.join(configDir, 'mcp-needs-auth-cache.json');
  const needsAuth = await loadConfigFile(needsAuthFile, 'json').catch(() => undefined);
  const needsAuthNames = isObject(needsAuth?.value) ? Object.keys(needsAuth.value) : [];
  for (const name of needsAuthNames) {
    findings.push({
      category: 'needs-auth-cache',
      file: needsAuthFile,
      subject: name,
      why: WHY['needs-auth-cache'],
      fixable: true,
    });
  }
  findings.push(...(await lostServers(configDir, options.dataDir, allNames)));
  findings.push(...(await orphanedTokens(configDir, allNames)));

  const editedFiles: string[] = [];
  const previews: CleanPreview[] = [];
  // A preview runs the same edits without writing (no lock, no backup), for the diff.
  const dryRun = !options.apply;
  if (options.apply || options.preview) {
    if (edits.length > 0) {
      const done = await safeEdit({
        client: 'claude-code',
        configPath: claudeJson,
        format: 'json',
        dataDir: options.dataDir,
        reason: 'clean',
        dryRun,
        transform: (text) => spliceJsonEdits(claudeJson, text, edits),
      });
      if (done.changed) {
        if (!dryRun) editedFiles.push(claudeJson);
        previews.push({ file: claudeJson, before: done.before, after: done.after });
      }
    }
    if (needsAuthNames.length > 0) {
      const edit = needsAuthNames.map((name) => ({ path: [name], value: undefined }));
      const done = await safeEdit({
        client: 'claude-code',
        configPath: needsAuthFile,
        format: 'json',
        dataDir: options.dataDir,
        reason: 'clean needs-auth cache',
        dryRun,
        transform: (text) => spliceJsonEdits(needsAuthFile, text, edit),
      });
      if (done.changed) {
        if (!dryRun) editedFiles.push(needsAuthFile);
        previews.push({ file: needsAuthFile, before: done.before, after: done.after });
      }
    }
  }
  return {
    findings,
    applied: options.apply,
    editedFiles,
    ...(options.apply || options.preview ? { previews } : {}),
  };
}

/** Servers present in a recent backup or `.corrupted.*` copy but missing now (newest copy named). */
async function lostServers(
  configDir: string,
  dataDir: string,
  current: Set<string>,
): Promise<CleanFinding[]> {
  const dir = path.join(configDir, 'backups');
  const names = await readdir(dir).catch(() => [] as string[]);
  const copies = names
    .filter((n) => /^\.claude\.json\.(backup|corrupted)\./.test(n))
    .sort()
    .reverse()
    .slice(0, 10)
    .map((name) => path.join(dir, name));
  const serversByCopy = await serversInCopies(dataDir, copies);
  const findings = new Map<string, CleanFinding>();
  for (const copy of copies) {
    for (const server of serversByCopy.get(copy) ?? []) {
      if (!current.has(server) && !findings.has(server)) {
        findings.set(server, {
          category: 'lost-server',
          file: copy,
          subject: server,
          why: WHY['lost-server'],
          fixable: false,
        });
      }
    }
  }
  return [...findings.values()];
}

async function orphanedTokens(configDir: string, current: Set<string>): Promise<CleanFinding[]> {
  const file = path.join(configDir, '.credentials.json');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const tokens = isObject(value) && isObject(value['mcpOAuth']) ? value['mcpOAuth'] : {};
  return Object.entries(tokens)
    .map(([key, token]) =>
      isObject(token) && typeof token['serverName'] === 'string' ? token['serverName'] : key.split('|')[0]!,
    )
    .filter((name) => !current.has(name))
    .map((name) => ({
      category: 'orphaned-oauth-token' as const,
      file,
      subject: name,
      why: WHY['orphaned-oauth-token'],
      fixable: false,
    }));
}
