import path from 'node:path';
import { PROXIES_DIR_NAME } from '../../../shared/control-protocol.js';
import type { LogClient } from '../../../shared/log-events.js';
import { claudeCodeLogRoot } from './claude-code-paths.js';
import { claudeDesktopLogDirs } from './claude-desktop-sources.js';
import { cursorLogRoot } from './cursor-sources.js';
import type { LogScope } from './scan-logs.js';

/**
 * The folders under which each client of `scope` writes its MCP logs: what a file watcher watches.
 * The same roots the discover functions list; the deepest file sits 5 levels below its root (Cursor:
 * `<stamp>/window<N>/exthost/anysphere.cursor-mcp/MCP user-x.log`).
 */
export async function logRoots(scope: LogScope): Promise<string[]> {
  const wanted = new Set<LogClient>(scope.clients ?? ['claude-code', 'claude-desktop', 'cursor', 'tether']);
  const roots: string[] = [];
  if (wanted.has('claude-code')) roots.push(claudeCodeLogRoot(scope.pathEnv));
  if (wanted.has('claude-desktop')) roots.push(...(await claudeDesktopLogDirs(scope.pathEnv)));
  if (wanted.has('cursor')) roots.push(cursorLogRoot(scope.pathEnv));
  if (wanted.has('tether')) roots.push(path.join(scope.dataDir, PROXIES_DIR_NAME));
  return roots;
}

/** How deep below a root a log file can sit (see logRoots). */
export const LOG_ROOT_DEPTH = 5;
