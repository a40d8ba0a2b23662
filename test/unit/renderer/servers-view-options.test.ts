import { describe, expect, it } from 'vitest';
import { listItems } from '../../../renderer/state/servers-view-options.js';
import { detectIdleCut } from '../../../renderer/components/detail/disconnect-histogram.js';
import { formatDuration } from '../../../renderer/format/durations.js';
import { makeEntry } from './status-fixtures.js';

const entries = [
  makeEntry({ name: 'zeta', status: 'connected' }),
  makeEntry({ name: 'alpha', status: 'never-attached', key: 'cursor|user||alpha', client: 'cursor' }),
  makeEntry({ name: 'mid', status: 'upstream-down', upstream: 'https://api.example.com/mcp' }),
];
const base = { text: '', states: [], sort: 'severity', group: false } as const;
const names = (items: ReturnType<typeof listItems>): string[] =>
  items.map((item) => (item.type === 'group' ? `[${item.client}]` : item.entry.name));

describe('home view list', () => {
  it('sorts the most urgent first, or by name', () => {
    expect(names(listItems(entries, base))).toEqual(['mid', 'alpha', 'zeta']);
    expect(names(listItems(entries, { ...base, sort: 'name' }))).toEqual(['alpha', 'mid', 'zeta']);
  });
  it('filters by state and by text (name, client, upstream)', () => {
    expect(names(listItems(entries, { ...base, states: ['connected', 'never-attached'] }))).toEqual([
      'alpha',
      'zeta',
    ]);
    expect(names(listItems(entries, { ...base, text: 'EXAMPLE.com' }))).toEqual(['mid']);
    expect(names(listItems(entries, { ...base, text: 'cursor' }))).toEqual(['alpha']);
  });
  it('groups by client with a heading per client', () => {
    expect(names(listItems(entries, { ...base, group: true }))).toEqual([
      '[claude-code]',
      'mid',
      'zeta',
      '[cursor]',
      'alpha',
    ]);
  });
});

describe('detail helpers', () => {
  it('detects an idle cut from regular disconnect ages, not from scattered ones', () => {
    expect(detectIdleCut([600.2, 601, 599.5, 600.8, 42])).toBe(600);
    expect(detectIdleCut([10, 200, 900, 3000])).toBeNull();
    expect(detectIdleCut([3.1, 2.9])).toBe(3);
    expect(detectIdleCut([600])).toBeNull();
  });
  it('says durations in one or two units', () => {
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration(3 * 60_000)).toBe('3 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(50 * 3600_000)).toBe('2 d 2 h');
  });
});
