import path from 'node:path';
import type { ServerIdentity } from '../../../shared/log-events.js';
import type { PathEnv } from '../paths.js';
import { listDir, statLogFile } from './log-files.js';
import type { DiscoverOptions, LogFormat, LogProblem, LogSource, LogDiscovery } from './log-source.js';

/** Cursor's VS Code-style log root: `<userData>/logs` (client-formats §2). */
export function cursorLogRoot({ env, platform, homeDir }: PathEnv): string {
  if (platform === 'darwin')
    return path.posix.join(homeDir, 'Library', 'Application Support', 'Cursor', 'logs');
  if (platform === 'win32') {
    return path.win32.join(
      env['APPDATA'] || path.win32.join(homeDir, 'AppData', 'Roaming'),
      'Cursor',
      'logs',
    );
  }
  return path.posix.join(env['XDG_CONFIG_HOME'] || path.posix.join(homeDir, '.config'), 'Cursor', 'logs');
}

/**
 * Identity from a per-server channel file name: `MCP user-<name>.log` (global) or
 * `MCP project-<n>-<project>-<name>.log`, optionally with a `.<timestamp>` before `.log`.
 * The project part cannot be split from the name reliably, so it stays in the name.
 */
export function cursorIdentityOf(fileName: string): ServerIdentity | undefined {
  const match = /^MCP (user|project)-(.+?)(?:\.\d+)?\.log$/.exec(fileName);
  if (!match) return undefined;
  if (match[1] === 'user') return { client: 'cursor', scope: 'user', name: match[2]! };
  const project = /^\d+-(.+)$/.exec(match[2]!);
  return { client: 'cursor', scope: 'project', name: project?.[1] ?? match[2]! };
}

/** Lists Cursor's MCP channel logs in every session and window folder, newest session first. */
export async function discoverCursorLogs(
  pathEnv: PathEnv,
  options: DiscoverOptions = {},
): Promise<LogDiscovery> {
  const problems: LogProblem[] = [];
  const sources: LogSource[] = [];
  const root = cursorLogRoot(pathEnv);
  const sessions = (await listDir(root, problems)).sort().reverse();
  for (const session of sessions) {
    for (const windowDir of (await listDir(path.join(root, session), problems)).filter((name) =>
      name.startsWith('window'),
    )) {
      const exthost = path.join(root, session, windowDir, 'exthost');
      const candidates: Array<[string, LogFormat, ServerIdentity & { multi?: boolean }]> = [];
      for (const name of await listDir(path.join(exthost, 'anysphere.cursor-mcp'), problems)) {
        const server = cursorIdentityOf(name);
        if (server) candidates.push([path.join(exthost, 'anysphere.cursor-mcp', name), 'cursor', server]);
      }
      const legacy = path.join(exthost, 'anysphere.cursor-always-local', 'Cursor MCP.log');
      candidates.push([
        legacy,
        'cursor-legacy',
        { client: 'cursor', scope: 'unknown', name: '*', multi: true },
      ]);
      for (const [file, format, { multi, ...server }] of candidates) {
        const info = await statLogFile(file, options, problems);
        if (info) sources.push({ file, format, server, ...(multi ? { multiServer: true } : {}), ...info });
      }
    }
  }
  return { sources, problems };
}
