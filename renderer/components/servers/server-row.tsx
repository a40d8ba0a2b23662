import { memo } from 'react';
import type { ServerStatusEntry } from '../../../shared/server-status.js';
import { formatSince } from '../../format/durations.js';
import type { StatusSpan } from '../../state/status-store.js';
import { HealthStrip } from '../status/health-strip.js';
import { StatusBadge } from '../status/status-badge.js';
import { ActionButtons } from './action-buttons.js';

/** Where a server's detail page lives: its status key, so two clients' servers of one name stay apart. */
export function serverHref(entry: Pick<ServerStatusEntry, 'key'>): string {
  return `#/servers/${encodeURIComponent(entry.key)}`;
}

/** Who runs the server, in a few words: "claude-code · user" or "cursor · project ~/app". */
export function clientLine(entry: ServerStatusEntry): string {
  return [entry.client, entry.scope, entry.project ?? ''].filter(Boolean).join(' · ');
}

/**
 * One server in the home list: one element with role `row`, holding its name (a link to its detail)
 * and its status as text, then the strip, the last problem and the actions.
 */
export const ServerRow = memo(function ServerRow({
  entry,
  spans,
  now,
}: {
  entry: ServerStatusEntry;
  spans: readonly StatusSpan[] | undefined;
  now: number;
}): React.JSX.Element {
  return (
    <div role="row" className={`server-row status-${entry.status}`} data-since={entry.since ?? undefined}>
      <span role="cell" className="row-status">
        <StatusBadge status={entry.status} />
        <span className="row-since muted">
          {[formatSince(entry.since, now), entry.live ? '' : 'not live'].filter(Boolean).join(' · ')}
        </span>
      </span>
      <span role="cell" className="row-name">
        <a href={serverHref(entry)} className="server-link" title={entry.name}>
          {entry.name}
        </a>
        <span className="row-client muted">
          {clientLine(entry)}
          {entry.wrapped ? ' · wrapped' : ' · not wrapped'}
          {entry.configured ? '' : ' · not in a config'}
          {entry.effective ? '' : ' · shadowed'}
        </span>
      </span>
      <span role="cell" className="row-strip">
        <HealthStrip spans={spans} now={now} />
      </span>
      <span role="cell" className="row-problem" title={entry.lastProblem?.message ?? entry.reason}>
        {entry.lastProblem ? entry.lastProblem.message : <span className="muted">{entry.reason}</span>}
      </span>
      <span role="cell" className="row-actions">
        <ActionButtons entry={entry} limit={3} />
      </span>
    </div>
  );
});
