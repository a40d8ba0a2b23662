import path from 'node:path';
import type { PathEnv } from '../paths.js';
import { claudeCodeConfigFile, claudeCodeLogRoot } from './claude-code-paths.js';
import { readClaudeCodeConfigIndex, resolveClaudeCodeIdentity } from './claude-code-identity.js';
import { readClaudeCodeCwd } from './file-head.js';
import { listDir, statLogFile } from './log-files.js';
import type { DiscoverOptions, LogProblem, LogSource, LogDiscovery } from './log-source.js';

/**
 * Lists Claude Code's MCP log files (`.jsonl`, and legacy `.txt` JSON arrays) with their servers.
 *
 * Only names and stats are read here, never contents (beyond one small head per server folder for the
 * cwd), so a folder of hundreds of GB costs one readdir per directory.
 */
export async function discoverClaudeCodeLogs(
  pathEnv: PathEnv,
  options: DiscoverOptions = {},
): Promise<LogDiscovery> {
  const root = claudeCodeLogRoot(pathEnv);
  const problems: LogProblem[] = [];
  const sources: LogSource[] = [];
  const projectFolders = await listDir(root, problems);
  if (projectFolders.length === 0) return { sources, problems };
  const index = await readClaudeCodeConfigIndex(claudeCodeConfigFile(pathEnv));
  for (const projectFolder of projectFolders) {
    const projectDir = path.join(root, projectFolder);
    const serverFolders = (await listDir(projectDir, problems)).filter((name) =>
      name.startsWith('mcp-logs-'),
    );
    for (const serverFolder of serverFolders) {
      const dir = path.join(projectDir, serverFolder);
      const files = await statLogFiles(dir, options, problems);
      if (files.length === 0) continue;
      const cwd = await readClaudeCodeCwd(files[0]!.file);
      const server = await resolveClaudeCodeIdentity(index, projectFolder, serverFolder, cwd);
      for (const file of files) sources.push({ ...file, server });
    }
  }
  return { sources, problems };
}

async function statLogFiles(
  dir: string,
  options: DiscoverOptions,
  problems: LogProblem[],
): Promise<Array<Omit<LogSource, 'server'>>> {
  const out: Array<Omit<LogSource, 'server'>> = [];
  for (const name of await listDir(dir, problems)) {
    const format = name.endsWith('.jsonl')
      ? 'claude-code-jsonl'
      : name.endsWith('.txt')
        ? 'claude-code-json-array'
        : undefined;
    if (!format) continue;
    const file = path.join(dir, name);
    const info = await statLogFile(file, options, problems);
    if (info) out.push({ file, format, ...info });
  }
  // Newest first, so the one cwd head read above comes from the most relevant file.
  return out.sort((a, b) => b.mtimeMs - a.mtimeMs);
}
