import path from 'node:path';
import type { PathEnv } from '../paths.js';
import { listDir, statLogFile } from './log-files.js';
import type { DiscoverOptions, LogFormat, LogProblem, LogSource, LogDiscovery } from './log-source.js';

/**
 * Claude Desktop's log folders (client-formats §3): macOS `~/Library/Logs/Claude`, Windows
 * `%APPDATA%\Claude\logs` and the MSIX `%LOCALAPPDATA%\Packages\Claude_*\LocalCache\Roaming\Claude\logs`,
 * Linux (unofficial builds) `$XDG_CONFIG_HOME/Claude/logs`.
 */
export async function claudeDesktopLogDirs(pathEnv: PathEnv): Promise<string[]> {
  const { env, platform, homeDir } = pathEnv;
  if (platform === 'darwin') return [path.posix.join(homeDir, 'Library', 'Logs', 'Claude')];
  if (platform === 'win32') {
    const roaming = env['APPDATA'] || path.win32.join(homeDir, 'AppData', 'Roaming');
    const local = env['LOCALAPPDATA'] || path.win32.join(homeDir, 'AppData', 'Local');
    const packages = path.win32.join(local, 'Packages');
    const msix = (await listDir(packages, [])).filter((name) => name.startsWith('Claude_'));
    return [
      path.win32.join(roaming, 'Claude', 'logs'),
      ...msix.map((name) => path.win32.join(packages, name, 'LocalCache', 'Roaming', 'Claude', 'logs')),
    ];
  }
  const config = env['XDG_CONFIG_HOME'] || path.posix.join(homeDir, '.config');
  return [path.posix.join(config, 'Claude', 'logs')];
}

const MAIN_LOG = /^mcp(?:\.\d+|\.old)?\.log$/;
const SERVER_LOG = /^mcp-server-(.+?)(?:\.\d+|\.old)?\.log$/;

/** Lists `mcp.log` (all servers, named per line) and `mcp-server-<name>.log` files. */
export async function discoverClaudeDesktopLogs(
  pathEnv: PathEnv,
  options: DiscoverOptions = {},
): Promise<LogDiscovery> {
  const problems: LogProblem[] = [];
  const sources: LogSource[] = [];
  for (const dir of await claudeDesktopLogDirs(pathEnv)) {
    for (const name of await listDir(dir, problems)) {
      const serverMatch = SERVER_LOG.exec(name);
      const format: LogFormat | undefined = serverMatch
        ? 'claude-desktop-server'
        : MAIN_LOG.test(name)
          ? 'claude-desktop-main'
          : undefined;
      if (!format) continue;
      const file = path.join(dir, name);
      const info = await statLogFile(file, options, problems);
      if (!info) continue;
      sources.push({
        file,
        format,
        server: { client: 'claude-desktop', scope: 'user', name: serverMatch?.[1] ?? '*' },
        ...(serverMatch ? {} : { multiServer: true }),
        ...info,
      });
    }
  }
  return { sources, problems };
}
