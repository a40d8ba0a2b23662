import type { LogEvent } from '../../../shared/log-events.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { clock, evidenceOf, type Rule } from './finding.js';

/**
 * What `tether wrap` does for a server that is down when the client starts (electron/proxy/proxy-engine.ts):
 * the client attaches to the proxy, which answers from its cache of the last good start, or without a
 * cache holds `initialize` until the server answers or shortly before the client gives up.
 */
const WRAP_FOR_DOWN_AT_START =
  "`tether wrap NAME` puts Tether's proxy in front: the client always finds a server to attach to. When the real server is down at start, the proxy answers `initialize` and the tool list from its cache of the last good start; with nothing cached yet, it holds `initialize` until the server answers or until shortly before the client's start-up timeout (learned from the client: Claude Code's MCP_TIMEOUT, Codex's 10 s, or `--startup-wait`), then answers without the server — an error for the tool list, never an empty list — and announces the tools with `list_changed` once the server is up (docs/proxy.md).";

/** The server was down while the client started: the client gave up and offers no tools. */
export const downAtStartRule: Rule = (timeline, context) => {
  if (timeline.server.client === 'tether') return undefined; // the proxy's own outages: see the outage rule
  const byFile = new Map<string, { failedFirst: boolean; events: typeof timeline.events }>();
  for (const event of timeline.events) {
    let entry = byFile.get(event.source.file);
    if (!entry) {
      const lifecycle = ['connected', 'connect_failed'];
      if (!lifecycle.includes(event.kind)) continue;
      byFile.set(event.source.file, (entry = { failedFirst: event.kind === 'connect_failed', events: [] }));
    }
    if (entry.failedFirst && (event.kind === 'connect_failed' || event.kind === 'connected'))
      entry.events.push(event);
  }
  const hits = [...byFile.values()].filter((entry) => entry.failedFirst);
  if (hits.length === 0) return undefined;
  const recovered = hits.some((entry) => entry.events.some((event) => event.kind === 'connected'));
  return {
    rule: 'down-at-start',
    severity: recovered ? 'warning' : 'error',
    title: recovered
      ? 'The server was down when the client started (it connected later)'
      : 'The server was down when the client started; the client gave up',
    explanation:
      'The first connection attempt of the client session failed. Claude Code marks such a server failed and offers none of its tools for the whole session; it does not retry on its own.',
    evidence: evidenceOf(hits.flatMap((entry) => entry.events)),
    remedy:
      (context.wrapped
        ? 'The server is wrapped now, so the client attaches to the proxy even when the server is down; these failures were logged before it was wrapped, or by a client that does not use the wrapped entry. '
        : `Start the server before the client, then reconnect (\`/mcp\` → Reconnect in Claude Code; restart Cursor or Claude Desktop). ${WRAP_FOR_DOWN_AT_START} `) +
      'Claude Code words a host name that does not resolve the same way ("Unable to connect … ConnectionRefused"): if the URL names a host, check it resolves with `tether doctor URL`.',
  };
};

/**
 * A reconnect brought back no tools: a list that was non-empty (or a server that declared tools) is
 * empty on a later connection. Claude Code logs no count, only each connection's capabilities
 * (`hasTools`), read as "had tools" / 0 tools; Claude Desktop and Cursor log the count.
 */
export const emptyToolsRule: Rule = (timeline, context) => {
  let hadTools: LogEvent | undefined;
  let emptied: LogEvent | undefined;
  for (const event of timeline.events) {
    const count =
      event.kind === 'tools_listed' ? event.count : event.kind === 'info' && event.hasTools ? 1 : undefined;
    if (count === undefined) continue;
    if (count > 0) hadTools = event;
    else if (hadTools && !emptied) emptied = event;
  }
  if (!hadTools || !emptied) return undefined;
  const before = [...timeline.events]
    .reverse()
    .find(
      (event) =>
        event.time <= emptied.time &&
        ((event.kind === 'tools_listed' && event.count > 0) ||
          (event.kind === 'info' && event.hasTools === true)),
    )!;
  const between = timeline.events.filter(
    (event) =>
      event.time > before.time &&
      event.time < emptied.time &&
      (event.kind === 'session_expired' ||
        event.kind === 'connected' ||
        (event.kind === 'disconnected' && event.final)),
  );
  return {
    rule: 'empty-tools',
    severity: 'warning',
    title: `After a reconnect at ${clock(emptied.time)} the server offered 0 tools`,
    explanation:
      'The server offered tools before and none on a later connection: it answered (or declared its capabilities) before it was ready after a restart, or lost its tools. ' +
      'A client that believes the empty list shows no tools for this server until it reconnects again.',
    evidence: evidenceOf([before, ...between.slice(-3), emptied]),
    remedy: context.wrapped
      ? 'Make the server declare and list its tools only once it is ready after a start. The proxy checks an empty list twice, 1.5 s apart, before passing it on, and serves the last good list meanwhile.'
      : 'Reconnect from the client once the server is ready (`/mcp` → Reconnect in Claude Code; restart Cursor or Claude Desktop), and make the server declare and list its tools only once it is ready after a start. `tether wrap NAME` puts a proxy in front that checks an empty list twice, 1.5 s apart, before passing it on and serves the last good list meanwhile.',
  };
};

/** A stdio server exits again and again shortly after starting. */
export const crashLoopRule: Rule = (timeline) => {
  const short = timeline.connections.filter(
    (connection) =>
      connection.end &&
      (connection.transport === 'stdio' || connection.exitCode !== undefined) &&
      (connection.clean === false || (connection.exitCode ?? 0) !== 0) &&
      (connection.uptimeS ?? 0) < 120,
  );
  const failedStarts = stdioStartFailures(timeline);
  if (short.length + failedStarts.length < 3) return undefined;
  const codes = [
    ...new Set(short.map((connection) => connection.exitCode).filter((code) => code !== undefined)),
  ];
  const stderr = timeline.stderrTail.slice(-5);
  return {
    rule: 'crash-loop',
    severity: 'error',
    title: `The stdio server keeps crashing (${short.length + failedStarts.length} exits within 2 min of start${codes.length ? `, exit code ${codes.join('/')}` : ''})`,
    explanation: `The server process exited soon after each start. Its last stderr lines:\n${stderr.map((line) => `  ${line}`).join('\n') || '  (none logged)'}`,
    evidence: evidenceOf(
      timeline.events
        .filter((event) => event.kind === 'disconnected' && event.final && !event.clean)
        .concat(failedStarts)
        .sort((a, b) => a.time.localeCompare(b.time)),
    ),
    remedy:
      'Run the server command by hand in a terminal to see the crash; check its env (API keys, paths) and runtime version.',
  };
};

/**
 * Starts of a stdio server that died before the handshake finished: Claude Code logs its stderr, then
 * `Connection failed …: MCP error -32000: Connection closed` (no transport prefix, unlike HTTP/SSE).
 * One per attempt (the client logs the failure twice).
 */
function stdioStartFailures(timeline: ServerTimeline): ServerTimeline['events'] {
  if (timeline.counters.stderrLines === 0) return [];
  const failures: ServerTimeline['events'] = [];
  let attemptOpen = false;
  for (const event of timeline.events) {
    if (event.kind === 'connecting') attemptOpen = true;
    if (!attemptOpen || event.kind !== 'connect_failed') continue;
    attemptOpen = false; // the attempt's first failure line decides
    if (/Connection closed/.test(event.reason) && !/^(?:HTTP|SSE|WebSocket) /.test(event.message))
      failures.push(event);
  }
  return failures;
}

/** Calls that run very long or never finish. */
export const slowCallsRule: Rule = (timeline) => {
  const running = timeline.events.filter(
    (event) => event.kind === 'info' && event.elapsedS !== undefined && event.elapsedS >= 30,
  );
  const slow = timeline.events.filter((event) => event.kind === 'tool_ok' && (event.ms ?? 0) >= 30_000);
  const timeouts = timeline.events.filter(
    (event) => event.kind === 'timeout' || (event.kind === 'tool_error' && /timed? ?out/i.test(event.error)),
  );
  const evidence = [...running, ...slow, ...timeouts].sort((a, b) => a.time.localeCompare(b.time));
  if (evidence.length === 0) return undefined;
  return {
    rule: 'slow-calls',
    severity: timeouts.length > 0 ? 'error' : 'warning',
    title: timeouts.length > 0 ? 'Calls time out' : 'Calls are slow or hang (30 s or more)',
    explanation: `Slowest tool call: ${timeline.toolLatencyMs.max ?? '?'} ms (p50 ${timeline.toolLatencyMs.p50 ?? '?'} ms). Long calls hold the stream open, and idle cuts or client timeouts then fail them.`,
    evidence: evidenceOf(evidence),
    remedy:
      'Make the tool report progress or return sooner; raise the client timeout (`MCP_TOOL_TIMEOUT`, `MCP_TIMEOUT` in Claude Code) if the work is legitimately long.',
  };
};

/** The client logs drops while the proxy saw a healthy upstream session. */
export const clientSideDropsRule: Rule = (timeline) => {
  const proxy = timeline.proxy;
  if (!proxy || proxy.running === false || timeline.server.client === 'tether') return undefined;
  const drops = timeline.events.filter((event) => event.kind === 'disconnected' && !event.clean);
  if (drops.length === 0 || proxy.state !== 'connected' || proxy.streamCuts > 0) return undefined;
  return {
    rule: 'client-side-drops',
    severity: 'warning',
    title: 'The server is fine; the client side drops the connection',
    explanation: `The client logged ${drops.length} unclean disconnect(s) while the proxy's upstream session stayed connected with no stream cuts: the trouble is between the client and the proxy (client restarts, sleep/wake, the client's own timeouts).`,
    evidence: evidenceOf(drops),
    remedy:
      'Look at the client side: its version, its timeouts, machine sleep; the upstream needs no change.',
  };
};
