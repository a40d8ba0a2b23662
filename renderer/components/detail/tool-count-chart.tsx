import { formatTime } from '../../format/durations.js';

type Point = { time: string; count: number };

/** The tool count each time the server listed its tools; a drop to 0 is marked and said in words. */
export function ToolCountChart({ points }: { points: readonly Point[] }): React.JSX.Element {
  const sorted = [...points].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const zeros = sorted.filter((point, index) => point.count === 0 && index > 0);
  const first = Date.parse(sorted[0]?.time ?? '');
  const last = Date.parse(sorted.at(-1)?.time ?? '');
  const span = Math.max(last - first, 1);
  const top = Math.max(...sorted.map((point) => point.count), 1);
  const x = (time: string): number =>
    sorted.length === 1 ? 240 : ((Date.parse(time) - first) / span) * 470 + 5;
  const y = (count: number): number => 85 - (count / top) * 75;
  const path = sorted
    .map(
      (point, index) =>
        `${index ? 'H' : 'M'}${x(point.time)} ${index ? `V${y(point.count)}` : y(point.count)}`,
    )
    .join(' ');
  return (
    <section className="card" aria-labelledby="tools-heading">
      <h3 id="tools-heading">Tools over time</h3>
      {sorted.length === 0 ? (
        <p className="muted">No tool lists seen yet.</p>
      ) : (
        <>
          <p className="small">
            Now {sorted.at(-1)?.count} tool{sorted.at(-1)?.count === 1 ? '' : 's'}
            {zeros.length ? (
              <strong className="error">
                {' '}
                · dropped to 0 tools at {zeros.map((point) => formatTime(point.time)).join(', ')}
              </strong>
            ) : null}
          </p>
          <svg className="tools-svg" viewBox="0 0 480 95" role="img" aria-label="Tool count over time">
            <path d={path} className="tools-line" />
            {sorted.map((point, index) => (
              <circle
                key={index}
                cx={x(point.time)}
                cy={y(point.count)}
                r={point.count === 0 ? 5 : 2.5}
                className={point.count === 0 ? 'tools-zero' : 'tools-point'}
              >
                <title>{`${formatTime(point.time)}: ${point.count} tools`}</title>
              </circle>
            ))}
          </svg>
        </>
      )}
    </section>
  );
}
