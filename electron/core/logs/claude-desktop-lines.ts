import type { LogEventLevel } from '../../../shared/log-events.js';
import type { RawLogEntry } from './log-entry.js';

/**
 * Claude Desktop log lines (client-formats §3).
 *
 * `mcp.log`: `<ISO> [level] [server] msg` (the 2024 form has no server bracket). Per-server
 * `mcp-server-<name>.log`: `<ISO> [server] [level] msg`, since mid-2025 with a ` { metadata: … }` tail;
 * the server's stderr is copied raw, without a prefix, and takes the time of the line before it.
 */
const MAIN = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) \[(\w+)\] (?:\[([^\]]+)\] )?([\s\S]*)$/;
const SERVER = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) \[([^\]]+)\] \[(\w+)\] ([\s\S]*)$/;
const METADATA = / \{ metadata: [\s\S]*\}$/;
const OLD_NAME = /MCP server ([^\s!.]+(?:\.[^\s!.]+)*?)(?:\.\.\.|!|$)/;

/**
 * A stateful parser for one Desktop log file (stderr lines borrow the previous timestamp).
 *
 * Since mid-2025 Desktop prints some metadata over several lines (`Using MCP server command: … with
 * path: {` then `  args: [ … ],` … `}`): lines that continue an open bracket are part of the entry
 * before them (null), not the server's stderr.
 */
export function createClaudeDesktopParser(
  kind: 'main' | 'server',
): (text: string, line: number) => RawLogEntry | null | undefined {
  let lastTime: string | undefined;
  let openBrackets = 0;
  return (text, line) => {
    if (openBrackets > 0 && !TIMESTAMPED.test(text)) {
      openBrackets += bracketBalance(text);
      return null;
    }
    openBrackets = 0;
    if (kind === 'server') {
      const match = SERVER.exec(text);
      if (match) {
        lastTime = match[1]!;
        openBrackets = Math.max(0, bracketBalance(match[4]!));
        return {
          time: lastTime,
          level: levelOf(match[3]!),
          message: match[4]!.replace(METADATA, ''),
          line,
          serverName: match[2]!,
        };
      }
      // Raw stderr of the server; before any timestamped line there is no time to give it.
      return lastTime ? { time: lastTime, level: 'info', message: text, line, stderr: true } : undefined;
    }
    const match = MAIN.exec(text);
    if (!match) return undefined;
    lastTime = match[1]!;
    openBrackets = Math.max(0, bracketBalance(match[4]!));
    const message = match[4]!.replace(METADATA, '');
    const serverName = match[3] ?? OLD_NAME.exec(message)?.[1];
    return {
      time: lastTime,
      level: levelOf(match[2]!),
      message,
      line,
      ...(serverName ? { serverName } : {}),
    };
  };
}

const TIMESTAMPED = /^\d{4}-\d\d-\d\dT[\d:.]+Z /;

/** Opening minus closing brackets outside quoted strings (an approximation that is enough here). */
function bracketBalance(text: string): number {
  let balance = 0;
  let quote = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '{' || char === '[') balance++;
    else if (char === '}' || char === ']') balance--;
  }
  return balance;
}

/** Maps the level words clients print onto the four levels. */
export function levelOf(word: string): LogEventLevel {
  const lower = word.toLowerCase();
  if (lower.startsWith('err') || lower === 'fatal' || lower === 'critical') return 'error';
  if (lower.startsWith('warn')) return 'warn';
  if (lower === 'debug' || lower === 'trace') return 'debug';
  return 'info';
}
