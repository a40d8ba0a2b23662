import type { JournalLine } from '../../../shared/control-protocol.js';
import type { Classification, RawLogEntry } from './log-entry.js';

/**
 * Proxy events as log entries and their normalized kinds, without the protocol's zod schemas: a
 * standalone proxy exporting OTLP (electron/core/telemetry/proxy-telemetry.ts) normalizes its own
 * events with these, and must not load zod to do it. Journal files are parsed in journal-entries.ts.
 */

/** A journal line (or a live control-socket event stamped the same way) as a raw log entry. */
export function journalEntry(event: JournalLine, line: number): RawLogEntry {
  return {
    time: event.ts,
    level: 'info',
    message: journalMessage(event),
    line,
    session: String(event.pid),
    data: event,
  };
}

function journalMessage(event: JournalLine): string {
  switch (event.type) {
    case 'hello':
      return `proxy ${event.version} started (pid ${event.pid}) for ${event.upstream} [${event.transport}]`;
    case 'state':
      return `${event.previous ?? '?'} -> ${event.state} (${event.reason}): ${event.message}`;
    case 'activity': {
      const notes = [
        event.reason,
        event.executed === 'no' ? 'not executed' : event.executed === 'unknown' ? 'may have run' : undefined,
        event.replayed ? 'replayed' : undefined,
      ].filter(Boolean);
      return `${event.method}${event.tool ? ` ${event.tool}` : ''} ${event.outcome} in ${Math.round(event.durationMs)}ms${notes.length ? ` (${notes.join(', ')})` : ''}`;
    }
    case 'auth':
      return `auth ${event.kind}: ${event.reason}${event.httpStatus ? ` (HTTP ${event.httpStatus})` : ''}`;
    case 'metrics':
      return `uptime ${Math.round(event.uptimeS)}s, ${event.requests} requests, ${event.errors} errors, ${event.reinits} re-inits, ${event.streamCuts} stream cuts`;
  }
}

/**
 * Proxy events → normalized kinds; the proxy's states map one-to-one onto the statuses of
 * ARCHITECTURE.md "Server identity and status".
 */
export function classifyJournalEntry(_message: string, entry: RawLogEntry): Classification {
  const event = entry.data as JournalLine;
  switch (event.type) {
    case 'hello':
      return { kind: 'connecting', level: 'info' };
    case 'metrics':
      return { kind: 'info', level: 'debug' };
    case 'activity':
      return activity(event);
    case 'state':
      return state(event);
    case 'auth':
      return auth(event);
  }
}

/** Credential activity: a needed sign-in and failed refreshes stand out; the rest is information. */
function auth(event: Extract<JournalLine, { type: 'auth' }>): Classification {
  if (event.kind === 'login_required') return { kind: 'auth_required', reason: event.reason };
  if (event.kind === 'refresh_failed' || event.kind === 'token_rejected')
    return {
      kind: 'error',
      level: 'warn',
      ...(event.httpStatus === undefined ? {} : { httpStatus: event.httpStatus }),
    };
  return { kind: 'info', level: 'info' };
}

function activity(event: Extract<JournalLine, { type: 'activity' }>): Classification {
  if (event.method !== 'tools/call' || !event.tool) return { kind: 'info', level: 'debug' };
  if (event.outcome === 'ok' || event.outcome === 'cached')
    return { kind: 'tool_ok', tool: event.tool, ms: event.durationMs };
  if (event.outcome === 'cancelled') return { kind: 'info', tool: event.tool };
  return { kind: 'tool_error', tool: event.tool, ms: event.durationMs, error: event.reason ?? event.outcome };
}

/**
 * A state line. The proxy journals one when its upstream connection is lost (no attempt number), one
 * per failed attempt (attempts 1–3, then every 10th, with `details.attempt`), one when it is back, and
 * `proxy stopped` (reason `shutdown`) when its client goes away: the loss closes the upstream
 * connection, each failed attempt is a failed connect, the stop closes the connection cleanly.
 */
function state(event: Extract<JournalLine, { type: 'state' }>): Classification {
  const details = event.details ?? {};
  if (event.reason === 'shutdown')
    return { kind: 'disconnected', clean: true, final: true, reason: 'proxy stopped' };
  if (event.reason === 'stream_cut' || event.reason === 'idle_cut') {
    const age = details.streamAgeS ?? details.idleCutS;
    return {
      kind: 'disconnected',
      clean: false,
      final: false,
      ...(age === undefined ? {} : { uptimeS: age, streamAgeS: age }),
    };
  }
  if (event.reason === 'child_exit') {
    return {
      kind: 'disconnected',
      clean: details.exitCode === 0,
      final: true,
      ...(typeof details.exitCode === 'number' ? { exitCode: details.exitCode } : {}),
    };
  }
  switch (event.state) {
    case 'connected': {
      // The first connect names the transport: `svc: connected (streamable-http) in 64 ms`.
      const transport = /: connected \(([\w-]+)\)/.exec(event.message)?.[1];
      return {
        kind: 'connected',
        ...(transport ? { transport } : {}),
        ...(details.reinitMs === undefined ? {} : { ms: details.reinitMs }),
      };
    }
    case 'reconnecting':
    case 'upstream-down':
      if (details.attempt !== undefined)
        return {
          kind: 'connect_failed',
          reason: event.message,
          attempt: details.attempt,
          ...(details.httpStatus === undefined ? {} : { httpStatus: details.httpStatus }),
        };
      return { kind: 'reconnecting' };
    case 'session-expired':
      return { kind: 'session_expired' };
    case 'needs-auth':
      return { kind: 'auth_required', reason: event.message };
    case 'degraded':
      return {
        kind: 'error',
        level: 'warn',
        ...(details.httpStatus === undefined ? {} : { httpStatus: details.httpStatus }),
      };
  }
}

/** The proxy state and reason of a journal state line's message (`previous -> state (reason): …`). */
export function journalStateOf(message: string): { state: string; reason: string; text: string } | undefined {
  const match = /^\S+ -> (\S+) \(([^)]*)\): ([\s\S]*)$/.exec(message);
  return match ? { state: match[1]!, reason: match[2]!, text: match[3]! } : undefined;
}
