import type { ServerIdentity } from '../../../shared/log-events.js';
import { fsErrorReason } from '../fs-errors.js';

/** How a file's lines are read; each format has one line parser and one classifier. */
export type LogFormat =
  | 'claude-code-jsonl'
  | 'claude-code-json-array'
  | 'claude-desktop-main'
  | 'claude-desktop-server'
  | 'cursor'
  | 'cursor-legacy'
  | 'tether-journal';

/**
 * One log file and the server it belongs to.
 *
 * Files that hold several servers (Claude Desktop `mcp.log`, the old `Cursor MCP.log`) carry a
 * template identity whose name is resolved per line.
 */
export type LogSource = {
  file: string;
  format: LogFormat;
  server: ServerIdentity;
  /** True when each line names its own server (the identity's name is a placeholder). */
  multiServer?: boolean;
  size: number;
  mtimeMs: number;
};

/** A problem met while discovering or reading logs; reported, never thrown. */
export type LogProblem = { path: string; code: string; message: string };

/** What a discovery function found: the log files, and what it could not look at. */
export type LogDiscovery = { sources: LogSource[]; problems: LogProblem[] };

/** Options every discovery function takes: files not modified since `sinceMs` are skipped. */
export type DiscoverOptions = { sinceMs?: number };

/** Turns an fs error into a one-line problem report ("permission denied" must be visible, not silent). */
export function problemOf(pathName: string, error: unknown): LogProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EUNKNOWN';
  const message = fsErrorReason(error, 'permission denied; run as the user who owns the client logs');
  return { path: pathName, code, message };
}
