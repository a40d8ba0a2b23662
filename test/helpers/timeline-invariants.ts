import { expect } from 'vitest';
import type { ServerTimeline } from '../../shared/timeline-model.js';
import { TIMELINE_LIMITS } from '../../electron/core/timeline/server-accumulator.js';

/**
 * What every timeline must satisfy, whatever the logs held: counters that agree with each other and
 * with the connection list, lists in time order, and no `connected` without an open connection.
 */
export function expectTimelineInvariants(timeline: ServerTimeline): void {
  const c = timeline.counters;
  const label = `${timeline.server.client}/${timeline.server.name}: ${JSON.stringify(c)}`;
  expect(c.connects, label).toBeLessThanOrEqual(c.connectAttempts);
  expect(c.connects + c.connectFailures, label).toBeLessThanOrEqual(c.connectAttempts);
  expect(c.disconnects, label).toBeLessThanOrEqual(c.connects);
  expect(c.uncleanDisconnects, label).toBeLessThanOrEqual(c.disconnects);
  expect(c.toolOk + c.toolErrors, label).toBeLessThanOrEqual(c.toolCalls);
  for (const value of Object.values(c)) expect(value, label).toBeGreaterThanOrEqual(0);

  const { connections } = timeline;
  if (c.connects <= TIMELINE_LIMITS.connections) {
    expect(connections, label).toHaveLength(c.connects);
    const ended = connections.filter((connection) => connection.end && connection.endReason !== 'superseded');
    expect(ended, label).toHaveLength(c.disconnects);
    expect(
      ended.filter((connection) => connection.clean === false),
      label,
    ).toHaveLength(c.uncleanDisconnects);
  }
  expect(
    connections.reduce((sum, connection) => sum + connection.drops, 0),
    label,
  ).toBeLessThanOrEqual(c.drops);
  for (const connection of connections) {
    if (connection.end) expect(connection.end >= connection.start, label).toBe(true);
    if (connection.uptimeS !== undefined) expect(connection.uptimeS, label).toBeGreaterThanOrEqual(0);
  }
  expect(
    connections.map((connection) => connection.start),
    label,
  ).toEqual(connections.map((connection) => connection.start).sort());
  // At most one open connection per stream (file and session), and none older than a closed one of it.
  const openPerStream = new Map<string, number>();
  for (const connection of connections.filter((candidate) => !candidate.end)) {
    const stream = `${connection.file}\u0000${connection.session ?? ''}`;
    openPerStream.set(stream, (openPerStream.get(stream) ?? 0) + 1);
  }
  for (const count of openPerStream.values()) expect(count, label).toBe(1);

  const times = timeline.events.map((event) => event.time);
  expect(times, label).toEqual([...times].sort());
  expect(timeline.toolsListed.map((entry) => entry.time)).toEqual(
    timeline.toolsListed.map((entry) => entry.time).sort(),
  );
  expect(timeline.disconnectAgesS, label).toEqual((timeline.cuts ?? []).map((cut) => cut.ageS));
  for (const age of timeline.disconnectAgesS) expect(age, label).toBeGreaterThanOrEqual(0);
  if (timeline.firstSeen && timeline.lastSeen) expect(timeline.firstSeen <= timeline.lastSeen).toBe(true);

  if (timeline.status === 'connected')
    expect(
      connections.some((connection) => !connection.end),
      `${label}: connected without an open connection`,
    ).toBe(true);
  if (timeline.proxy?.running === false) expect(timeline.status, label).not.toBe('connected');
  if (!timeline.inferred && timeline.proxy && timeline.proxy.running !== false)
    expect(timeline.status, label).toBe(timeline.proxy.state);
}
