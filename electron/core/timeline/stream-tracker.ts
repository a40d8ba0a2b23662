import type { LogEvent, LogEventOf } from '../../../shared/log-events.js';
import type { Connection } from '../../../shared/timeline-model.js';
import { round1 } from './distribution.js';

/** Follow-up errors of one cut arrive within this window; they are the same incident. */
export const SAME_INCIDENT_MS = 500;
/** A second "closed" this soon after the first belongs to the same close (Desktop logs two lines). */
const SAME_CLOSE_MS = 2000;

/** What a stream reports back to its server's timeline for each event. */
export type StreamEffects = {
  opened?: Connection;
  closed?: Connection;
  /** Seconds since the last (re)connect or cut, for an unclean cut that starts a new incident. */
  cutAgeS?: number;
  newAttemptFailed?: boolean;
  newAttempt?: boolean;
};

const NO_EFFECTS: StreamEffects = Object.freeze({});

/**
 * The connection state machine of one log stream (one client process, i.e. one file).
 *
 * Claude Code runs one file per process and server; two processes for the same server must not
 * close each other's connections, so each file gets its own tracker.
 */
export class StreamTracker {
  private open: Connection | undefined;
  private lastClosed: { connection: Connection; at: number } | undefined;
  private anchorMs: number | undefined;
  private lastCutMs = -Infinity;
  private attemptFailed = false;
  private lastError: string | undefined;

  constructor(private readonly file: string) {}

  isOpen(): boolean {
    return this.open !== undefined;
  }

  handle(event: LogEvent): StreamEffects {
    // Only lifecycle kinds need the time as a number; most lines are not lifecycle (Date.parse per
    // line was a measurable share of the timeline's cost).
    switch (event.kind) {
      case 'connecting':
        return this.connecting(event, Date.parse(event.time));
      case 'connected':
        return this.connected(event, Date.parse(event.time));
      case 'connect_failed': {
        const first = !this.attemptFailed;
        this.attemptFailed = true;
        return { newAttemptFailed: first };
      }
      case 'disconnected':
        return this.disconnected(event, Date.parse(event.time));
      case 'error':
      case 'tool_error':
        this.lastError = firstLine(event.message);
        return NO_EFFECTS;
      default:
        return NO_EFFECTS;
    }
  }

  private connecting(event: LogEvent, at: number): StreamEffects {
    this.attemptFailed = false;
    const closed = this.open ? this.close(at, event.time, { reason: 'superseded' }) : undefined;
    return { newAttempt: true, ...(closed ? { closed } : {}) };
  }

  private connected(event: LogEventOf<'connected'>, at: number): StreamEffects {
    const closed = this.open ? this.close(at, event.time, { reason: 'superseded' }) : undefined;
    this.attemptFailed = false;
    this.lastError = undefined;
    this.anchorMs = at;
    this.open = {
      start: event.time,
      drops: 0,
      file: this.file,
      ...(event.transport ? { transport: event.transport } : {}),
      ...(event.ms === undefined ? {} : { connectMs: event.ms }),
      ...(event.session ? { session: event.session } : {}),
    };
    return { opened: this.open, ...(closed ? { closed } : {}) };
  }

  private disconnected(event: LogEventOf<'disconnected'>, at: number): StreamEffects {
    let cutAgeS: number | undefined;
    if (!event.clean && at - this.lastCutMs > SAME_INCIDENT_MS) {
      if (this.anchorMs !== undefined && this.open) cutAgeS = round1((at - this.anchorMs) / 1000);
      this.anchorMs = at;
    }
    if (!event.clean) this.lastCutMs = at;
    if (!event.final) {
      if (this.open) this.open.drops++;
      return cutAgeS === undefined ? {} : { cutAgeS };
    }
    if (!this.open) {
      // Desktop writes "Server transport closed" then "… closed unexpectedly": amend the first.
      if (this.lastClosed && at - this.lastClosed.at <= SAME_CLOSE_MS && !event.clean) {
        this.lastClosed.connection.clean = false;
        this.lastClosed.connection.endReason = endReason(event, this.lastError);
      }
      return cutAgeS === undefined ? {} : { cutAgeS };
    }
    const closed = this.close(at, event.time, {
      reason: endReason(event, this.lastError),
      clean: event.clean,
      ...(event.uptimeS === undefined ? {} : { uptimeS: event.uptimeS }),
      ...(event.exitCode === undefined ? {} : { exitCode: event.exitCode }),
    });
    return { closed, ...(cutAgeS === undefined ? {} : { cutAgeS }) };
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
  if (event.exitCode !== undefined) return `exit code ${event.exitCode}`;
  if (event.clean) return 'closed';
  return lastError ? `closed with errors: ${lastError}` : 'closed with errors';
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  const line = (end < 0 ? text : text.slice(0, end)).trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
