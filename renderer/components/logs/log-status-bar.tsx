import type { LogStatus } from '../../../shared/logs-contract.js';
import { formatCount } from './log-format.js';

/**
 * What the index holds and what it went past: events and files, whether it is still reading the
 * window, and every notice (lines skipped, files truncated, rotated or gone), so a support engineer
 * knows what the view is missing.
 */
export function LogStatusBar({
  status,
  shown,
}: {
  status: LogStatus | undefined;
  shown: number;
}): React.JSX.Element {
  if (!status) return <p className="log-status muted">Connecting to the log index…</p>;
  const notices = status.notices;
  return (
    <div className="log-status" aria-live="polite">
      <span>
        {formatCount(shown)} shown of {formatCount(status.events)} events from {formatCount(status.files)}{' '}
        files (last {status.windowDays} days)
        {status.indexing ? ' · reading the log folders…' : ''}
      </span>
      {notices.length ? (
        <details className="log-notices">
          <summary>
            Skipped: {status.skippedLines ? `${formatCount(status.skippedLines)} unreadable lines, ` : ''}
            {notices.length} notice{notices.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {notices.map((notice) => (
              <li key={`${notice.file}:${notice.message}`}>
                <code>{notice.file}</code>: {notice.message}{' '}
                <span className="muted">({new Date(notice.time).toLocaleTimeString()})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
