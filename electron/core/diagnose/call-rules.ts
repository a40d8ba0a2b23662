import type { LogEvent } from '../../../shared/log-events.js';
import type { Connection, ServerTimeline } from '../../../shared/timeline-model.js';
import { clock, evidenceOf, plural, type Rule } from './finding.js';

/** A call that failed because the server could not be reached at all (nothing ran). */
const UNREACHABLE =
  /Unable to connect|ECONNREFUSED|Connection refused|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|fetch failed|connect ETIMEDOUT|upstream unavailable|upstream_unavailable/i;
/** Failures this far apart are separate incidents. */
const INCIDENT_GAP_MS = 60_000;

/**
 * Tool calls that failed because the client could not reach the server (the `outage-during-calls`
 * capture: `Tool 'echo' failed after 0s: Unable to connect …`).
 */
export const unreachableCallsRule: Rule = (timeline, context) => {
  if (timeline.server.client === 'tether') return undefined; // the proxy's view: the outage rule
  const failed = timeline.events.filter(
    (event) => event.kind === 'tool_error' && UNREACHABLE.test(`${event.error}\n${event.message}`),
  );
  const incident = lastIncident(failed);
  if (incident.length === 0) return undefined;
  const first = incident[0]!.time;
  const last = incident.at(-1)!.time;
  const around = timeline.events.filter(
    (event) =>
      event.kind !== 'tool_error' &&
      event.time >= first &&
      event.time <= last &&
      UNREACHABLE.test(event.message),
  );
  const cause = /Unable to connect|ECONNREFUSED|Connection refused|ENOTFOUND|EHOSTUNREACH|fetch failed/i.exec(
    incident.map((event) => event.message).join('\n'),
  )?.[0];
  const span = first === last ? `at ${clock(first)}` : `between ${clock(first)} and ${clock(last)}`;
  return {
    rule: 'calls-failed-unreachable',
    severity: 'error',
    title: `${plural(incident.length, 'tool call')} failed ${span}: the server could not be reached${cause ? ` (${cause})` : ''}`,
    explanation:
      'The client could not open a connection to the server, so the calls failed at once and the model saw an error for each (the tools did not run). ' +
      'The server was down or restarting, or the network path dropped' +
      (failed.length > incident.length
        ? `; ${plural(failed.length - incident.length, 'more call')} failed the same way earlier in the window.`
        : '.'),
    evidence: evidenceOf([...around.slice(0, 2), ...incident]),
    remedy:
      'Find out why the server was unreachable then: its own logs, restarts or deploys at that time, the network (`tether doctor URL`). ' +
      (context.wrapped
        ? 'The server is wrapped now: its proxy holds a call that was not sent yet for up to its budget (`--budget`, 20 s by default) while the server comes back, tries the server at once when the call arrives, and a call that still fails says the tool was NOT executed.'
        : '`tether wrap NAME` puts a proxy in front that holds a call that was not sent yet for up to 20 s (`--budget`) while the server comes back, tries the server at once when the call arrives and sends it as soon as it answers; a call that still fails says the tool was NOT executed, so it is safe to repeat.'),
  };
};

/** The newest run of failures with less than INCIDENT_GAP_MS between them. */
function lastIncident(failed: readonly LogEvent[]): LogEvent[] {
  const incident: LogEvent[] = [];
  for (const event of [...failed].reverse()) {
    const next = incident[0];
    if (next && Date.parse(next.time) - Date.parse(event.time) > INCIDENT_GAP_MS) break;
    incident.unshift(event);
  }
  return incident;
}

/**
 * A local (stdio) server that ended while its client still used it: the client closed it in the middle
 * of the session and started it again, or calls failed with it. Claude Code logs a SIGKILLed server as a
 * clean close (`STDIO connection closed after 0s (cleanly)`), so the exit itself says nothing.
 */
export const serverExitedRule: Rule = (timeline, context) => {
  if (timeline.server.client === 'tether') return undefined;
  const exits = timeline.connections.filter((connection, index) =>
    endedMidSession(timeline, connection, index),
  );
  if (exits.length === 0) return undefined;
  const shortLived = exits.filter((connection) => (connection.uptimeS ?? 0) < 120);
  if (shortLived.length >= 3) return undefined; // a crash loop: the crash-loop finding says more
  const failedCalls = exits.flatMap((connection) => callsFailedAt(timeline, connection));
  const closeLines = exits.flatMap((connection) =>
    timeline.events.filter(
      (event) =>
        event.kind === 'disconnected' &&
        event.final &&
        event.time === connection.end &&
        event.source.file === connection.file,
    ),
  );
  const restarts = exits.flatMap((connection) => {
    const next = timeline.connections.find(
      (other) => other.file === connection.file && other.start > connection.end!,
    );
    return next
      ? timeline.events.filter((event) => event.kind === 'connected' && event.time === next.start)
      : [];
  });
  const last = exits.at(-1)!;
  const stderr = timeline.stderrTail.slice(-3);
  return {
    rule: 'server-exited',
    severity: failedCalls.length > 0 ? 'error' : 'warning',
    title:
      failedCalls.length > 0
        ? `The stdio server ended during a call at ${clock(last.end!)}; ${plural(failedCalls.length, 'call')} failed`
        : `The stdio server ended during the session (${plural(exits.length, 'time')}, last at ${clock(last.end!)}); the client started it again`,
    explanation:
      `The server process ended ${last.uptimeS ?? '?'} s after it started while the client was still using it` +
      (last.clean === false
        ? ', with errors'
        : ' and the client logged no error (a killed process closes its pipes cleanly)') +
      '. ' +
      (failedCalls.length > 0
        ? 'A call that was running at that moment failed ("Connection closed"); it may have run in part.'
        : 'The client started it again for the next call; anything the server held in memory was lost.') +
      (stderr.length ? `\nIts last stderr lines:\n${stderr.map((line) => `  ${line}`).join('\n')}` : ''),
    evidence: evidenceOf([...closeLines, ...failedCalls, ...restarts]),
    remedy:
      'Find out what ends it: run its command by hand, read its stderr (`tether logs --server ' +
      `${timeline.server.name}\`), look for memory limits or a process that kills it. ` +
      (context.wrapped
        ? 'The proxy starts a local server again as soon as it exits (with backoff) and re-initialises it; calls made meanwhile wait for it, a call running when it died still fails.'
        : '`tether wrap NAME` starts it again as soon as it exits (with backoff) and re-initialises it, so calls made meanwhile wait instead of failing; a call running when it died still fails, since it may have run.'),
  };
};

/** A stdio connection that ended while its client went on: a later connection or failed calls in its file. */
function endedMidSession(timeline: ServerTimeline, connection: Connection, index: number): boolean {
  if (!connection.end || connection.endReason === 'superseded') return false;
  if (connection.transport !== 'stdio' && connection.exitCode === undefined) return false;
  if (/proxy (?:stopped|gone)|client detached/.test(connection.endReason ?? '')) return false;
  const restarted = timeline.connections
    .slice(index + 1)
    .some((other) => other.file === connection.file && other.start >= connection.end!);
  return restarted || callsFailedAt(timeline, connection).length > 0;
}

/** Calls that failed when the connection ended (within a second of its end, in its file). */
function callsFailedAt(timeline: ServerTimeline, connection: Connection): LogEvent[] {
  const end = Date.parse(connection.end!);
  return timeline.events.filter(
    (event) =>
      event.kind === 'tool_error' &&
      event.source.file === connection.file &&
      Math.abs(Date.parse(event.time) - end) <= 1000,
  );
}
