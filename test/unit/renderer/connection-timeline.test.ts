import { describe, expect, it } from 'vitest';
import { timelineSegments } from '../../../renderer/components/detail/connection-timeline.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

describe('connection timeline segments', () => {
  it('draws connections, the gap after an unclean end as down, and cuts as drop markers', () => {
    const timeline = {
      connections: [
        { start: at(0), end: at(10), endReason: 'closed with errors: reset', drops: 0, file: 'f' },
        { start: at(15), drops: 2, file: 'f' },
      ],
      cuts: [{ ageS: 600, time: at(20), file: 'f', line: 3, message: 'SSE stream disconnected' }],
    } as unknown as ServerTimeline;
    const { segments, markers } = timelineSegments(timeline, T0 - 60_000, T0 + 30 * 60_000);
    expect(
      segments.map((segment) => [segment.kind, (segment.from - T0) / 60_000, (segment.to - T0) / 60_000]),
    ).toEqual([
      ['connected', 0, 10],
      ['down', 10, 15],
      ['degraded', 15, 30],
    ]);
    expect(segments[1]?.reason).toBe('closed with errors: reset');
    expect(markers.map((marker) => (marker.at - T0) / 60_000)).toEqual([20]);
  });
});
