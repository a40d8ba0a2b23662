import type { LogEvent, LogEventLevel, ServerIdentity } from '../../../shared/log-events.js';
import { mayHoldSecret, redactText } from '../redact.js';

/** One line or entry of a client log before it is classified; `line` is 1-based. */
export type RawLogEntry = {
  time: string;
  level: LogEventLevel;
  message: string;
  line: number;
  session?: string;
  /** A server name the line itself carries (Claude Desktop `mcp.log`). */
  serverName?: string;
  /** The client copied the server's stderr verbatim (Claude Code `Server stderr:`, Desktop raw lines). */
  stderr?: boolean;
  /** The parsed record, for formats whose classifier needs more than the message (proxy journals). */
  data?: unknown;
};

/** Kind-specific fields a classifier found; `kind` plus whatever that kind carries. */
export type Classification = DistributiveOmit<
  LogEvent,
  'time' | 'server' | 'message' | 'source' | 'session' | 'level'
> & {
  level?: LogEventLevel;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Turns a message into its kind and fields; each client has one. */
export type Classifier = (message: string, entry: RawLogEntry) => Classification;

const DEFAULT_LEVEL: Record<LogEvent['kind'], LogEventLevel> = {
  connecting: 'info',
  connected: 'info',
  connect_failed: 'error',
  disconnected: 'warn',
  reconnecting: 'warn',
  session_expired: 'warn',
  auth_required: 'warn',
  timeout: 'error',
  tools_listed: 'info',
  tool_call: 'debug',
  tool_ok: 'debug',
  tool_error: 'error',
  server_stderr: 'info',
  error: 'error',
  info: 'info',
};

/**
 * Builds a normalized event: redacts the message, picks the level (the classifier's, else the kind's
 * default; a clean disconnect is info) and attaches identity and file/line.
 *
 * Hot path (one call per log line): the classification object, fresh from its classifier, becomes
 * the event (no spreads or rest copies), and free-text fields the classifier cut out of the raw
 * message (`reason`, `error`) are redacted only when the message itself held something to redact.
 */
export function toLogEvent(
  entry: RawLogEntry,
  server: ServerIdentity,
  file: string,
  classification: Classification,
): LogEvent {
  const event = classification as Classification & Record<string, unknown>;
  let level = classification.level ?? DEFAULT_LEVEL[classification.kind];
  if (classification.kind === 'disconnected' && classification.clean) level = 'info';
  const message = redactMessage(entry.message);
  if (message !== entry.message) {
    if (typeof event['reason'] === 'string') event['reason'] = redactText(event['reason']);
    if (typeof event['error'] === 'string') event['error'] = redactText(event['error']);
  }
  event.time = entry.time;
  event.server = server;
  event.level = level;
  event.message = message;
  event.source = { file, line: entry.line };
  if (entry.session) event.session = entry.session;
  return event as LogEvent;
}

// Client logs repeat the same messages endlessly (connection set-up lines, "No token data found",
// stack traces): each distinct text is checked and redacted once. Short messages are looked up before
// the secret pre-check (a hash lookup is several times cheaper than the pre-check's regex); clean ones
// map to themselves. Bounded: cleared when full (≤ 4096 entries, ~2 MB of short texts plus a few
// long redacted ones).
const REDACTED_CACHE = new Map<string, string>();
const CACHE_LIMIT = 4096;
const LOOKUP_FIRST_LENGTH = 256;
const CACHEABLE_LENGTH = 8192;

/** Redacts a log message; cheap for messages that cannot carry a secret or were seen before. */
export function redactMessage(message: string): string {
  const short = message.length <= LOOKUP_FIRST_LENGTH;
  if (short) {
    const seen = REDACTED_CACHE.get(message);
    if (seen !== undefined) return seen;
  }
  const secret = mayHoldSecret(message);
  if (!secret && !short) return message;
  let redacted = message;
  if (secret) {
    if (!short) {
      const cached = REDACTED_CACHE.get(message);
      if (cached !== undefined) return cached;
    }
    redacted = redactText(message);
  }
  if (message.length <= CACHEABLE_LENGTH) {
    if (REDACTED_CACHE.size >= CACHE_LIMIT) REDACTED_CACHE.clear();
    REDACTED_CACHE.set(message, redacted);
  }
  return redacted;
}
