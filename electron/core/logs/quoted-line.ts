import type { LogEventKind, LogEventLevel } from '../../../shared/log-events.js';
import { claudeCodeEntry } from './claude-code-entries.js';
import { classifyClaudeCodeMessage } from './claude-code-messages.js';
import { createClaudeDesktopParser } from './claude-desktop-lines.js';
import { createClaudeDesktopClassifier } from './claude-desktop-messages.js';
import { createCursorParser } from './cursor-lines.js';
import { classifyCursorMessage } from './cursor-messages.js';
import type { Classification, RawLogEntry } from './log-entry.js';
import type { LogFormat } from './log-source.js';

/**
 * The formats a single quoted line can be in: every file format Tether reads, plus Claude Code's debug
 * log (`~/.claude/debug/*.txt`, `claude --debug` on the terminal: `[DEBUG] MCP server "x": …`) and a
 * bare Claude Code message, which is how lines usually appear in bug reports.
 */
export type QuotedLineFormat = LogFormat | 'claude-code-debug' | 'claude-code-message';

export type QuotedLineReading = {
  format: QuotedLineFormat;
  kind: LogEventKind;
  level: LogEventLevel;
  /** The client's message, without the line's time, level and server prefix. */
  message: string;
  serverName?: string;
};

const CURSOR_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \[\w+\] /;
const DESKTOP_LINE = /^\d{4}-\d\d-\d\dT[\d:.]+Z \[([^\]]+)\] /;
const LEVEL_WORD = /^(?:info|warn|warning|error|debug|trace|fatal)$/i;
const LEGACY_CURSOR_MESSAGE = /^\d{4}-\d\d-\d\d \S+ \[\w+\] (?:[^:]{4}): /;
const CLAUDE_CODE_DEBUG = /^(?:\d{4}-\d\d-\d\dT\S+\s+)?\[(?:DEBUG|ERROR|WARN|WARNING|INFO)\]|^MCP server "/;
const DEBUG_LOG =
  /^(?:(\d{4}-\d\d-\d\dT\S+)\s+)?(?:\[(DEBUG|ERROR|WARN|WARNING|INFO)\]\s+)?(?:MCP server "([^"]+)":?\s+)?([\s\S]*)$/;

/**
 * Reads one log line as quoted in a bug report or support chat, in any client's format, and says what
 * it means (the same parser and classifier as the file readers, so both always agree).
 *
 * `format` skips the sniffing; without it the line's own shape decides. Returns undefined for a line
 * that is not a log line of any known format (an empty line, a continuation of a stack trace).
 */
export function readQuotedLine(text: string, format?: QuotedLineFormat): QuotedLineReading | undefined {
  const line = text.replace(/\r?\n$/, '');
  const chosen = format ?? sniffFormat(line);
  if (!chosen) return undefined;
  const entry = parseEntry(line, chosen);
  if (!entry) return undefined;
  const classification = classify(entry, chosen);
  return {
    format: chosen,
    kind: classification.kind,
    level: classification.level ?? entry.level,
    message: entry.message,
    ...(entry.serverName ? { serverName: entry.serverName } : {}),
  };
}

/** The format a line is written in, from its shape alone. */
function sniffFormat(line: string): QuotedLineFormat | undefined {
  const trimmed = line.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('{') && /"(?:debug|error)"\s*:/.test(trimmed)) return 'claude-code-jsonl';
  if (CURSOR_LINE.test(trimmed)) return LEGACY_CURSOR_MESSAGE.test(trimmed) ? 'cursor-legacy' : 'cursor';
  // Claude Code's debug log writes its level in capitals; Desktop's levels are lower case.
  if (CLAUDE_CODE_DEBUG.test(trimmed)) return 'claude-code-debug';
  const desktop = DESKTOP_LINE.exec(trimmed);
  if (desktop) return LEVEL_WORD.test(desktop[1]!) ? 'claude-desktop-main' : 'claude-desktop-server';
  return 'claude-code-message';
}

function parseEntry(line: string, format: QuotedLineFormat): RawLogEntry | undefined {
  switch (format) {
    case 'claude-code-jsonl':
    case 'claude-code-json-array': {
      try {
        return claudeCodeEntry(JSON.parse(line.trim().replace(/,$/, '')), 1);
      } catch {
        return undefined;
      }
    }
    case 'cursor':
    case 'cursor-legacy':
      return createCursorParser(format === 'cursor-legacy')(line, 1) ?? undefined;
    case 'claude-desktop-main':
      return createClaudeDesktopParser('main')(line, 1) ?? undefined;
    case 'claude-desktop-server':
      // A line without a time is the server's raw stderr; give it one so it reads as such.
      return (
        createClaudeDesktopParser('server')(line, 1) ?? {
          time: new Date(0).toISOString(),
          level: 'info',
          message: line,
          line: 1,
          stderr: true,
        }
      );
    case 'tether-journal':
      return undefined;
    case 'claude-code-debug': {
      const match = DEBUG_LOG.exec(line.trim())!;
      const level = match[2]?.toUpperCase().startsWith('ERR') ? 'error' : 'debug';
      const message = match[4]!;
      return {
        time: match[1] ?? new Date(0).toISOString(),
        level,
        message,
        line: 1,
        ...(match[3] ? { serverName: match[3] } : {}),
        ...(message.startsWith('Server stderr:') ? { stderr: true } : {}),
      };
    }
    case 'claude-code-message':
      return { time: new Date(0).toISOString(), level: 'debug', message: line.trim(), line: 1 };
  }
}

function classify(entry: RawLogEntry, format: QuotedLineFormat): Classification {
  switch (format) {
    case 'cursor':
    case 'cursor-legacy':
      return classifyCursorMessage(entry.message, entry);
    case 'claude-desktop-main':
    case 'claude-desktop-server':
      return createClaudeDesktopClassifier()(entry.message, entry);
    default:
      return classifyClaudeCodeMessage(entry.message, entry);
  }
}
