import type { Classification, RawLogEntry } from './log-entry.js';
import { textAt } from './text-at.js';
import { parseDurationMs } from './durations.js';

/**
 * Claude Code's MCP log messages → normalized kinds.
 *
 * Prefix matches only: the wording changed at 2.1.88 ("Successfully connected …") and again in 2.1.2xx
 * (session expiry), so each rule anchors on the stable start of a template from
 * client-formats §1c and reads numbers with loose patterns.
 *
 * Speed: this runs once per log line, and most lines match nothing. Rules are grouped by the first
 * character of their prefix, so a line is tried only against the few rules that can match it; the
 * `${TYPE} connection dropped/closed` templates, whose first word varies, are found by their second
 * word.
 */
export function classifyClaudeCodeMessage(message: string, entry: RawLogEntry): Classification {
  if (entry.stderr) return { kind: 'server_stderr', level: 'info' };
  const rules = RULES_BY_FIRST_CHAR[message.charCodeAt(0)];
  if (rules) {
    for (const rule of rules) {
      if (!textAt(message, rule.prefix)) continue;
      const found = rule.classify(message);
      if (found) return found;
    }
  }
  const transportEvent = transportConnectionEvent(message);
  if (transportEvent) return transportEvent;
  return entry.level === 'error'
    ? { kind: 'error', level: 'error', ...httpStatusOf(message) }
    : { kind: 'info', level: 'debug' };
}

type PrefixRule = { prefix: string; classify: (message: string) => Classification | undefined };

const CONNECTED = /^Successfully connected (?:\(transport: ([\w-]+)\)|to ([\w-]+) server) in (\d+)ms/;
const CONNECT_FAILED = /^(?:(?:HTTP|SSE|WebSocket|STDIO) )?Connection failed(?: after \d+ms)?:\s*([\s\S]*)/;
const TIMEOUT = /^Connection timeout triggered after (\d+)ms/;
const ATTEMPT = /attempt (\d+)(?:\/(\d+))?/i;
const TOOL_CALL = /^Calling MCP tool: (.+)$/;
const TOOL_OK = /^Tool '([^']+)' completed successfully in (.+)$/;
const TOOL_FAILED = /^Tool '([^']+)' failed after ([\d.]+\s*m?s)?:?\s*([\s\S]*)$/;
const TOOL_RUNNING = /^Tool '([^']+)' still running \((\d+)s elapsed\)/;
const TOOL_COUNT = /^(?:OAuth complete, reconnected with|Found) (\d+) tool/;

function connected(message: string): Classification | undefined {
  const match = CONNECTED.exec(message);
  if (!match) return undefined;
  const transport = match[1] ?? match[2];
  return {
    kind: 'connected',
    ...(transport && transport !== 'undefined' ? { transport } : {}),
    ms: Number(match[3]),
  };
}

function connectFailed(message: string): Classification | undefined {
  const failed = CONNECT_FAILED.exec(message);
  return failed
    ? { kind: 'connect_failed', reason: firstLine(failed[1] ?? ''), ...httpStatusOf(message) }
    : undefined;
}

function timeout(message: string): Classification | undefined {
  const match = TIMEOUT.exec(message);
  return match ? { kind: 'timeout', ms: Number(match[1]) } : undefined;
}

function reconnecting(message: string): Classification {
  const attempt = ATTEMPT.exec(message);
  return {
    kind: 'reconnecting',
    ...(attempt?.[1] ? { attempt: Number(attempt[1]) } : {}),
    ...(attempt?.[2] ? { maxAttempts: Number(attempt[2]) } : {}),
  };
}

const dropReason = (): Classification => ({ kind: 'error', level: 'warn' });

const exhausted = (): Classification => ({
  kind: 'connect_failed',
  reason: 'reconnection attempts exhausted',
});
const authRequired = (message: string): Classification => ({
  kind: 'auth_required',
  reason: firstLine(message),
});

function toolRule(message: string): Classification | undefined {
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
  return undefined;
}

function toolCount(message: string): Classification | undefined {
  const count = TOOL_COUNT.exec(message);
  return count ? { kind: 'tools_listed', count: Number(count[1]) } : undefined;
}

const TRANSPORT_RECONNECT =
  /^(?:HTTP|SSE|WebSocket) transport (?:closed|disconnected), attempting automatic reconnection/;

/** `HTTP|SSE|WebSocket transport closed/disconnected, attempting automatic reconnection`. */
function transportReconnecting(message: string): Classification | undefined {
  return TRANSPORT_RECONNECT.test(message) ? reconnecting(message) : undefined;
}

// Within a first character, order matters where prefixes overlap (the first match wins).
const PREFIX_RULES: PrefixRule[] = [
  { prefix: 'Server stderr:', classify: () => ({ kind: 'server_stderr', level: 'info' }) },
  { prefix: 'No token data found', classify: () => ({ kind: 'info', level: 'debug' }) },
  { prefix: 'Starting connection', classify: () => ({ kind: 'connecting' }) },
  { prefix: 'Successfully connected ', classify: connected },
  { prefix: 'Connection timeout triggered', classify: timeout },
  { prefix: 'Connection failed', classify: connectFailed },
  { prefix: 'HTTP Connection failed', classify: connectFailed },
  { prefix: 'SSE Connection failed', classify: connectFailed },
  { prefix: 'WebSocket Connection failed', classify: connectFailed },
  { prefix: 'STDIO Connection failed', classify: connectFailed },
  { prefix: 'Max reconnection attempts', classify: exhausted },
  { prefix: 'Giving up after reconnection attempt', classify: exhausted },
  { prefix: 'Reconnect attempt', classify: reconnecting },
  { prefix: 'Background reconnect attempt', classify: reconnecting },
  { prefix: 'Scheduling reconnection attempt', classify: reconnecting },
  { prefix: 'HTTP transport ', classify: transportReconnecting },
  { prefix: 'SSE transport ', classify: transportReconnecting },
  { prefix: 'WebSocket transport ', classify: transportReconnecting },
  // The tool-call layer's echo of an expiry the transport already logged ("MCP session expired (server
  // no longer recognizes…"): the SDK reports a rejected POST to the transport's onerror before the call
  // fails. "(connection closed)" is only 2.1.197's guess for any HTTP call failing with "Connection
  // closed". Counted once, not twice (fixtures server-restart, server-restart-own).
  { prefix: 'MCP session expired during tool call', classify: () => ({ kind: 'info', level: 'warn' }) },
  { prefix: 'MCP session expired', classify: () => ({ kind: 'session_expired' }) },
  { prefix: 'Terminal connection error', classify: () => ({ kind: 'error', level: 'warn' }) },
  {
    prefix: 'Connection error:',
    classify: (message) => ({ kind: 'error', level: 'warn', ...httpStatusOf(message) }),
  },
  // The reason 2.1.197 logs right after "${TYPE} connection dropped …" when the error names an errno
  // (otherwise "Connection error: …"); the text after " - " is its own guess at the cause.
  { prefix: 'Connection reset - ', classify: dropReason },
  { prefix: 'Connection refused - ', classify: dropReason },
  { prefix: 'Connection timeout - ', classify: dropReason },
  { prefix: 'Broken pipe - ', classify: dropReason },
  { prefix: 'Host unreachable - ', classify: dropReason },
  { prefix: 'Process not found - ', classify: dropReason },
  { prefix: 'Failed to spawn process - ', classify: dropReason },
  // The SDK gave up re-opening the GET stream; POSTs still work, server-sent messages are lost.
  { prefix: 'SSE GET-stream reconnection exhausted', classify: dropReason },
  { prefix: 'Closing transport', classify: () => ({ kind: 'info' }) },
  // Claude Code logs no tool count, but every connection's capabilities: `hasTools: false` after a
  // reconnect is the "0 tools" a server that is not ready after a restart gives.
  {
    prefix: 'Connection established with capabilities',
    classify: (message) => {
      const hasTools = /"hasTools"\s*:\s*(true|false)/.exec(message)?.[1];
      if (hasTools === 'false') return { kind: 'tools_listed', count: 0 };
      return hasTools ? { kind: 'info', level: 'info', hasTools: true } : { kind: 'info', level: 'debug' };
    },
  },
  // Before 1.0.x wording settled: `Connection attempt completed in 260ms - status: failed`.
  {
    prefix: 'Connection attempt completed',
    classify: (message) =>
      /status: failed/.test(message)
        ? { kind: 'connect_failed', reason: 'connection attempt failed' }
        : { kind: 'info', level: 'debug' },
  },
  // The older SDK's wording of a rejected POST (`Error POSTing to endpoint (HTTP 404): {…}`).
  {
    prefix: 'Error POSTing to endpoint',
    classify: (message) => ({ kind: 'error', level: 'warn', ...httpStatusOf(message) }),
  },
  { prefix: 'Cleared connection cache', classify: () => ({ kind: 'info' }) },
  {
    prefix: 'Calling MCP tool: ',
    classify: (message) => {
      const call = TOOL_CALL.exec(message);
      return call ? { kind: 'tool_call', tool: call[1]!.trim() } : undefined;
    },
  },
  { prefix: "Tool '", classify: toolRule },
  { prefix: 'OAuth complete, reconnected with ', classify: toolCount },
  { prefix: 'Found ', classify: toolCount },
  { prefix: 'Authentication required', classify: authRequired },
  { prefix: 'Skipping connection (cached needs-auth)', classify: authRequired },
  { prefix: 'Tool call returned 401', classify: authRequired },
  { prefix: 'Token expired', classify: authRequired },
  { prefix: 'Token refresh failed', classify: authRequired },
  { prefix: 'SDK auth error', classify: authRequired },
  // 2.1.197 logs no status on a 401: the SDK's OAuth discovery starting is the tell (captured in
  // test/fixtures/logs/claude-code/http-401).
  {
    prefix: 'Saving discovery state',
    classify: () => ({ kind: 'auth_required', reason: 'the server asked for OAuth (HTTP 401)' }),
  },
];

// Indexed by the first character's code (every prefix starts with ASCII): an array read is cheaper
// than a Map lookup once per line.
const RULES_BY_FIRST_CHAR: Array<PrefixRule[] | undefined> = [];
for (const rule of PREFIX_RULES) {
  const code = rule.prefix.charCodeAt(0);
  (RULES_BY_FIRST_CHAR[code] ??= []).push(rule);
}

const DROPPED = /^ connection dropped after (\d+)s uptime/;
const CLOSED = /^ connection closed after (\d+)s \((cleanly|with errors)\)/;
const TRANSPORT_WORD = /^[A-Z-]+$/;

/** `${TYPE} connection dropped after Ns uptime` / `${TYPE} connection closed after Ns (cleanly|…)`. */
function transportConnectionEvent(message: string): Classification | undefined {
  const space = message.indexOf(' ');
  if (space <= 0 || !textAt(message, ' connection ', space)) return undefined;
  const transport = message.slice(0, space);
  if (!TRANSPORT_WORD.test(transport)) return undefined;
  const rest = message.slice(space);
  const dropped = DROPPED.exec(rest);
  if (dropped) {
    return {
      kind: 'disconnected',
      transport: transport.toLowerCase(),
      uptimeS: Number(dropped[1]),
      clean: false,
      final: false,
    };
  }
  const closed = CLOSED.exec(rest);
  if (!closed) return undefined;
  return {
    kind: 'disconnected',
    transport: transport.toLowerCase(),
    uptimeS: Number(closed[1]),
    clean: closed[2] === 'cleanly',
    final: true,
  };
}

// `(code: 406, errno: none)` is how 2.1.197 reports a Streamable HTTP status (fixtures http-406/429).
const HTTP_STATUS =
  /\((?:HTTP|status(?: code)?)\s*:?\s*(\d{3})\)|\bHTTP (\d{3})\b|status code \(?(\d{3})\)?|\(code: (\d{3})[,)]/i;

/** Pulls an HTTP status out of an SDK error message (`Error POSTing to endpoint (HTTP 404)`), if any. */
export function httpStatusOf(message: string): { httpStatus?: number } {
  const match = HTTP_STATUS.exec(message);
  const raw = match?.[1] ?? match?.[2] ?? match?.[3] ?? match?.[4];
  return raw ? { httpStatus: Number(raw) } : {};
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).trim();
}
