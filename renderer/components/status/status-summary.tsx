import { STATUS_SEVERITY_ORDER, type StatusSummary as Summary } from '../../../shared/server-status.js';
import type { ServerStatus } from '../../../shared/timeline-model.js';
import { StatusBadge, StatusShape } from './status-badge.js';
import { statusWord } from './status-look.js';

/**
 * The glance: how many servers, the worst state, and the count per state. Each count is a toggle that
 * filters the list by that state.
 */
export function StatusSummary({
  summary,
  selected,
  onToggle,
}: {
  summary: Summary;
  selected: readonly ServerStatus[];
  onToggle: (status: ServerStatus) => void;
}): React.JSX.Element {
  const present = STATUS_SEVERITY_ORDER.filter((status) => (summary.byStatus[status] ?? 0) > 0);
  return (
    <div className="status-summary">
      <p className="summary-headline">
        <span className="summary-total">
          {summary.total} server{summary.total === 1 ? '' : 's'}
        </span>
        {summary.worst ? (
          <>
            <span className="muted">worst:</span> <StatusBadge status={summary.worst} />
          </>
        ) : null}
      </p>
      <div className="summary-counts" role="group" aria-label="Filter by state">
        {present.map((status) => (
          <button
            key={status}
            type="button"
            className="summary-count"
            aria-pressed={selected.includes(status)}
            onClick={() => onToggle(status)}
          >
            <StatusShape status={status} />
            <span className="count">{summary.byStatus[status]}</span> {statusWord(status)}
          </button>
        ))}
      </div>
    </div>
  );
}
