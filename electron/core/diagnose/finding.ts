import type { LogEvent } from '../../../shared/log-events.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';

/** One piece of evidence: what was logged, and where (file:line) to read it. */
export type Evidence = { time: string; message: string; file: string; line: number };

/** A diagnosis: what is wrong, why we think so, and what to do. */
export type Finding = {
  rule: string;
  severity: 'info' | 'warning' | 'error';
  /** One line. */
  title: string;
  explanation: string;
  evidence: Evidence[];
  remedy: string;
  /** The server the finding is about (its timeline key). */
  serverKey: string;
};

/** What a rule knows besides the timeline. */
export type DiagnoseContext = {
  /**
   * The server runs behind `tether proxy` (its entry is wrapped, or this is the proxy's own journal):
   * remedies then say what the proxy does instead of advising to wrap it.
   */
  wrapped: boolean;
};

/** A rule reads one timeline and returns at most one finding. */
export type Rule = (
  timeline: ServerTimeline,
  context: DiagnoseContext,
) => Omit<Finding, 'serverKey'> | undefined;

/** At most this many evidence lines per finding: enough to check, short enough to read. */
export const MAX_EVIDENCE = 6;

/** Evidence from events, in time order, newest kept when there are too many. */
export function evidenceOf(events: readonly LogEvent[]): Evidence[] {
  const ordered = [...events].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return ordered.slice(-MAX_EVIDENCE).map((event) => ({
    time: event.time,
    message: event.message.split('\n')[0]!.slice(0, 300),
    file: event.source.file,
    line: event.source.line,
  }));
}

/** A short UTC time for titles: `00:15:06` on the day of `reference`, else with the date. */
export function clock(iso: string): string {
  return `${iso.slice(11, 19)}Z`;
}

/** Seconds between two ISO times, rounded. */
export function secondsBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/** `1 call` / `2 calls`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Events of a timeline whose message matches a pattern. */
export function eventsMatching(timeline: ServerTimeline, pattern: RegExp): LogEvent[] {
  return timeline.events.filter((event) => pattern.test(event.message));
}
