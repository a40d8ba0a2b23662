import type { LogEvent, LogEventOf } from '../../../shared/log-events.js';
import { round1 } from '../rounding.js';

/** Follow-up lines of one cut arrive within this window; they are the same incident. */
const SAME_INCIDENT_MS = 500;
/** The MCP SDK re-opens a dropped GET stream after its first reconnection delay (1 s). */
const REOPEN_DELAY_MS = 1000;
/** The first line a client logs this long after a cut is the re-open (Claude Code: its token lookup). */
const REOPEN_WINDOW_MS: readonly [number, number] = [800, 5000];

/** Reasons that say the stream did not end on its own: a failed re-open, a rejected POST, a bad message. */
const NOT_A_CUT =
  /Failed to reconnect|Unable to connect|ECONNREFUSED|Connection refused|Error POSTing|unknown message ID|invalid_union|Failed to open SSE stream|Host unreachable|Process not found|Failed to spawn/i;

/** A settled cut: its age and the drop line that reported it. */
export type MeasuredCut = { ageS: number; event: LogEvent; from: 'connect' | 'reopen' };

type PendingDrop = { at: number; event: LogEventOf<'disconnected'>; reasons: string[] };

/**
 * Measures how long each stream lived before it was cut, from the stream's own (re)open, as the
 * client's "dropped after Ns uptime" does for the first cut.
 *
 * Measured drop to drop instead, a `proxy_read_timeout 3s` reads as ~4 s: the client waits ~1 s before
 * it re-opens the stream. The re-open is the first line the client logs in a short window after the
 * cut (Claude Code looks up its token as it re-opens); when it logs none, the SDK's 1 s delay is assumed.
 * Only drops the client recovers from are cuts: a connection's final close comes after the cut that
 * caused it (the same incident) or from the client itself (exit, restart), and a stdio server's exit is
 * a crash, not an idle cut.
 *
 * A drop whose reason says the stream did not simply end (a failed re-open, a rejected POST, a message
 * the client could not read) is not a cut: the reason lines follow the drop line in the same instant,
 * so a drop is settled once they are read (`settle`) or the stream moves on.
 */
export class CutClock {
  private anchorMs: number | undefined;
  private anchorFrom: 'connect' | 'reopen' = 'connect';
  private reopenAfterMs: number | undefined;
  private pending: PendingDrop | undefined;
  private lastCutMs = -Infinity;

  /** A connection (and its stream) opened now. */
  opened(at: number): void {
    this.anchorMs = at;
    this.anchorFrom = 'connect';
    this.reopenAfterMs = undefined;
  }

  /** The connection ended: nothing more to measure until the next one. */
  closed(): void {
    this.anchorMs = undefined;
    this.reopenAfterMs = undefined;
  }

  /**
   * Every event of the stream, before it is handled: reads a pending drop's reason lines, and notes the
   * re-open after a cut. Returns a cut that this event settled, if any.
   */
  observe(event: LogEvent): MeasuredCut | undefined {
    if (this.pending === undefined && this.reopenAfterMs === undefined) return undefined;
    const at = Date.parse(event.time);
    let settled: MeasuredCut | undefined;
    if (this.pending) {
      const reasonLine =
        (event.kind === 'error' || event.kind === 'info') && at - this.pending.at <= SAME_INCIDENT_MS;
      if (reasonLine) {
        this.pending.reasons.push(event.message);
        return undefined;
      }
      settled = this.settle();
    }
    if (this.reopenAfterMs !== undefined) {
      const waited = at - this.reopenAfterMs;
      if (waited >= REOPEN_WINDOW_MS[0] && waited <= REOPEN_WINDOW_MS[1]) {
        this.anchorMs = at;
        this.reopenAfterMs = undefined;
      } else if (waited > REOPEN_WINDOW_MS[1]) this.reopenAfterMs = undefined;
    }
    return settled;
  }

  /** A stream drop the client recovers from: measured once its reason lines are read. */
  dropped(event: LogEventOf<'disconnected'>, at: number): MeasuredCut | undefined {
    const earlier = this.pending ? this.settle() : undefined;
    this.pending = { at, event, reasons: [event.message] };
    return earlier;
  }

  /** Settles the pending drop (at the end of the stream, or when the next line is not a reason). */
  settle(): MeasuredCut | undefined {
    const pending = this.pending;
    if (!pending) return undefined;
    this.pending = undefined;
    if (NOT_A_CUT.test(pending.reasons.join('\n'))) return undefined;
    return this.measure(pending.event, pending.at);
  }

  /** What `settle` would return, without changing anything (for a snapshot taken mid-stream). */
  peek(): MeasuredCut | undefined {
    const pending = this.pending;
    if (!pending || NOT_A_CUT.test(pending.reasons.join('\n'))) return undefined;
    if (pending.at - this.lastCutMs <= SAME_INCIDENT_MS) return undefined;
    const ageS = this.ageAt(pending.event, pending.at);
    return ageS === undefined ? undefined : { ageS, event: pending.event, from: this.fromOf(pending.event) };
  }

  private measure(event: LogEventOf<'disconnected'>, at: number): MeasuredCut | undefined {
    if (at - this.lastCutMs <= SAME_INCIDENT_MS) return undefined;
    this.lastCutMs = at;
    const ageS = this.ageAt(event, at);
    const from = this.fromOf(event);
    this.anchorMs = at + REOPEN_DELAY_MS;
    this.anchorFrom = 'reopen';
    this.reopenAfterMs = at;
    return ageS === undefined ? undefined : { ageS, event, from };
  }

  /** A client-measured stream age is from the stream's own open. */
  private fromOf(event: LogEventOf<'disconnected'>): 'connect' | 'reopen' {
    return event.streamAgeS !== undefined ? 'reopen' : this.anchorFrom;
  }

  private ageAt(event: LogEventOf<'disconnected'>, at: number): number | undefined {
    if (event.streamAgeS !== undefined) return event.streamAgeS;
    return this.anchorMs === undefined ? undefined : round1((at - this.anchorMs) / 1000);
  }
}
