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

/** A rule reads one timeline and returns at most one finding. */
export type Rule = (timeline: ServerTimeline) => Omit<Finding, 'serverKey'> | undefined;

/** At most this many evidence lines per finding: enough to check, short enough to read. */
export const MAX_EVIDENCE = 6;

/** Evidence from events, newest kept when there are too many. */
export function evidenceOf(events: readonly LogEvent[]): Evidence[] {
  return events.slice(-MAX_EVIDENCE).map((event) => ({
    time: event.time,
    message: event.message.split('\n')[0]!.slice(0, 300),
    file: event.source.file,
    line: event.source.line,
  }));
}

/** Events of a timeline whose message matches a pattern. */
export function eventsMatching(timeline: ServerTimeline, pattern: RegExp): LogEvent[] {
  return timeline.events.filter((event) => pattern.test(event.message));
}
