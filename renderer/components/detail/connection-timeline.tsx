import { useState } from 'react';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { formatDuration, formatTime } from '../../format/durations.js';

/** The ranges the timeline offers. */
const RANGES = { '1 h': 3600_000, '24 h': 86_400_000, '7 d': 7 * 86_400_000 } as const;
type RangeName = keyof typeof RANGES;

type Segment = { kind: 'connected' | 'degraded' | 'down'; from: number; to: number; reason: string };
type Marker = { at: number; reason: string };

/**
 * Pure: the stretches and drop markers of a timeline between `start` and `now`. A connection is
 * `connected`, or `degraded` when its stream dropped inside it; the gap after a connection ends (until
 * the next) is `down` with the end's reason.
 */
export function timelineSegments(
  timeline: ServerTimeline,
  start: number,
  now: number,
): { segments: Segment[]; markers: Marker[] } {
  const segments: Segment[] = [];
  const connections = [...timeline.connections].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  connections.forEach((connection, index) => {
    const from = Date.parse(connection.start);
    const to = connection.end ? Date.parse(connection.end) : now;
    const next = connections[index + 1];
    const nextStart = next ? Date.parse(next.start) : now;
    if (to > start && from < now)
      segments.push({
        kind: connection.drops > 0 ? 'degraded' : 'connected',
        from: Math.max(from, start),
        to: Math.min(to, now),
        reason: `${connection.transport ?? 'connection'} ${connection.drops > 0 ? `with ${connection.drops} stream drop${connection.drops === 1 ? '' : 's'}` : 'up'}`,
      });
    if (connection.end && nextStart > to && nextStart > start && to < now)
      segments.push({
        kind: 'down',
        from: Math.max(to, start),
        to: Math.min(nextStart, now),
        reason: connection.endReason ?? 'disconnected',
      });
  });
  const markers: Marker[] = (timeline.cuts ?? [])
    .map((cut) => ({ at: Date.parse(cut.time), reason: `${cut.message} (after ${Math.round(cut.ageS)} s)` }))
    .filter((marker) => marker.at >= start && marker.at <= now);
  return { segments, markers };
}

const WIDTH = 1000;

/** Connected / degraded / down over 1 h, 24 h or 7 d, drops marked; hover (or focus) a stretch for its reason. */
export function ConnectionTimeline({
  timeline,
  now,
}: {
  timeline: ServerTimeline | null;
  now: number;
}): React.JSX.Element {
  // Open on the shortest range that holds every known connection: a minute-long run stays visible.
  const [range, setRange] = useState<RangeName>(() => {
    const first = Math.min(
      ...(timeline?.connections ?? []).map((connection) => Date.parse(connection.start)),
    );
    return (Object.keys(RANGES) as RangeName[]).find((name) => now - RANGES[name] <= first) ?? '7 d';
  });
  const span = RANGES[range];
  const start = now - span;
  const { segments, markers } = timeline
    ? timelineSegments(timeline, start, now)
    : { segments: [], markers: [] };
  const x = (at: number): number => ((at - start) / span) * WIDTH;
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <div className="card-title">
        <h3 id="timeline-heading">Connection timeline</h3>
        <div role="group" aria-label="Time range" className="segmented">
          {(Object.keys(RANGES) as RangeName[]).map((name) => (
            <button key={name} type="button" aria-pressed={range === name} onClick={() => setRange(name)}>
              {name}
            </button>
          ))}
        </div>
      </div>
      {segments.length === 0 && markers.length === 0 ? (
        <p className="muted">No connections in the last {range}.</p>
      ) : (
        <svg
          className="timeline-svg"
          viewBox={`0 0 ${WIDTH} 40`}
          preserveAspectRatio="none"
          role="img"
          aria-label={`Connections in the last ${range}: ${segments.filter((s) => s.kind === 'down').length} outages, ${markers.length} drops`}
        >
          {segments.map((segment, index) => (
            <rect
              key={index}
              className={`seg seg-${segment.kind}`}
              x={x(segment.from)}
              y={8}
              width={Math.max(x(segment.to) - x(segment.from), 1.5)}
              height={24}
            >
              <title>{`${segment.kind}: ${formatTime(segment.from)} – ${formatTime(segment.to)} (${formatDuration(segment.to - segment.from)}) — ${segment.reason}`}</title>
            </rect>
          ))}
          {markers.map((marker, index) => (
            <g key={`m${index}`} className="drop-marker">
              <line x1={x(marker.at)} x2={x(marker.at)} y1={2} y2={38} />
              <path d={`M${x(marker.at) - 5} 0h10l-5 7z`} />
              <title>{`Drop at ${formatTime(marker.at)}: ${marker.reason}`}</title>
            </g>
          ))}
        </svg>
      )}
      <div className="timeline-axis muted small">
        <span>{formatTime(start)}</span>
        <span className="legend">
          <i className="seg-connected" /> connected <i className="seg-degraded" /> degraded{' '}
          <i className="seg-down" /> down ▼ drop
        </span>
        <span>now</span>
      </div>
    </section>
  );
}
