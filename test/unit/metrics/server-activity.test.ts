import { describe, expect, it } from 'vitest';
import type { ProxyEvent } from '../../../shared/control-protocol.js';
import type { LogEvent } from '../../../shared/log-events.js';
import { ServerActivity, type ActivityRef } from '../../../electron/core/metrics/server-activity.js';

type Recorded = {
  type: 'count' | 'observe';
  metric: string;
  ref: ActivityRef;
  value: number;
  outcome?: string;
};

function ledger(clock = { ms: 0 }): { activity: ServerActivity; seen: Recorded[]; clock: { ms: number } } {
  const seen: Recorded[] = [];
  const activity = new ServerActivity(
    {
      count: (metric, ref, by, outcome) =>
        seen.push({ type: 'count', metric, ref, value: by, ...(outcome ? { outcome } : {}) }),
      observe: (metric, ref, value) => seen.push({ type: 'observe', metric, ref, value }),
    },
    () => clock.ms,
  );
  return { activity, seen, clock };
}

const hello: ProxyEvent = {
  type: 'hello',
  server: { name: 'acme', key: 'acme' },
  pid: 41,
  upstream: 'https://mcp.acme.dev/mcp',
  transport: 'auto',
  version: '0.1.0',
  startedAt: '2026-01-01T00:00:00Z',
};
const state = (
  next: 'connected' | 'reconnecting' | 'upstream-down',
  reason: string,
  details = {},
): ProxyEvent => ({
  type: 'state',
  state: next,
  reason,
  message: reason,
  details,
});
const metrics = (counts: {
  reconnects: number;
  streamCuts: number;
  reinits: number;
  rssBytes?: number;
}): ProxyEvent => ({
  type: 'metrics',
  uptimeS: 60,
  requests: 0,
  errors: 0,
  inFlight: 0,
  replays: 0,
  rateLimited: 0,
  ...counts,
});
const total = (seen: Recorded[], metric: string): number =>
  seen
    .filter((entry) => entry.type === 'count' && entry.metric === metric)
    .reduce((sum, entry) => sum + entry.value, 0);

describe('server activity ledger', () => {
  it('counts recoveries at once and lets the periodic report add only what was not counted', () => {
    const { activity, seen } = ledger();
    activity.proxyEvent('acme', 41, hello);
    activity.proxyEvent('acme', 41, state('connected', 'connected'));
    activity.proxyEvent('acme', 41, state('reconnecting', 'connect_failed'));
    activity.proxyEvent('acme', 41, state('connected', 'reconnected'));
    activity.proxyEvent('acme', 41, state('connected', 'reinitialized'));
    expect(total(seen, 'reconnects')).toBe(2);
    expect(total(seen, 'sessionReinits')).toBe(1);
    // The proxy's own cumulative counters: one more reinit (a `reconnected` that needed a new
    // session) and three stream cuts, which only the report carries.
    activity.proxyEvent('acme', 41, metrics({ reconnects: 2, streamCuts: 3, reinits: 2 }));
    expect(total(seen, 'reconnects')).toBe(2);
    expect(total(seen, 'sessionReinits')).toBe(2);
    expect(total(seen, 'streamCuts')).toBe(3);
    // The same report again (e.g. re-sent on a socket reconnect) adds nothing.
    activity.proxyEvent('acme', 41, metrics({ reconnects: 2, streamCuts: 3, reinits: 2 }));
    expect(total(seen, 'streamCuts')).toBe(3);
  });

  it('does not count the last state a proxy replays after hello as a new recovery', () => {
    const { activity, seen } = ledger();
    activity.proxyEvent('acme', 41, hello);
    activity.proxyEvent('acme', 41, state('connected', 'reconnected')); // greeting: the last state
    expect(total(seen, 'reconnects')).toBe(0);
    activity.proxyEvent('acme', 41, metrics({ reconnects: 4, streamCuts: 0, reinits: 0 })); // greeting: counters
    expect(total(seen, 'reconnects')).toBe(4);
    // The socket drops and the same proxy says hello again: nothing is counted twice.
    activity.proxyClosed('acme', 41);
    activity.proxyEvent('acme', 41, hello);
    activity.proxyEvent('acme', 41, state('connected', 'reconnected'));
    activity.proxyEvent('acme', 41, metrics({ reconnects: 4, streamCuts: 0, reinits: 0 }));
    expect(total(seen, 'reconnects')).toBe(4);
  });

  it('times connected periods and records tool calls by outcome', () => {
    const { activity, seen, clock } = ledger();
    activity.proxyEvent('acme', 41, state('connected', 'connected'));
    clock.ms = 61_000;
    activity.proxyEvent('acme', 41, state('reconnecting', 'stream_cut'));
    activity.proxyEvent('acme', 41, {
      type: 'activity',
      method: 'tools/call',
      tool: 'echo',
      durationMs: 250,
      outcome: 'proxy-error',
    });
    activity.proxyEvent('acme', 41, { type: 'activity', method: 'tools/list', durationMs: 3, outcome: 'ok' });
    expect(seen.filter((entry) => entry.type === 'observe')).toEqual([
      { type: 'observe', metric: 'connectionUptime', ref: { proxyKey: 'acme' }, value: 61 },
      { type: 'observe', metric: 'toolDuration', ref: { proxyKey: 'acme' }, value: 0.25 },
    ]);
    expect(seen.filter((entry) => entry.metric === 'toolCalls')).toEqual([
      { type: 'count', metric: 'toolCalls', ref: { proxyKey: 'acme' }, value: 1, outcome: 'proxy-error' },
    ]);
  });

  it('keeps the detected idle cut and gives each running proxy a stable, reused slot', () => {
    const { activity } = ledger();
    activity.proxyEvent('acme', 41, state('connected', 'idle_cut', { idleCutS: 60 }));
    activity.proxyEvent('acme', 42, metrics({ reconnects: 0, streamCuts: 0, reinits: 0, rssBytes: 48e6 }));
    activity.proxyEvent('other', 50, hello);
    expect(activity.idleCuts().get('acme')).toBe(60);
    expect(activity.runningProxies()).toEqual([
      { key: 'acme', pid: 41, slot: 0 },
      { key: 'acme', pid: 42, slot: 1, rssBytes: 48e6 },
      { key: 'other', pid: 50, slot: 0 },
    ]);
    activity.proxyClosed('acme', 41);
    activity.proxyEvent('acme', 43, hello);
    expect(activity.runningProxies().filter((proxy) => proxy.key === 'acme')).toEqual([
      { key: 'acme', pid: 42, slot: 1, rssBytes: 48e6 },
      { key: 'acme', pid: 43, slot: 0 },
    ]);
  });

  it('counts client-log events and ignores proxy journals', () => {
    const { activity, seen } = ledger();
    const server = { client: 'claude-code', scope: 'user', name: 'svc' } as const;
    const base = {
      time: '2026-01-01T00:00:00Z',
      server,
      level: 'info',
      message: '',
      source: { file: 'f', line: 1 },
    } as const;
    const events: LogEvent[] = [
      { ...base, kind: 'reconnecting' },
      { ...base, kind: 'session_expired' },
      { ...base, kind: 'disconnected', clean: false, final: false, uptimeS: 100 },
      { ...base, kind: 'disconnected', clean: true, final: true, uptimeS: 500 },
      { ...base, kind: 'tool_ok', tool: 'echo', ms: 20 },
      { ...base, kind: 'tool_error', tool: 'echo', error: 'boom' },
      { ...base, server: { client: 'tether', scope: 'proxy', name: 'acme' }, kind: 'reconnecting' },
    ];
    for (const event of events) activity.logEvent(event);
    const ref = { log: server };
    expect(seen).toEqual([
      { type: 'count', metric: 'reconnects', ref, value: 1 },
      { type: 'count', metric: 'sessionReinits', ref, value: 1 },
      { type: 'count', metric: 'streamCuts', ref, value: 1 },
      { type: 'observe', metric: 'connectionUptime', ref, value: 100 },
      { type: 'count', metric: 'toolCalls', ref, value: 1, outcome: 'ok' },
      { type: 'observe', metric: 'toolDuration', ref, value: 0.02 },
      { type: 'count', metric: 'toolCalls', ref, value: 1, outcome: 'error' },
    ]);
  });
});
