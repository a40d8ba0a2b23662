import type { ServerStatus } from '../../../shared/timeline-model.js';
import type { ServerAccumulator } from './server-accumulator.js';

/** Log evidence older than this says nothing about the present: the status becomes `unknown`. */
export const RECENT_EVIDENCE_MS = 24 * 60 * 60 * 1000;
/** Errors this close before the last event make a live connection `degraded`. */
const DEGRADED_WINDOW_MS = 10 * 60 * 1000;

/**
 * Infers a server's status from its client's own logs (servers Tether does not wrap).
 *
 * The latest lifecycle event decides; a live connection with recent cuts or errors is `degraded`.
 * Every answer carries a one-line reason so the UI can say why.
 */
export function inferStatus(acc: ServerAccumulator, nowMs: number): { status: ServerStatus; reason: string } {
  // Staleness is judged on the server's own evidence: a reconnect or wrap done from the dashboard a
  // minute ago says nothing about a connection last logged two weeks ago.
  if (!acc.lastEvidence) return { status: 'unknown', reason: 'no log evidence' };
  if (nowMs - Date.parse(acc.lastEvidence) > RECENT_EVIDENCE_MS) {
    return { status: 'unknown', reason: `no log evidence since ${acc.lastEvidence}` };
  }
  const last = acc.lastOf.get('lifecycle');
  const open = acc.hasOpenConnection();
  if (!last) return { status: open ? 'connected' : 'unknown', reason: 'only activity in the logs' };
  switch (last.kind) {
    case 'auth_required':
      return { status: 'needs-auth', reason: `authentication required at ${last.time}` };
    case 'session_expired':
      return {
        status: 'session-expired',
        reason: `session expired at ${last.time}, no reconnect logged since`,
      };
    case 'connect_failed':
    case 'timeout':
      if (failedOnAuth(acc))
        return { status: 'needs-auth', reason: `authentication required (attempt at ${last.time})` };
      return {
        status: 'upstream-down',
        reason: `connection failed at ${last.time}: ${last.message.split('\n')[0]}`,
      };
    case 'reconnecting':
    case 'connecting':
      return { status: 'reconnecting', reason: `(re)connecting since ${last.time}` };
    case 'disconnected':
      if (open)
        return { status: 'degraded', reason: `stream cut at ${last.time}; the client is recovering it` };
      return last.clean
        ? {
            status: 'unknown',
            reason: `connection closed cleanly at ${last.time} (client exited or disabled it)`,
          }
        : {
            status: 'upstream-down',
            reason: `connection closed with errors at ${last.time}; no reconnect since`,
          };
    default:
      break;
  }
  if (!open) return { status: 'unknown', reason: `last lifecycle event: ${last.kind} at ${last.time}` };
  const since = Date.parse(acc.lastEvidence) - DEGRADED_WINDOW_MS;
  const trouble = acc.events.filter(
    (event) =>
      Date.parse(event.time) >= since &&
      event.time >= last.time &&
      (event.level === 'error' || event.level === 'warn'),
  );
  return trouble.length > 0
    ? {
        status: 'degraded',
        reason: `connected, but ${trouble.length} warning/error event(s) since ${last.time}`,
      }
    : { status: 'connected', reason: `connected since ${last.time}` };
}

/** The latest attempt asked for authentication before it failed (a 401 ends in "connection failed"). */
function failedOnAuth(acc: ServerAccumulator): boolean {
  for (let index = acc.events.length - 1; index >= 0; index--) {
    const kind = acc.events[index]!.kind;
    if (kind === 'auth_required') return true;
    if (kind === 'connecting' || kind === 'connected') return false;
  }
  return false;
}
