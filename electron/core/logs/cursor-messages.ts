import type { Classification, RawLogEntry } from './log-entry.js';
import { httpStatusOf } from './claude-code-messages.js';

const NETWORK = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ETIMEDOUT|fetch failed|Unable to connect/;

/**
 * Classifies Cursor's `anysphere.cursor-mcp` messages (and the legacy channel's) by prefix.
 *
 * Cursor's transport errors come from the MCP TS SDK, wrapped as `Client error for command …` (2025) or
 * without "for command" (2026 builds), so the wrapped text decides between a failed connect, a dropped
 * stream and a plain error.
 */
export function classifyCursorMessage(message: string, entry: RawLogEntry): Classification {
  if (message.startsWith('Handling CreateClient action')) return { kind: 'connecting' };
  const connected = /^Successfully connected to (\w+) server/.exec(message);
  if (connected) return { kind: 'connected', transport: connected[1]! };
  const tools = /Found (\d+) tools/.exec(message);
  if (tools) return { kind: 'tools_listed', count: Number(tools[1]) };
  if (message.startsWith('No stored tokens found')) return { kind: 'info', level: 'debug' };
  if (/requires_authentication|needs authentication|Unauthorized|\b401\b|invalid_token/i.test(message)) {
    return { kind: 'auth_required', reason: firstLine(message) };
  }
  if (/^Error connecting to \w+ server, falling back/.test(message)) return { kind: 'error', level: 'warn' };
  if (message.includes('Maximum reconnection attempts')) {
    return { kind: 'connect_failed', reason: 'reconnection attempts exhausted' };
  }
  if (message.startsWith('Failed to reload client') || /-> conn=failed/.test(message)) {
    return { kind: 'connect_failed', reason: firstLine(message) };
  }
  const clientError = /^Client error(?: for command)?:? ([\s\S]*)$/.exec(message);
  if (clientError) return wrappedError(clientError[1]!);
  if (/^(?:Client closed|Connection closed|Server closed)/.test(message)) {
    return { kind: 'disconnected', clean: entry.level !== 'error', final: true };
  }
  return entry.level === 'error'
    ? { kind: 'error', ...httpStatusOf(message) }
    : { kind: 'info', level: entry.level };
}

function wrappedError(text: string): Classification {
  if (/SSE stream disconnected|\bterminated\b|socket (?:connection )?(?:was )?closed/i.test(text)) {
    return { kind: 'disconnected', clean: false, final: false };
  }
  if (NETWORK.test(text)) return { kind: 'connect_failed', reason: firstLine(text) };
  return { kind: 'error', ...httpStatusOf(text) };
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
