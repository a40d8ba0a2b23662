import { useState } from 'react';
import type { LogHistogram as Histogram } from '../../../shared/logs-contract.js';
import { formatCount, formatShort } from './log-format.js';

const HEIGHT = 64;
/** Stacked bottom to top: error, warn, info, debug (counts arrive as [debug, info, warn, error]). */
const STACK = [3, 2, 1, 0] as const;
const LEVEL_CLASS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Events per time bucket, stacked by level (Grafana's log volume): where the errors cluster, at a
 * glance. Click a bar, or drag across several, to zoom the time range to it; with the keyboard,
 * arrows move between bars and Enter zooms. Plain SVG: at most a few hundred rectangles
 * (docs/benchmarks.md, "Log viewer": render time measured against the list).
 */
export function LogHistogram({
  histogram,
  onZoom,
}: {
  histogram: Histogram | undefined;
  onZoom: (from: number, to: number) => void;
}): React.JSX.Element {
  const [focus, setFocus] = useState<number | undefined>();
  const [drag, setDrag] = useState<{ start: number; end: number } | undefined>();
  if (!histogram || histogram.counts.length === 0)
    return <div className="log-histogram empty" aria-hidden="true" />;
  const { counts, bucketMs, from } = histogram;
  const totals = counts.map((bucket) => bucket[0] + bucket[1] + bucket[2] + bucket[3]);
  const peak = Math.max(1, ...totals);
  const errors = counts.reduce((sum, bucket) => sum + bucket[3], 0);
  const width = counts.length;
  const bucketAt = (event: React.MouseEvent<SVGSVGElement>): number => {
    const box = event.currentTarget.getBoundingClientRect();
    return Math.max(0, Math.min(width - 1, Math.floor(((event.clientX - box.left) / box.width) * width)));
  };
  const zoom = (a: number, b: number): void =>
    onZoom(from + Math.min(a, b) * bucketMs, from + (Math.max(a, b) + 1) * bucketMs - 1);
  const label = `Events over time: ${formatCount(histogram.total)} from ${formatShort(from)} to ${formatShort(from + width * bucketMs)}, ${formatCount(errors)} errors, at most ${formatCount(peak)} per bar. Click or drag to zoom.`;
  const paths = stackPaths(counts, peak);
  const selected = drag ? [Math.min(drag.start, drag.end), Math.max(drag.start, drag.end)] : undefined;
  return (
    <figure className="log-histogram">
      <svg
        role="slider"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={width - 1}
        aria-valuenow={focus ?? 0}
        aria-valuetext={
          focus === undefined
            ? 'no bar chosen'
            : `${formatShort(from + focus * bucketMs)}: ${formatCount(totals[focus]!)} events, ${formatCount(counts[focus]![3])} errors`
        }
        tabIndex={0}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        onMouseDown={(event) => {
          const bucket = bucketAt(event);
          setDrag({ start: bucket, end: bucket });
        }}
        onMouseMove={(event) => {
          const bucket = bucketAt(event);
          setFocus(bucket);
          if (drag) setDrag({ ...drag, end: bucket });
        }}
        onMouseUp={() => {
          if (drag) zoom(drag.start, drag.end);
          setDrag(undefined);
        }}
        onMouseLeave={() => {
          setDrag(undefined);
          setFocus(undefined);
        }}
        onKeyDown={(event) => {
          const at = focus ?? width - 1;
          if (event.key === 'ArrowLeft') setFocus(Math.max(0, at - 1));
          else if (event.key === 'ArrowRight') setFocus(Math.min(width - 1, at + 1));
          else if (event.key === 'Enter' && focus !== undefined) zoom(focus, focus);
          else return;
          event.preventDefault();
        }}
      >
        {STACK.map((level) => (
          <path key={level} d={paths[level]} className={`bar level-${LEVEL_CLASS[level]}`} />
        ))}
        {focus !== undefined ? (
          <rect x={focus} y={0} width={1} height={HEIGHT} className="bar-focus" />
        ) : null}
        {selected ? (
          <rect
            x={selected[0]}
            y={0}
            width={selected[1]! - selected[0]! + 1}
            height={HEIGHT}
            className="bar-selection"
          />
        ) : null}
      </svg>
      <figcaption className="histogram-axis muted">
        <span>{formatShort(from)}</span>
        <span>
          {formatCount(histogram.total)} events · one bar = {describeBucket(bucketMs)}
        </span>
        <span>{formatShort(from + width * bucketMs)}</span>
      </figcaption>
    </figure>
  );
}

/**
 * One path per level, every bar of that level a closed rectangle in it: 4 elements whatever the
 * number of buckets, so a new histogram costs the page almost nothing to lay out.
 */
function stackPaths(counts: Histogram['counts'], peak: number): string[] {
  const paths = ['', '', '', ''];
  counts.forEach((bucket, index) => {
    let y = HEIGHT;
    for (const level of STACK) {
      const height = (bucket[level] / peak) * (HEIGHT - 2);
      if (height <= 0) continue;
      y -= height;
      paths[level] += `M${index + 0.08} ${y.toFixed(2)}h0.84v${height.toFixed(2)}h-0.84Z`;
    }
  });
  return paths;
}

function describeBucket(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3600_000) return `${ms / 60_000} min`;
  if (ms < 86_400_000) return `${ms / 3600_000} h`;
  return `${ms / 86_400_000} d`;
}
