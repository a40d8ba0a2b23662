import path from 'node:path';
import type { PathEnv } from '../../paths.js';
import type { Collector, CollectorContext } from '../collector.js';
import { findRecentFiles, readTail } from '../recent-files.js';

type LogRoot = { client: string; root: string; match: (relative: string) => boolean; depth: number };

/**
 * Where each client writes its MCP logs (client-formats §1c, §2, §3), with the
 * same environment overrides the clients honour.
 */
export function clientLogRoots({ env, platform, homeDir }: PathEnv): LogRoot[] {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const nonEmpty = (value: string | undefined): string | undefined => (value ? value : undefined);
  const appData = nonEmpty(env['APPDATA']) ?? p.join(homeDir, 'AppData', 'Roaming');
  const localAppData = nonEmpty(env['LOCALAPPDATA']) ?? p.join(homeDir, 'AppData', 'Local');
  const xdgConfig = nonEmpty(env['XDG_CONFIG_HOME']) ?? p.join(homeDir, '.config');
  const claudeCodeCache =
    platform === 'darwin'
      ? p.join(homeDir, 'Library', 'Caches', 'claude-cli-nodejs')
      : platform === 'win32'
        ? p.join(localAppData, 'claude-cli-nodejs', 'Cache')
        : p.join(nonEmpty(env['XDG_CACHE_HOME']) ?? p.join(homeDir, '.cache'), 'claude-cli-nodejs');
  const desktopLogs =
    platform === 'darwin'
      ? p.join(homeDir, 'Library', 'Logs', 'Claude')
      : platform === 'win32'
        ? p.join(appData, 'Claude', 'logs')
        : p.join(xdgConfig, 'Claude', 'logs');
  const cursorLogs =
    platform === 'darwin'
      ? p.join(homeDir, 'Library', 'Application Support', 'Cursor', 'logs')
      : platform === 'win32'
        ? p.join(appData, 'Cursor', 'logs')
        : p.join(xdgConfig, 'Cursor', 'logs');
  return [
    // <cache>/<sanitized cwd>/mcp-logs-<server>/<ts>.jsonl (.txt before 2.0.65); nothing else there is MCP.
    {
      client: 'claude-code',
      root: claudeCodeCache,
      match: (rel) => /(^|[\\/])mcp-logs-[^\\/]+[\\/][^\\/]+\.(jsonl|txt)$/.test(rel),
      depth: 2,
    },
    {
      client: 'claude-desktop',
      root: desktopLogs,
      match: (rel) => /^mcp[^\\/]*\.log(\.\d+)?$/.test(rel),
      depth: 0,
    },
    // logs/<stamp>/window<N>/exthost/<ext>/MCP *.log and the older "Cursor MCP.log".
    {
      client: 'cursor',
      root: cursorLogs,
      match: (rel) => /(^|[\\/])(MCP [^\\/]*|Cursor MCP|mcp[^\\/]*)\.log$/.test(rel),
      depth: 5,
    },
  ];
}

/** One collector per client: its recent MCP log files, tails only, newest first. */
export function clientLogCollectors(): Collector[] {
  return ['claude-code', 'claude-desktop', 'cursor'].map((client) => ({
    name: `logs:${client}`,
    async collect(context: CollectorContext) {
      const root = clientLogRoots(context.pathEnv).find((entry) => entry.client === client)!;
      const files = await findRecentFiles(root.root, root.match, context.window, context.now, root.depth);
      return Promise.all(
        files.map(async (file) => ({
          path: `logs/${client}/${file.relative.split(/[\\/]/).join('/')}`,
          content: await readTail(file.file, file.size, context.window.maxBytesPerFile),
        })),
      );
    },
  }));
}
