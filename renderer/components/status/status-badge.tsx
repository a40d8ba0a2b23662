import type { ServerStatus } from '../../../shared/timeline-model.js';
import { STATUS_LOOK, type StatusLook } from './status-look.js';

/** The shape of a status, drawn in its colour; decorative (the word beside it carries the meaning). */
export function StatusShape({
  status,
  size = 12,
}: {
  status: ServerStatus;
  size?: number;
}): React.JSX.Element {
  const look = STATUS_LOOK[status];
  return (
    <svg
      className="status-shape"
      width={size}
      height={size}
      viewBox="0 0 12 12"
      aria-hidden="true"
      style={{ color: look.tone }}
    >
      {shapePath(look.shape)}
    </svg>
  );
}

function shapePath(shape: StatusLook['shape']): React.JSX.Element {
  switch (shape) {
    case 'disc':
      return <circle cx="6" cy="6" r="5" fill="currentColor" />;
    case 'triangle':
      return <path d="M6 1 11 11H1Z" fill="currentColor" />;
    case 'arrows':
      return (
        <path
          d="M2 6a4 4 0 0 1 7-2.6M10 6a4 4 0 0 1-7 2.6M9 1v2.6H6.4M3 11V8.4h2.6"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
        />
      );
    case 'square':
      return <rect x="1.5" y="1.5" width="9" height="9" fill="currentColor" />;
    case 'key':
      return <path d="M6 1 11 6 6 11 1 6Z" fill="none" stroke="currentColor" strokeWidth="2" />;
    case 'hexagon':
      return <path d="M3.5 1.5h5L11 6l-2.5 4.5h-5L1 6Z" fill="currentColor" />;
    case 'ring':
      return <circle cx="6" cy="6" r="4.2" fill="none" stroke="currentColor" strokeWidth="1.6" />;
    case 'dashed':
      return (
        <circle
          cx="6"
          cy="6"
          r="4.2"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeDasharray="2 1.6"
        />
      );
  }
}

/** Word + shape + colour: the status as every list and heading shows it. */
export function StatusBadge({ status }: { status: ServerStatus }): React.JSX.Element {
  return (
    <span className={`status-badge status-${status}`}>
      <StatusShape status={status} />
      <span className="status-word">{STATUS_LOOK[status].word}</span>
    </span>
  );
}
