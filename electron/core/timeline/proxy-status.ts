import type { ProxySummary, ServerStatus, ServerTimeline } from '../../../shared/timeline-model.js';
import type { ServerAccumulator } from './server-accumulator.js';

/** Live proxy state from the control socket (electron/core/hub/), keyed by proxy server key. */
export type LiveProxyState = {
  key: string;
  state: ServerStatus;
  since: string;
  upstream?: string;
  pid?: number;
  /** How many proxies of this key are connected now (one per client session; the state is their worst). */
  proxies?: number;
};

/** Says whether a process with this pid runs now (injected in tests). */
export type PidProbe = (pid: number) => boolean;

/**
 * A running proxy writes its counters to the journal every 60 s: a journal silent for longer belongs
 * to a proxy that is gone (its pid may have been reused by another process) or hung.
 */
const PROXY_SILENT_MS = 3 * 60_000;

/** The real probe: signal 0 checks that the pid exists (EPERM: it exists, owned by someone else). */
export const processIsAlive: PidProbe = (pid) => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * What a wrapped server's proxy says, and whether it still runs: live on the control socket, or its
 * journal's newest run with its pid alive and its journal recent. A run that said `proxy stopped`, or
 * whose pid is gone, is over: no client is attached to the server now.
 */
export function proxySummaryOf(
  acc: ServerAccumulator,
  timeline: ServerTimeline,
  live: LiveProxyState | undefined,
  nowMs: number,
  pidAlive: PidProbe,
): ProxySummary {
  const run = acc.proxyRuns?.last();
  const hello = [...timeline.events].reverse().find((event) => event.kind === 'connecting');
  const upstream = live?.upstream ?? (hello ? / for (.+) \[/.exec(hello.message)?.[1] : undefined);
  const pid = live?.pid ?? run?.pid;
  let running: boolean | undefined;
  if (live) running = true;
  else if (run?.ending === 'stopped') running = false;
  else if (run?.pid !== undefined) {
    const recent = timeline.lastSeen !== undefined && nowMs - Date.parse(timeline.lastSeen) < PROXY_SILENT_MS;
    running = recent && pidAlive(run.pid);
    if (!running) {
      run.ending = 'vanished';
      run.endedAt = timeline.lastSeen ?? run.startedAt;
    }
  }
  const state = live?.state ?? run?.lastState;
  const since = live?.since ?? run?.lastStateSince;
  return {
    key: timeline.server.name,
    live: live !== undefined,
    ...(state ? { state } : {}),
    ...(since ? { since } : {}),
    ...(upstream ? { upstream } : {}),
    ...(pid !== undefined ? { pid } : {}),
    streamCuts: timeline.counters.drops,
    reinits: timeline.counters.sessionExpired,
    ...(timeline.lastSeen ? { lastEventAt: timeline.lastSeen } : {}),
    ...(running === undefined ? {} : { running }),
    ...(run ? { lastRun: run } : {}),
  };
}

/**
 * A wrapped server's status comes from its proxy, not from inference. A proxy that is not running
 * means no client is attached: the status says so (`unknown`: "no live evidence", ARCHITECTURE.md
 * "Server identity and status") with the last session's outcome, and connections still open in the
 * logs end when the proxy ended.
 */
export function applyProxy(timeline: ServerTimeline, proxy: ProxySummary): void {
  timeline.proxy = proxy;
  const run = proxy.lastRun;
  if (proxy.running === false && run) {
    timeline.status = 'unknown';
    timeline.inferred = false;
    timeline.statusReason = `no client attached now (${endingText(run, proxy.pid)}); last session: ${lastSessionText(run)}`;
    closeOpenConnections(timeline, run, proxy.pid);
    return;
  }
  if (!proxy.state) return;
  timeline.status = proxy.state as ServerStatus;
  timeline.inferred = false;
  const since = proxy.since ? ` since ${shortTime(proxy.since)}` : '';
  timeline.statusReason = proxy.live
    ? `live proxy: ${proxy.state}${since}`
    : proxy.running
      ? `proxy running (pid ${proxy.pid}), from its journal: ${proxy.state}${since}`
      : `proxy journal: ${proxy.state}${since}`;
}

function endingText(run: NonNullable<ProxySummary['lastRun']>, pid: number | undefined): string {
  const at = shortTime(run.endedAt ?? run.startedAt);
  return run.ending === 'stopped'
    ? `the proxy stopped at ${at}`
    : `the proxy${pid ? ` (pid ${pid})` : ''} is gone since ${at} without saying goodbye: killed, crashed or hung`;
}

/** "17:49:30–17:50:03 (33 s), ended with the upstream unreachable for 32 s (…); 3 calls ok, 4 failed". */
export function lastSessionText(run: NonNullable<ProxySummary['lastRun']>): string {
  const end = run.endedAt ?? run.startedAt;
  const seconds = Math.max(0, Math.round((Date.parse(end) - Date.parse(run.startedAt)) / 1000));
  const downSince = run.outageSince ?? run.lastStateSince;
  const down = downSince
    ? Math.max(0, Math.round((Date.parse(end) - Date.parse(downSince)) / 1000))
    : undefined;
  const cause = causeOf(run.lastStateMessage);
  const detail = cause ? ` (${cause})` : '';
  let how: string;
  switch (run.lastState) {
    case undefined:
      how = 'before the upstream answered';
      break;
    case 'connected':
      how = 'connected';
      break;
    case 'upstream-down':
    case 'reconnecting':
      how = `with the upstream unreachable for the last ${down ?? '?'} s${detail}`;
      break;
    case 'needs-auth':
      how = `waiting for a sign-in${detail}`;
      break;
    case 'session-expired':
      how = 're-initializing an expired session';
      break;
    default:
      how = run.lastState;
  }
  return `${shortTime(run.startedAt)}–${shortTime(end)} (${seconds} s), ended ${how}; ${run.callsOk} call(s) ok, ${run.callsFailed} failed`;
}

/**
 * The cause in a proxy state message: `svc: upstream unavailable (ECONNREFUSED: …); attempt 19, retrying`
 * → `ECONNREFUSED: …`.
 */
export function causeOf(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const text = message.replace(/^[^:]+: /, '');
  const inner =
    /^(?:upstream (?:unavailable|connection lost)|authorization required|session expired) \((.*)\)(?:;|$)/.exec(
      text,
    )?.[1];
  return (inner ?? text).slice(0, 120);
}

function closeOpenConnections(
  timeline: ServerTimeline,
  run: NonNullable<ProxySummary['lastRun']>,
  pid: number | undefined,
): void {
  const end = run.endedAt;
  if (!end) return;
  const client = timeline.server.client !== 'tether';
  for (const connection of timeline.connections) {
    if (connection.end || connection.start > end) continue;
    connection.end = end;
    connection.clean = run.ending === 'stopped';
    connection.endReason =
      run.ending === 'stopped'
        ? client
          ? 'client detached (its proxy stopped)'
          : 'proxy stopped'
        : `proxy gone${pid ? ` (pid ${pid} no longer running)` : ''}`;
    connection.uptimeS = Math.round((Date.parse(end) - Date.parse(connection.start)) / 100) / 10;
    timeline.counters.disconnects++;
    if (!connection.clean) timeline.counters.uncleanDisconnects++;
  }
}

/** An ISO time without milliseconds, for reasons people read. */
export function shortTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}
