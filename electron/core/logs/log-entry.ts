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
 * Hot path (one call per log line): every event starts as one object literal of one shape, whatever
 * its kind, and only the kind-specific fields the classifier found are copied after it. (Adding the
 * common fields to each classifier's object instead gave as many shapes as kinds, and the property
 * stores on them took a tenth of parse + normalize in the logs bench.) Free-text fields the
 * classifier cut out of the raw message (`reason`, `error`) are redacted only when the message itself
 * held something to redact.
 */
export function toLogEvent(
  entry: RawLogEntry,
  server: ServerIdentity,
  file: string,
  classification: Classification,
): LogEvent {
  let level = classification.level ?? DEFAULT_LEVEL[classification.kind];
  if (classification.kind === 'disconnected' && classification.clean) level = 'info';
  const message = redactMessage(entry.message);
  const event: Record<string, unknown> = {
    kind: classification.kind,
    time: entry.time,
    server,
    level,
    message,
    source: { file, line: entry.line },
    session: entry.session || undefined,
  };
  const fields = classification as Record<string, unknown>;
  for (const key in fields) if (key !== 'kind' && key !== 'level') event[key] = fields[key];
  if (message !== entry.message) {
    if (typeof event['reason'] === 'string') event['reason'] = redactText(event['reason']);
    if (typeof event['error'] === 'string') event['error'] = redactText(event['error']);
  }
  return event as LogEvent;
}

// Client logs repeat the same messages endlessly (connection set-up lines, "No token data found",
// capability dumps, stack traces): each distinct text is checked and redacted once. The lookup comes
// before the secret pre-check, whose regex costs several hash lookups on a long message. A clean
// message maps to CLEAN and comes back as the very string passed in, so callers can tell "unchanged"
// by identity (comparing two equal strings reads both whole). Bounded: cleared when it holds 4096
// texts or 2 Mi characters.
const CLEAN = Symbol('clean');
const REDACTED_CACHE = new Map<string, string | typeof CLEAN>();
const CACHE_LIMIT = 4096;
const CACHE_CHAR_LIMIT = 2 * 1024 * 1024;
const CACHEABLE_LENGTH = 8192;
let cachedChars = 0;

// In front of the map, a direct-mapped table of recent messages: the slot comes from the length and
// three characters, and a hit costs one string compare instead of hashing the whole message (the
// map lookup was a seventh of parse + normalize in the logs bench). Two messages sharing a slot just
// fall through to the map.
const FRONT_SLOTS = 512;
const frontKeys: string[] = new Array<string>(FRONT_SLOTS).fill('');
const frontValues: Array<string | typeof CLEAN> = new Array<string | typeof CLEAN>(FRONT_SLOTS).fill(CLEAN);

function frontSlot(message: string): number {
  const length = message.length;
  const hash =
    length * 31 +
    message.charCodeAt(length >> 1) * 7 +
    message.charCodeAt(length - 1) * 131 +
    message.charCodeAt(length >> 2);
  return hash & (FRONT_SLOTS - 1);
}

/** Redacts a log message; cheap for messages seen before. Returns `message` itself when it is clean. */
export function redactMessage(message: string): string {
  if (message.length > CACHEABLE_LENGTH) return mayHoldSecret(message) ? redactText(message) : message;
  const slot = frontSlot(message);
  let known = frontKeys[slot] === message ? frontValues[slot] : REDACTED_CACHE.get(message);
  if (known === undefined) {
    const redacted = mayHoldSecret(message) ? redactText(message) : message;
    known = redacted === message ? CLEAN : redacted;
    if (REDACTED_CACHE.size >= CACHE_LIMIT || cachedChars + message.length > CACHE_CHAR_LIMIT) {
      REDACTED_CACHE.clear();
      cachedChars = 0;
    }
    REDACTED_CACHE.set(message, known);
    cachedChars += message.length;
  }
  frontKeys[slot] = message;
  frontValues[slot] = known;
  return known === CLEAN ? message : known;
}
