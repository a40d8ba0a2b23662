import type { LogEvent } from '../../../shared/log-events.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { causeOf } from '../timeline/proxy-status.js';
import { clock, evidenceOf, plural, secondsBetween, type Rule } from './finding.js';

/** What the proxy's journal says happened to the upstream: one outage, from loss to recovery. */
type Outage = {
  start: string;
  end?: string;
  /** The last failed attempt (or call refused for want of the upstream) journaled: down at least until then. */
  lastFailure?: string;
  cause: string;
  /** How the outage ended: the proxy got the upstream back, or the proxy stopped first. */
  ending: 'recovered' | 'proxy stopped' | 'ongoing';
  attempts: number;
  failedCalls: LogEvent[];
  replayed: number;
  evidence: LogEvent[];
};

/** Outages shorter than this with no failed call are what the proxy is for: not worth a finding. */
const NOTABLE_OUTAGE_S = 2;

/**
 * The outages a proxy journal records: from the first failure (the lost connection, or a failed
 * connect before the first one) to the next `connected`, or to the proxy's stop.
 */
function outagesOf(timeline: ServerTimeline): Outage[] {
  const outages: Outage[] = [];
  let current: Outage | undefined;
  for (const event of timeline.events) {
    switch (event.kind) {
      case 'reconnecting':
      case 'connect_failed':
        if (!current) {
          current = {
            start: event.time,
            cause: causeOf(journalText(event.message)) ?? event.message,
            ending: 'ongoing',
            attempts: 0,
            failedCalls: [],
            replayed: 0,
            evidence: [event],
          };
          outages.push(current);
        }
        if (event.kind === 'connect_failed') {
          current.lastFailure = event.time;
          current.attempts = Math.max(current.attempts + 1, event.attempt ?? 0);
          current.cause = causeOf(journalText(event.message)) ?? current.cause;
        }
        break;
      case 'tool_error':
        if (current) {
          current.failedCalls.push(event);
          // A call refused for want of the upstream is a failed attempt too.
          if (/upstream_unavailable|not executed/.test(event.message)) current.lastFailure = event.time;
        }
        break;
      case 'connected':
        if (current) {
          current.end = event.time;
          current.ending = 'recovered';
          current.replayed = Number(/replayed (\d+) request/.exec(event.message)?.[1] ?? 0);
          current.evidence.push(event);
          current = undefined;
        }
        break;
      case 'disconnected':
        if (current && event.reason === 'proxy stopped') {
          current.end = event.time;
          current.ending = 'proxy stopped';
          current.evidence.push(event);
          current = undefined;
        }
        break;
      default:
        break;
    }
  }
  if (current) {
    const run = timeline.proxy?.lastRun;
    if (timeline.proxy?.running === false && run?.endedAt) {
      current.end = run.endedAt;
      current.ending = 'proxy stopped';
    }
  }
  return outages;
}

/** A journal state line's own message (`previous -> state (reason): message` → `message`). */
function journalText(message: string): string {
  return message.replace(/^\S+ -> \S+ \([^)]*\): /, '');
}

/** Outages and failed calls the proxy saw: when, how long, why, and what it cost. */
export const proxyOutageRule: Rule = (timeline) => {
  if (timeline.server.client !== 'tether') return undefined;
  const outages = outagesOf(timeline).filter(
    (outage) =>
      outage.failedCalls.length > 0 ||
      outage.ending === 'ongoing' ||
      secondsBetween(outage.start, outage.end ?? timeline.lastSeen ?? outage.start) >= NOTABLE_OUTAGE_S,
  );
  const outage = outages.at(-1);
  if (!outage) return undefined;
  const end = outage.end ?? timeline.lastSeen ?? outage.start;
  const seconds = secondsBetween(outage.start, end);
  // The proxy only knows the upstream was down at its failed attempts and back at its next success:
  // between the last failure and the success (its backoff, up to 30 s) it may have been up already.
  const atLeast = outage.lastFailure ? secondsBetween(outage.start, outage.lastFailure) : seconds;
  const length = seconds - atLeast > 2 ? `${atLeast}–${seconds} s` : `${seconds} s`;
  const failed = outage.failedCalls.length;
  const notExecuted = outage.failedCalls.filter((event) => /not executed/.test(event.message)).length;
  const cost =
    failed === 0
      ? 'no call failed'
      : `${plural(failed, 'call')} failed${notExecuted === failed ? ' (not executed)' : notExecuted ? ` (${notExecuted} not executed)` : ''}`;
  const when =
    outage.ending === 'recovered'
      ? `for ${length} (${clock(outage.start)}–${clock(end)})`
      : outage.ending === 'proxy stopped'
        ? `from ${clock(outage.start)} until the proxy stopped at ${clock(end)} (${seconds} s)`
        : `since ${clock(outage.start)} (${seconds} s so far)`;
  const others = outages.length > 1 ? ` ${plural(outages.length - 1, 'earlier outage')} in the window.` : '';
  return {
    rule: 'outage',
    severity: failed > 0 || outage.ending !== 'recovered' ? 'error' : 'warning',
    title: `The upstream was unreachable ${when}: ${outage.cause}; ${cost}`,
    explanation:
      `The proxy lost the upstream and tried ${plural(outage.attempts, 'time')} to get it back (backoff up to 30 s, at least once a second while calls wait). ` +
      "A call that was not sent yet waits for the upstream within the proxy's budget (`--budget`, 20 s by default); past it, the call fails with an error that says the tool was NOT executed, so it is safe to repeat. " +
      (outage.ending === 'recovered'
        ? `The upstream answered again at ${clock(end)}${outage.lastFailure && atLeast < seconds - 2 ? ` (its last failed attempt the proxy logged was at ${clock(outage.lastFailure)}; between attempts it waits with backoff, so the server may have been back a little earlier)` : ''}${outage.replayed ? `; ${plural(outage.replayed, 'waiting call')} went through then` : ''}.`
        : outage.ending === 'proxy stopped'
          ? 'The upstream did not come back before the client closed the proxy.'
          : 'The upstream has not answered since.') +
      others,
    evidence: evidenceOf([
      ...outage.evidence.slice(0, 2),
      ...outage.failedCalls.slice(-2),
      ...outage.evidence.slice(2),
    ]),
    remedy:
      'Find out why the server was unreachable then: its own logs, restarts or deploys at that time, the network path (`tether doctor URL`). ' +
      "If outages this long are expected, give calls more time to wait: raise `--budget` in the wrapped entry's `tether proxy` arguments.",
  };
};

/** What the proxy absorbed: stale sessions re-initialised, lost connections re-opened, calls replayed. */
export const proxyRecoveredRule: Rule = (timeline) => {
  if (timeline.server.client !== 'tether') return undefined;
  const reinitialized = timeline.events.filter(
    (event) => event.kind === 'connected' && /re-initialized/.test(event.message),
  );
  const reconnected = timeline.events.filter(
    (event) => event.kind === 'connected' && /reconnected after/.test(event.message),
  );
  const cuts = timeline.counters.drops;
  if (reinitialized.length + reconnected.length + cuts === 0) return undefined;
  const replayed = [...reinitialized, ...reconnected].reduce(
    (sum, event) => sum + Number(/replayed (\d+) request/.exec(event.message)?.[1] ?? 0),
    0,
  );
  const lost = timeline.events.filter((event) => event.kind === 'tool_error').length;
  const parts = [
    reinitialized.length ? plural(reinitialized.length, 'stale session') : '',
    reconnected.length ? plural(reconnected.length, 'lost connection') : '',
    cuts ? plural(cuts, 'stream cut') : '',
  ].filter(Boolean);
  return {
    rule: 'proxy-recovered',
    severity: 'info',
    title: `The proxy recovered ${parts.join(', ')}; ${plural(replayed, 'call')} replayed, ${plural(lost, 'call')} lost`,
    explanation:
      'What would have broken the client without Tether: the proxy re-initialised each expired session with the ' +
      "client's own parameters, re-opened lost connections and event streams, and replayed the calls that were " +
      `waiting. The client saw a short wait instead of an error${lost ? `; ${plural(lost, 'call')} failed anyway (see the outage finding)` : ''}.`,
    evidence: evidenceOf([...reinitialized, ...reconnected]),
    remedy: reinitialized.length
      ? 'Nothing to do in the client. The server forgets its sessions when it restarts; if that is not expected, look at its restarts and deploys.'
      : 'Nothing to do in the client.',
  };
};
