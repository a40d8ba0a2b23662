import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent, LogEventLevel } from '../../../shared/log-events.js';
import type { LogFilter, LogRow } from '../../../shared/logs-contract.js';
import { LogIndex } from '../../../electron/core/log-index/log-index.js';

const LEVELS: LogEventLevel[] = ['debug', 'info', 'warn', 'error'];
const BASE = Date.parse('2026-11-21T00:00:00Z');

/** A deterministic pseudo-random stream (xorshift), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function makeEvent(i: number, next: () => number): LogEvent {
  const server = Math.floor(next() * 7);
  const level = LEVELS[Math.floor(next() * 4)]!;
  // Out of order on purpose: backfill reads files newest first.
  const time = new Date(BASE + Math.floor(next() * 3600_000)).toISOString();
  const message = next() < 0.01 ? `Rare Needle ${i}` : `Connection message ${Math.floor(next() * 50)}`;
  return {
    kind: level === 'error' ? 'error' : 'info',
    time,
    server: { client: server % 2 ? 'cursor' : 'claude-code', scope: 'user', name: `srv-${server}` },
    level,
    message,
    source: { file: `/logs/f${server}.log`, line: i + 1 },
    session: 's1',
    ...(level === 'error' ? { httpStatus: 500 } : {}),
  };
}

type Stored = { id: number; event: LogEvent };

/** What the index must answer, computed the slow obvious way. */
function expected(stored: Stored[], filter: LogFilter): Stored[] {
  return stored
    .filter(({ event }) => {
      const t = Date.parse(event.time);
      if (filter.levels && !filter.levels.includes(event.level)) return false;
      if (filter.servers?.length && !filter.servers.includes(event.server.name)) return false;
      if (filter.hideServers?.includes(event.server.name)) return false;
      if (filter.clients?.length && !filter.clients.includes(event.server.client)) return false;
      if (filter.from !== undefined && t < filter.from) return false;
      if (filter.to !== undefined && t > filter.to) return false;
      if (filter.q && !event.message.toLowerCase().includes(filter.q.toLowerCase())) return false;
      return true;
    })
    .sort((a, b) => Date.parse(a.event.time) - Date.parse(b.event.time) || a.id - b.id);
}

describe('LogIndex', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function build(count: number): Promise<{ index: LogIndex; stored: Stored[] }> {
    dir = await mkdtemp(path.join(tmpdir(), 'tether-index-'));
    const index = new LogIndex({ dir, cacheBytes: 1 }); // a tiny cache: sealed segments come from disk
    await index.open();
    const next = random(42);
    const stored: Stored[] = [];
    for (let i = 0; i < count; i++) {
      const event = makeEvent(i, next);
      stored.push({ id: index.add(event), event });
    }
    return { index, stored };
  }

  /** Pages through the whole result backwards from the newest, then forwards from the oldest. */
  function pageAll(index: LogIndex, filter: LogFilter): { backward: LogRow[]; forward: LogRow[] } {
    const backward: LogRow[] = [];
    let page = index.query({ filter, limit: 997 });
    backward.unshift(...page.rows);
    while (page.hasBefore && page.rows.length) {
      page = index.query({ filter, before: { t: page.rows[0]!.t, id: page.rows[0]!.id }, limit: 997 });
      backward.unshift(...page.rows);
    }
    const forward: LogRow[] = [];
    let cursor = { t: -Infinity, id: 0 };
    for (;;) {
      page = index.query({ filter, after: cursor, limit: 1500 });
      forward.push(...page.rows);
      if (!page.hasAfter || page.rows.length === 0) break;
      const last = page.rows[page.rows.length - 1]!;
      cursor = { t: last.t, id: last.id };
    }
    return { backward, forward };
  }

  it('pages both ways through 150k out-of-order events across sealed segments, matching a brute-force answer', async () => {
    const { index, stored } = await build(150_000);
    const filters: LogFilter[] = [
      {},
      { levels: ['error', 'warn'] },
      { servers: ['srv-3'], hideServers: ['srv-4'] },
      { q: 'rare needle' },
      { clients: ['cursor'], from: BASE + 600_000, to: BASE + 1_200_000, q: 'message 7' },
    ];
    for (const filter of filters) {
      const want = expected(stored, filter).map((entry) => entry.id);
      const { backward, forward } = pageAll(index, filter);
      expect(backward.map((row) => row.id)).toEqual(want);
      expect(forward.map((row) => row.id)).toEqual(want);
    }
    await index.close();
  }, 60_000);

  it('answers around a moment and at a located source line, with the anchor in the page', async () => {
    const { index, stored } = await build(70_000);
    const target = stored[12_345]!;
    const located = index.query({
      filter: {},
      locate: { file: target.event.source.file, line: target.event.source.line },
      limit: 101,
    });
    expect(located.anchorId).toBe(target.id);
    const at = located.rows.findIndex((row) => row.id === target.id);
    expect(at).toBe(50);
    const all = expected(stored, {}).map((entry) => entry.id);
    const position = all.indexOf(target.id);
    expect(located.rows.map((row) => row.id)).toEqual(all.slice(position - 50, position + 51));
    const around = index.query({ filter: {}, around: Date.parse(target.event.time), limit: 10 });
    expect(around.rows.length).toBe(10);
    expect(around.rows[5]!.t).toBeGreaterThanOrEqual(Date.parse(target.event.time));
    expect(around.rows[4]!.t).toBeLessThanOrEqual(Date.parse(target.event.time));
  }, 30_000);

  it('gives back a whole event by id, kind-specific fields included', async () => {
    const { index, stored } = await build(66_000);
    for (const sample of [
      stored[3]!,
      stored[65_999]!,
      stored.find((entry) => entry.event.level === 'error')!,
    ]) {
      const found = index.event(sample.id);
      expect(found?.event).toEqual(sample.event);
    }
    expect(index.event(99 * 65_536)).toBeUndefined();
  }, 30_000);

  it('counts per level over time; the counts add up to the matches', async () => {
    const { index, stored } = await build(20_000);
    const histogram = index.histogram({ levels: ['error'] }, 60);
    expect(histogram.total).toBe(expected(stored, { levels: ['error'] }).length);
    expect(histogram.counts.reduce((sum, bucket) => sum + bucket[3], 0)).toBe(histogram.total);
    expect(histogram.counts.every((bucket) => bucket[0] + bucket[1] + bucket[2] === 0)).toBe(true);
    expect(histogram.counts.length).toBeLessThanOrEqual(61);
  }, 30_000);

  it('says an invalid regular expression is invalid instead of throwing', async () => {
    const { index } = await build(10);
    const result = index.query({ filter: { q: '(unclosed', regex: true } });
    expect(result.rows).toEqual([]);
    expect(result.searchError).toMatch(/Invalid regular expression/);
    expect(index.query({ filter: { q: 'needle \\d+$', regex: true } }).searchError).toBeUndefined();
  });
});
