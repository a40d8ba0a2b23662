import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../shared/log-events.js';
import { inferStatus } from '../../../electron/core/timeline/infer-status.js';
import { ServerAccumulator } from '../../../electron/core/timeline/server-accumulator.js';

/**
 * A dashboard action recorded on a server's timeline is history, not evidence: it must not make a
 * two-week-old unclean disconnect look like an outage happening now (the home row said `unknown`, the
 * detail page opened after a Wrap + Undo said `upstream down for 14 d`).
 */
const server = { client: 'claude-code', scope: 'local', name: 'svc' } as const;
const source = { file: '/logs/svc.jsonl', line: 1 };
const now = Date.parse('2026-12-05T08:00:00Z');

function oldUncleanSession(): ServerAccumulator {
  const acc = new ServerAccumulator(server);
  const base = { server, level: 'info', source } as const;
  acc.add({ ...base, kind: 'connected', time: '2026-11-21T00:14:46Z', message: 'Successfully connected' });
  acc.add({
    ...base,
    kind: 'disconnected',
    time: '2026-11-21T00:15:02Z',
    message: 'HTTP connection closed after 16s (with errors)',
    clean: false,
    final: true,
  });
  return acc;
}

function action(time: string): LogEvent {
  return {
    kind: 'info',
    tetherAction: 'wrap',
    time,
    server,
    level: 'info',
    message: 'action wrap: ok: wrapped "svc"',
    source: { file: '/data/status/actions.jsonl', line: 1 },
  };
}

describe('inferStatus and Tether action records', () => {
  it('old evidence stays old when an action is recorded now', () => {
    const acc = oldUncleanSession();
    expect(inferStatus(acc, now).status).toBe('unknown');
    acc.add(action(new Date(now - 60_000).toISOString()));
    const inferred = inferStatus(acc, now);
    expect(inferred.status).toBe('unknown');
    expect(inferred.reason).toBe('no log evidence since 2026-11-21T00:15:02Z');
  });

  it('recent evidence still decides: the same disconnect an hour ago is an outage', () => {
    const acc = oldUncleanSession();
    const recent = new Date(now - 3_600_000).toISOString();
    acc.add({
      kind: 'disconnected',
      time: recent,
      server,
      level: 'error',
      source,
      message: 'HTTP connection closed after 5s (with errors)',
      clean: false,
      final: true,
    });
    acc.add(action(new Date(now - 60_000).toISOString()));
    expect(inferStatus(acc, now).status).toBe('upstream-down');
  });
});
