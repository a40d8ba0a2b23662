import type { LogEvent, LogEventOf } from '../../../shared/log-events.js';
import type { Connection } from '../../../shared/timeline-model.js';
import { CutClock, type MeasuredCut } from './cut-clock.js';
import { round1 } from '../rounding.js';

/** A second "closed" this soon after the first belongs to the same close (Desktop logs two lines). */
const SAME_CLOSE_MS = 2000;
/** Two "tool call" lines for one tool this close together are one call (Cursor logs two per call). */
const SAME_CALL_MS = 100;
/** Calls whose outcome never came are forgotten beyond this many (a log cut short mid-call). */
const MAX_PENDING_CALLS = 64;

/**
 * What one event did to its stream; the server's counters add these up, so they agree by construction
 * (every connect and every failure belongs to an attempt, every close to a connect, every outcome to a
 * call).
 */
export type StreamEffects = {
  opened?: Connection;
  closed?: Connection;
  /** The close was a disconnect (not a connection superseded by a newer one without an end line). */
  disconnect?: boolean;
  /** An earlier clean close turned out to be unclean (the client's second close line said so). */
  amendedUnclean?: boolean;
  /** Connect attempts begun (1, or more when a proxy journal skips attempt numbers). */
  attempts?: number;
  /** Attempts that failed (their first failure line). */
  failures?: number;
  /** Tool calls begun, or ended without their start line in the log. */
  calls?: number;
  /** Stream cuts measured by this event (a pending drop it settled, or its own). */
  cuts?: MeasuredCut[];
};

const NO_EFFECTS: StreamEffects = Object.freeze({});

/**
 * The connection state machine of one log stream (one client process, i.e. one file and session).
 *
 * Claude Code runs one file per process and server; two processes for the same server must not
 * close each other's connections, so each file gets its own tracker.
 */
export class StreamTracker {
  private open: Connection | undefined;
  private lastClosed: { connection: Connection; at: number } | undefined;
  private readonly clock = new CutClock();
  /** An attempt began (a connecting line) and has no outcome yet. */
  private attemptPending = false;
  /** The current attempt already failed (clients log a failure in several lines). */
  private attemptFailed = false;
  /** The last attempt number a failure carried (proxy journals). */
  private lastAttemptNo: number | undefined;
  private lastError: string | undefined;
  private readonly pendingCalls: Array<{ tool: string; at: number }> = [];

  constructor(private readonly file: string) {}

  isOpen(): boolean {
    return this.open !== undefined;
  }

  /** The connection still open at the end of this stream, if any. */
  openConnection(): Connection | undefined {
    return this.open;
  }

  /** A drop whose reason lines have not all been read yet, measured as if they had. */
  pendingCut(): MeasuredCut | undefined {
    return this.clock.peek();
  }

  handle(event: LogEvent): StreamEffects {
    const settled = this.clock.observe(event);
    const effects = this.apply(event);
    if (!settled) return effects;
    return { ...effects, cuts: [settled, ...(effects.cuts ?? [])] };
  }

  private apply(event: LogEvent): StreamEffects {
    // Only lifecycle kinds and tool calls need the time as a number; most lines are neither (Date.parse
    // per line was a measurable share of the timeline's cost).
    switch (event.kind) {
      case 'connecting':
        return this.beginAttempt(event, Date.parse(event.time));
      case 'reconnecting':
        // Proxy journal lines read `previous -> state (reason): message`; the message is the why.
        return this.lost(
          event,
          Date.parse(event.time),
          firstLine(event.message).replace(/^\S+ -> \S+ \([^)]*\): /, ''),
        );
      case 'connected':
        return this.connected(event, Date.parse(event.time));
      case 'connect_failed':
        return this.failed(event);
      case 'session_expired':
        return this.lost(event, Date.parse(event.time), 'session expired', false);
      case 'disconnected':
        return this.disconnected(event, Date.parse(event.time));
      case 'error':
        this.lastError = firstLine(event.message);
        return NO_EFFECTS;
      case 'tool_call':
        return this.toolCall(event.tool, Date.parse(event.time));
      case 'tool_ok':
        return this.toolOutcome(event.tool);
      case 'tool_error':
        this.lastError = firstLine(event.message);
        return this.toolOutcome(event.tool);
      default:
        return NO_EFFECTS;
    }
  }

  private beginAttempt(event: LogEvent, at: number): StreamEffects {
    const closed = this.open ? this.close(at, event.time, { reason: 'superseded' }) : undefined;
    const attempts = this.attemptPending ? 0 : 1;
    this.attemptPending = true;
    this.attemptFailed = false;
    this.lastAttemptNo = undefined;
    return { ...(attempts ? { attempts } : {}), ...(closed ? { closed } : {}) };
  }

  /** The connection was lost (a reconnect begins) or its session expired. */
  private lost(event: LogEvent, at: number, why: string, beginsAttempt = true): StreamEffects {
    let closed: Connection | undefined;
    if (this.open) {
      closed = this.close(at, event.time, { reason: `closed with errors: ${why}`, clean: false });
      this.clock.closed();
    }
    const effects: StreamEffects = closed ? { closed, disconnect: true } : {};
    if (!beginsAttempt || this.attemptPending) return effects;
    // "Reconnect attempt 2/5" after a failed attempt 1 is a new attempt; a loss starts the first one.
    this.attemptPending = true;
    this.attemptFailed = false;
    return { ...effects, attempts: 1 };
  }

  private connected(event: LogEventOf<'connected'>, at: number): StreamEffects {
    const closed = this.open ? this.close(at, event.time, { reason: 'superseded' }) : undefined;
    const attempts = this.attemptPending ? 0 : 1;
    this.attemptPending = false;
    this.attemptFailed = false;
    this.lastAttemptNo = undefined;
    this.lastError = undefined;
    this.clock.opened(at);
    this.open = {
      start: event.time,
      drops: 0,
      file: this.file,
      ...(event.transport ? { transport: event.transport } : {}),
      ...(event.ms === undefined ? {} : { connectMs: event.ms }),
      ...(event.session ? { session: event.session } : {}),
    };
    return { opened: this.open, ...(attempts ? { attempts } : {}), ...(closed ? { closed } : {}) };
  }

  private failed(event: LogEventOf<'connect_failed'>): StreamEffects {
    if (event.attempt !== undefined) {
      // Numbered attempts (proxy journals log 1–3, then every 10th): the ones in between failed too.
      const known = this.lastAttemptNo ?? 0;
      if (event.attempt <= known) return NO_EFFECTS;
      const failures = event.attempt - known;
      const attempts = failures - (this.attemptPending ? 1 : 0);
      this.lastAttemptNo = event.attempt;
      this.attemptPending = false;
      this.attemptFailed = true;
      return { failures, ...(attempts ? { attempts } : {}) };
    }
    if (this.attemptPending) {
      this.attemptPending = false;
      this.attemptFailed = true;
      return { failures: 1 };
    }
    if (this.attemptFailed) return NO_EFFECTS; // the same attempt's second and third failure lines
    this.attemptFailed = true;
    return { attempts: 1, failures: 1 };
  }

  private disconnected(event: LogEventOf<'disconnected'>, at: number): StreamEffects {
    if (!event.final) {
      if (this.open) this.open.drops++;
      const earlier = this.clock.dropped(event, at);
      return earlier ? { cuts: [earlier] } : NO_EFFECTS;
    }
    const cut = this.clock.settle();
    const cuts = cut ? { cuts: [cut] } : {};
    if (!this.open) {
      // Desktop writes "Server transport closed" then "… closed unexpectedly"; Claude Code closes "with
      // errors" right after the session expired: the second line amends the first close.
      const last = this.lastClosed;
      if (last && at - last.at <= SAME_CLOSE_MS && !event.clean) {
        const wasClean = last.connection.clean !== false;
        last.connection.clean = false;
        last.connection.endReason = endReason(event, this.lastError);
        return { ...cuts, ...(wasClean ? { amendedUnclean: true } : {}) };
      }
      return cuts;
    }
    const closed = this.close(at, event.time, {
      reason: endReason(event, this.lastError),
      clean: event.clean,
      ...(event.uptimeS === undefined ? {} : { uptimeS: event.uptimeS }),
      ...(event.exitCode === undefined ? {} : { exitCode: event.exitCode }),
    });
    this.clock.closed();
    return { closed, disconnect: true, ...cuts };
  }

  private toolCall(tool: string, at: number): StreamEffects {
    const twin = this.pendingCalls.find(
      (call) => call.tool === tool && Math.abs(at - call.at) <= SAME_CALL_MS,
    );
    if (twin) return NO_EFFECTS;
    this.pendingCalls.push({ tool, at });
    if (this.pendingCalls.length > MAX_PENDING_CALLS) this.pendingCalls.shift();
    return { calls: 1 };
  }

  /** An outcome ends the oldest pending call of its tool; an outcome without one is a call of its own. */
  private toolOutcome(tool: string): StreamEffects {
    const index = this.pendingCalls.findIndex((call) => call.tool === tool);
    if (index >= 0) {
      this.pendingCalls.splice(index, 1);
      return NO_EFFECTS;
    }
    return { calls: 1 };
  }

  private close(
    at: number,
    time: string,
    how: { reason: string; clean?: boolean; uptimeS?: number; exitCode?: number },
  ): Connection {
    const connection = this.open!;
    this.open = undefined;
    connection.end = time;
    connection.endReason = how.reason;
    connection.uptimeS = how.uptimeS ?? round1((at - Date.parse(connection.start)) / 1000);
    if (how.clean !== undefined) connection.clean = how.clean;
    if (how.exitCode !== undefined) connection.exitCode = how.exitCode;
    this.lastClosed = { connection, at };
    return connection;
  }
}

function endReason(event: LogEventOf<'disconnected'>, lastError: string | undefined): string {
  if (event.reason) return event.reason;
  if (event.exitCode !== undefined) return `exit code ${event.exitCode}`;
  if (event.clean) return 'closed';
  return lastError ? `closed with errors: ${lastError}` : 'closed with errors';
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  const line = (end < 0 ? text : text.slice(0, end)).trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
