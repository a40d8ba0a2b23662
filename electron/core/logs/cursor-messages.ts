import type { Classification, RawLogEntry } from './log-entry.js';
import { httpStatusOf } from './claude-code-messages.js';

/** A connect that could not even start: refused, unresolvable, unreachable, a command not found. */
const NETWORK =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|fetch failed|Unable to connect|\bspawn\b.*\bENOENT\b|ENOENT|command not found/i;
/** An open stream that broke. */
const STREAM_BROKE =
  /SSE stream disconnected|\bterminated\b|socket (?:connection )?(?:was )?closed|other side closed|Body Timeout|ECONNRESET|socket hang up/i;
/** What a sign-in problem looks like in the SDK's and Cursor's words. */
const AUTH =
  /requires_authentication|needs? auth|Unauthori[sz]ed|\b401\b|invalid_token|Token is not active|token (?:has )?expired|client registration failed|OAuth provider|authenticat/i;
const TIMEOUT = /timed? ?out|Request timeout|-32001/i;

type Rule = [RegExp, (match: RegExpExecArray, message: string, entry: RawLogEntry) => Classification];

const firstLine = (text: string): string => text.split('\n')[0]!.trim();

/**
 * Cursor's (and VS Code's) MCP channel messages, several wordings across releases:
 *
 * - 0.4x (one `Cursor MCP.log`): `Handling CreateClient action`, `Starting new stdio process with
 *   command: …`, `Successfully connected to stdio server`, `Handling CallTool action for tool 'x'`,
 *   `Calling tool 'x'`, `Successfully called tool 'x'`, `Client closed for command`, `Error in MCP: …`,
 *   `Failed to reload client: …`.
 * - 2025 builds (one channel per server): `Connecting to streamableHttp server`, `Error connecting to
 *   streamableHttp server, falling back to SSE: …`, `Client error for command <SDK error>`,
 *   `listOfferings: Found N tools`, `Found N tools, N prompts, and N resources`.
 * - 2026 builds: `Client error: …` without "for command", `[V2 FSM] … -> conn=failed`.
 * - VS Code: `Starting server x`, `Connection state: Running`, `Discovered N tools`.
 *
 * The wrapped SDK error text decides between a failed connect, a broken stream, a sign-in and an error.
 */
const RULES: Rule[] = [
  [
    /^(?:Handling (?:CreateClient|ReloadClient) action|Starting new stdio process|Connecting to \w+ server|Starting server\b|Connection state: Starting)/,
    () => ({ kind: 'connecting' }),
  ],
  [/^Successfully connected to (\w+) server/, (match) => ({ kind: 'connected', transport: match[1]! })],
  [/^Connection state: Running/, () => ({ kind: 'connected' })],
  [
    /^Connection state: (?:Error|Failed)/,
    (_match, message) => ({ kind: 'connect_failed', reason: firstLine(message) }),
  ],
  [/^Connection state: Stopped/, () => ({ kind: 'disconnected', clean: true, final: true })],
  [/(?:Found|Discovered) (\d+) tools/, (match) => ({ kind: 'tools_listed', count: Number(match[1]) })],
  [
    /^(?:Handling CallTool action for tool|Calling tool) '([^']+)'/,
    (match) => ({ kind: 'tool_call', tool: match[1]! }),
  ],
  [/^Successfully called tool '([^']+)'/, (match) => ({ kind: 'tool_ok', tool: match[1]! })],
  [
    /^(?:Error calling tool|Failed to call tool|Tool call failed for|Error in tool) '([^']+)':?\s*([\s\S]*)/,
    (match) => ({ kind: 'tool_error', tool: match[1]!, error: firstLine(match[2] ?? '') }),
  ],
  [/^No stored tokens found/, () => ({ kind: 'info', level: 'debug' })],
  [
    /^(?:Stored server URL for OAuth|OAuth provider needs auth|Unauthorized error connecting)/,
    (_match, message) => ({ kind: 'auth_required', reason: firstLine(message) }),
  ],
  [/^Error connecting to \w+ server after fallback:\s*([\s\S]*)/, (match) => failedConnect(match[1]!)],
  [/^Error connecting to \w+ server, falling back[^:]*:\s*([\s\S]*)/, (match) => fallback(match[1]!)],
  [
    /Maximum reconnection attempts/,
    () => ({ kind: 'connect_failed', reason: 'reconnection attempts exhausted' }),
  ],
  [
    /^Failed to (?:reload|create|start) client|-> conn=failed|^Failed to connect/,
    (_match, message) => ({ kind: 'connect_failed', reason: firstLine(message) }),
  ],
  [/^(?:Client error(?: for command)?:?|Error in MCP:)\s*([\s\S]*)$/, (match) => wrappedError(match[1]!)],
  [
    /^Error reading from async stream, we will reconnect/,
    () => ({ kind: 'disconnected', clean: false, final: false }),
  ],
  [
    /^(?:Client closed|Connection closed|Server closed|Handling DeleteClient action)/,
    (_match, _message, entry) => ({ kind: 'disconnected', clean: entry.level !== 'error', final: true }),
  ],
];

/** A line another program wrote (a server's stderr, forwarded by Cursor at `[error]`). */
const FOREIGN_LOG_LINE =
  /^(?:\[\d{1,4}[/-]\d|\d{4}-\d\d-\d\d[ T]\d|(?:INFO|DEBUG|WARNING|WARN|TRACE)\b[: ]|\w+:\s*(?:INFO|DEBUG|WARNING)\b)/;

export function classifyCursorMessage(message: string, entry: RawLogEntry): Classification {
  for (const [pattern, classify] of RULES) {
    const match = pattern.exec(message);
    if (match) return classify(match, message, entry);
  }
  if (FOREIGN_LOG_LINE.test(message)) return { kind: 'server_stderr', level: 'info' };
  return entry.level === 'error'
    ? { kind: 'error', ...httpStatusOf(message) }
    : { kind: 'info', level: entry.level };
}

/** An SDK error Cursor wraps in `Client error for command …` / `Error in MCP: …`. */
function wrappedError(text: string): Classification {
  if (/^Client closed\b|^Connection closed\b/.test(text))
    return { kind: 'disconnected', clean: false, final: true };
  if (AUTH.test(text)) return { kind: 'auth_required', reason: firstLine(text) };
  if (STREAM_BROKE.test(text)) return { kind: 'disconnected', clean: false, final: false };
  if (NETWORK.test(text)) return { kind: 'connect_failed', reason: firstLine(text) };
  if (TIMEOUT.test(text) && !/Failed to open SSE stream/.test(text)) return { kind: 'timeout' };
  return { kind: 'error', ...httpStatusOf(text) };
}

/** The last transport failed too: the connect failed (for the reason the text gives). */
function failedConnect(text: string): Classification {
  if (AUTH.test(text)) return { kind: 'auth_required', reason: firstLine(text) };
  return { kind: 'connect_failed', reason: firstLine(text), ...httpStatusOf(text) };
}

/** Streamable HTTP failed and Cursor tries SSE next: not a failed connect yet, unless it is a sign-in or a timeout. */
function fallback(text: string): Classification {
  if (AUTH.test(text)) return { kind: 'auth_required', reason: firstLine(text) };
  if (TIMEOUT.test(text)) return { kind: 'timeout' };
  return { kind: 'error', level: 'warn', ...httpStatusOf(text) };
}
