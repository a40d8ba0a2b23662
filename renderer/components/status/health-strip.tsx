import type { StatusSpan } from '../../state/status-store.js';
import { STATUS_LOOK } from './status-look.js';

const DAY_MS = 24 * 3600_000;

/**
 * The last 24 hours of a server as coloured stretches (plain divs, as uptime pages draw them). Before
 * the first known stretch the strip is hatched: no evidence, not "fine".
 */
export function HealthStrip({
  spans,
  now,
}: {
  spans: readonly StatusSpan[] | undefined;
  now: number;
}): React.JSX.Element {
  const start = now - DAY_MS;
  const shown = (spans ?? []).filter((span) => (span.to ?? now) > start);
  const parts = shown.map((span) => {
    const from = Math.max(span.from, start);
    const to = Math.min(span.to ?? now, now);
    return {
      status: span.status,
      left: ((from - start) / DAY_MS) * 100,
      width: Math.max(((to - from) / DAY_MS) * 100, 0.4),
    };
  });
  const label = parts.length
    ? `Last 24 hours: ${[...new Set(parts.map((part) => STATUS_LOOK[part.status].word))].join(', ')}`
    : 'Last 24 hours: no evidence';
  return (
    <div className="health-strip" role="img" aria-label={label} title={label}>
      {parts.map((part, index) => (
        <span
          key={index}
          className={`strip-part strip-${part.status}`}
          style={{
            left: `${part.left}%`,
            width: `${part.width}%`,
            background: STATUS_LOOK[part.status].tone,
          }}
        />
      ))}
    </div>
  );
}
