import { describe, expect, it } from 'vitest';
import { summarizeStatuses } from '../../../shared/server-status.js';
import {
  applyChanged,
  applySnapshot,
  initialStatusState,
  resolveServer,
} from '../../../renderer/state/status-store.js';
import { makeEntry, makeSnapshot } from './status-fixtures.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');

describe('dashboard status store', () => {
  it('takes a snapshot, then applies changes and removals', () => {
    const a = makeEntry({ name: 'alpha' });
    const b = makeEntry({ name: 'beta', status: 'never-attached' });
    let state = applySnapshot(initialStatusState, makeSnapshot([a, b]), T0 + 60_000);
    expect(state.loaded).toBe(true);
    expect([...state.entries.keys()]).toEqual([a.key, b.key]);
    const down = { ...a, status: 'upstream-down' as const, since: new Date(T0 + 120_000).toISOString() };
    state = applyChanged(
      state,
      {
        generatedAt: new Date(T0 + 120_000).toISOString(),
        changed: [down],
        removed: [b.key],
        problems: [],
        summary: summarizeStatuses([down]),
      },
      T0 + 120_000,
    );
    expect(state.entries.get(a.key)?.status).toBe('upstream-down');
    expect(state.entries.has(b.key)).toBe(false);
    expect(state.summary?.worst).toBe('upstream-down');
    expect([...state.changedKeys]).toEqual([a.key, b.key]);
    // The strip: connected from `since` until the drop, then down.
    expect(state.history.get(a.key)).toEqual([
      { status: 'connected', from: T0, to: T0 + 120_000 },
      { status: 'upstream-down', from: T0 + 120_000 },
    ]);
  });

  it('keeps one open span while the status stays the same', () => {
    const a = makeEntry({ name: 'alpha' });
    let state = applySnapshot(initialStatusState, makeSnapshot([a]), T0 + 1000);
    state = applyChanged(
      state,
      {
        generatedAt: '',
        changed: [{ ...a, toolCount: 9 }],
        removed: [],
        problems: [],
        summary: summarizeStatuses([a]),
      },
      T0 + 2000,
    );
    expect(state.history.get(a.key)).toEqual([{ status: 'connected', from: T0 }]);
  });

  it('resolves a plain server name to the live, configured entry, and a key to itself', () => {
    const logOnly = makeEntry({
      name: 'docs',
      key: 'claude-code|logs||docs',
      configured: false,
      live: false,
    });
    const configured = makeEntry({ name: 'docs', key: 'cursor|user||docs', client: 'cursor' });
    const entries = new Map([logOnly, configured].map((entry) => [entry.key, entry]));
    expect(resolveServer(entries, 'docs')?.key).toBe(configured.key);
    expect(resolveServer(entries, logOnly.key)?.key).toBe(logOnly.key);
    expect(resolveServer(entries, 'nope')).toBeUndefined();
  });
});
