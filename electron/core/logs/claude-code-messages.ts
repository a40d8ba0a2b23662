import type { Classification, RawLogEntry } from './log-entry.js';
import { parseDurationMs } from './durations.js';

/**
 * Claude Code's MCP log messages → normalized kinds.
 *
 * Prefix matches only: the wording changed at 2.1.88 ("Successfully connected …") and again in 2.1.2xx
 * (session expiry), so each rule anchors on the stable start of a template from
 * ../shared/reference/client-formats.md §1c and reads numbers with loose patterns.
 */
export function classifyClaudeCodeMessage(message: string, entry: RawLogEntry): Classification {
  if (entry.stderr || message.startsWith('Server stderr:')) return { kind: 'server_stderr', level: 'info' };
  if (message.startsWith('No token data found')) return { kind: 'info', level: 'debug' };
  return (
    connection(message) ??
    drops(message) ??
    tools(message) ??
    auth(message) ?? {
      kind: entry.level === 'error' ? 'error' : 'info',
      level: entry.level === 'error' ? 'error' : 'debug',
      ...httpStatusOf(message),
    }
  );
}

const CONNECTED = /^Successfully connected (?:\(transport: ([\w-]+)\)|to ([\w-]+) server) in (\d+)ms/;
const CONNECT_FAILED = /^(?:(?:HTTP|SSE|WebSocket|STDIO) )?Connection failed(?: after \d+ms)?:\s*([\s\S]*)/;
const TIMEOUT = /^Connection timeout triggered after (\d+)ms/;

function connection(message: string): Classification | undefined {
  if (message.startsWith('Starting connection')) return { kind: 'connecting' };
  const connected = CONNECTED.exec(message);
  if (connected) {
    const transport = connected[1] ?? connected[2];
    return {
      kind: 'connected',
      ...(transport && transport !== 'undefined' ? { transport } : {}),
      ms: Number(connected[3]),
    };
  }
  const timeout = TIMEOUT.exec(message);
  if (timeout) return { kind: 'timeout', ms: Number(timeout[1]) };
  const failed = CONNECT_FAILED.exec(message);
  if (failed) return { kind: 'connect_failed', reason: firstLine(failed[1] ?? '') };
  if (
    message.startsWith('Max reconnection attempts') ||
    message.startsWith('Giving up after reconnection attempt')
  ) {
    return { kind: 'connect_failed', reason: 'reconnection attempts exhausted' };
  }
  return reconnecting(message);
}

const ATTEMPT = /attempt (\d+)(?:\/(\d+))?/i;

function reconnecting(message: string): Classification | undefined {
  if (
    message.startsWith('Reconnect attempt') ||
    message.startsWith('Background reconnect attempt') ||
    message.startsWith('Scheduling reconnection attempt') ||
    /^(?:HTTP|SSE|WebSocket) transport (?:closed|disconnected), attempting automatic reconnection/.test(
      message,
    )
  ) {
    const attempt = ATTEMPT.exec(message);
    return {
      kind: 'reconnecting',
      ...(attempt?.[1] ? { attempt: Number(attempt[1]) } : {}),
      ...(attempt?.[2] ? { maxAttempts: Number(attempt[2]) } : {}),
    };
  }
  return undefined;
}

const DROPPED = /^([A-Z-]+) connection dropped after (\d+)s uptime/;
const CLOSED = /^([A-Z-]+) connection closed after (\d+)s \((cleanly|with errors)\)/;

function drops(message: string): Classification | undefined {
  const dropped = DROPPED.exec(message);
  if (dropped) {
    return {
      kind: 'disconnected',
      transport: dropped[1]!.toLowerCase(),
      uptimeS: Number(dropped[2]),
      clean: false,
      final: false,
    };
  }
  const closed = CLOSED.exec(message);
  if (closed) {
    const clean = closed[3] === 'cleanly';
    return {
      kind: 'disconnected',
      transport: closed[1]!.toLowerCase(),
      uptimeS: Number(closed[2]),
      clean,
      final: true,
    };
  }
  if (message.startsWith('MCP session expired')) return { kind: 'session_expired' };
  if (message.startsWith('Terminal connection error')) return { kind: 'error', level: 'warn' };
  if (message.startsWith('Connection error:'))
    return { kind: 'error', level: 'warn', ...httpStatusOf(message) };
  if (message.startsWith('Closing transport') || message.startsWith('Cleared connection cache')) {
    return { kind: 'info' };
  }
  return undefined;
}

const TOOL_CALL = /^Calling MCP tool: (.+)$/;
const TOOL_OK = /^Tool '([^']+)' completed successfully in (.+)$/;
const TOOL_FAILED = /^Tool '([^']+)' failed after ([\d.]+\s*m?s)?:?\s*([\s\S]*)$/;
const TOOL_RUNNING = /^Tool '([^']+)' still running \((\d+)s elapsed\)/;
const TOOL_COUNT = /(?:reconnected with|Found) (\d+) tool/;

function tools(message: string): Classification | undefined {
  const call = TOOL_CALL.exec(message);
  if (call) return { kind: 'tool_call', tool: call[1]!.trim() };
  const ok = TOOL_OK.exec(message);
  if (ok) {
    const ms = parseDurationMs(ok[2]!);
    return { kind: 'tool_ok', tool: ok[1]!, ...(ms === undefined ? {} : { ms }) };
  }
  const failed = TOOL_FAILED.exec(message);
  if (failed) {
    const ms = failed[2] ? parseDurationMs(failed[2]) : undefined;
    return {
      kind: 'tool_error',
      tool: failed[1]!,
      error: firstLine(failed[3] ?? ''),
      ...(ms === undefined ? {} : { ms }),
    };
  }
  const running = TOOL_RUNNING.exec(message);
  if (running) return { kind: 'info', level: 'warn', tool: running[1]!, elapsedS: Number(running[2]) };
  const count = TOOL_COUNT.exec(message);
  if (count) return { kind: 'tools_listed', count: Number(count[1]) };
  return undefined;
}

const AUTH_PREFIXES = [
  'Authentication required',
  'Skipping connection (cached needs-auth)',
  'Tool call returned 401',
  'Token expired',
  'Token refresh failed',
  'SDK auth error',
];

function auth(message: string): Classification | undefined {
  const prefix = AUTH_PREFIXES.find((candidate) => message.startsWith(candidate));
  return prefix ? { kind: 'auth_required', reason: firstLine(message) } : undefined;
}

const HTTP_STATUS =
  /\((?:HTTP|status(?: code)?)\s*:?\s*(\d{3})\)|\bHTTP (\d{3})\b|status code \(?(\d{3})\)?/i;

/** Pulls an HTTP status out of an SDK error message (`Error POSTing to endpoint (HTTP 404)`), if any. */
export function httpStatusOf(message: string): { httpStatus?: number } {
  const match = HTTP_STATUS.exec(message);
  const raw = match?.[1] ?? match?.[2] ?? match?.[3];
  return raw ? { httpStatus: Number(raw) } : {};
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).trim();
}
