import { logViewHref } from '../../shared/log-view-link.js';
import { ActivityTable, SecurityList } from '../components/detail/activity-tables.js';
import { ConnectionTimeline } from '../components/detail/connection-timeline.js';
import { DisconnectHistogram } from '../components/detail/disconnect-histogram.js';
import { CountersPanel, EvidenceFiles, StderrTail } from '../components/detail/evidence-panels.js';
import { FindingsList } from '../components/detail/findings-list.js';
import { ToolCountChart } from '../components/detail/tool-count-chart.js';
import { WrapOffer } from '../components/detail/wrap-offer.js';
import { ActionButtons } from '../components/servers/action-buttons.js';
import { clientLine } from '../components/servers/server-row.js';
import { StatusBadge } from '../components/status/status-badge.js';
import { useNow } from '../components/use-now.js';
import '../components/dashboard.css';
import { formatAgo, formatSince } from '../format/durations.js';
import { resolveServer, useStatusStore } from '../state/status-store.js';
import { useServerDetail } from '../state/use-server-detail.js';

/**
 * One server: its status with reason and source, findings first, then the connection timeline, the
 * disconnect ages, tools over time, counters, activity and the evidence. The route names a status key
 * or a plain server name (links from the log viewer).
 */
export function ServerDetailView({ serverKey }: { serverKey: string }): React.JSX.Element {
  const wanted = decodeURIComponent(serverKey);
  const entries = useStatusStore((state) => state.entries);
  const loaded = useStatusStore((state) => state.loaded);
  const live = resolveServer(entries, wanted);
  const { detail, error } = useServerDetail(live?.key);
  const now = useNow(5000);
  const entry = live ?? detail?.entry;
  if (!entry)
    return (
      <section aria-labelledby="server-detail-heading" className="detail-view">
        <h2 id="server-detail-heading" className="server-title">
          {wanted}
        </h2>
        <p className="muted">
          {loaded ? 'No server of this name or key is known to Tether now.' : 'Loading…'}
        </p>
        <p>
          <a href="#/">Back to every server</a> · <a href={logViewHref({ server: wanted })}>Its log lines</a>
        </p>
      </section>
    );
  const showWrapOffer = !entry.wrapped && entry.configured && entry.actions.includes('wrap');
  return (
    <section aria-labelledby="server-detail-heading" className="detail-view">
      <p className="small">
        <a href="#/">← Servers</a>
      </p>
      <div className="detail-head card">
        <h2 id="server-detail-heading" className="server-title">
          {entry.name}
        </h2>
        <p className="muted">
          {clientLine(entry)} · {entry.transport}
          {entry.upstream ? <span className="mono"> · {entry.upstream}</span> : null}
        </p>
        <p className="detail-status">
          <StatusBadge status={entry.status} /> <span>{formatSince(entry.since, now)}</span>
          <span className="reason"> — {entry.reason}</span>
        </p>
        <p className="small muted">
          {entry.live ? 'Live from the proxy' : 'Not live'}: {entry.sourceNote}
          {entry.liveProxies > 1 ? ` · ${entry.liveProxies} proxies running` : ''}
          {entry.toolCount !== null ? ` · ${entry.toolCount} tools` : ''}
          {entry.lastSeen ? ` · last evidence ${formatAgo(entry.lastSeen, now)}` : ''}
          {entry.configPath ? (
            <>
              {' · '}
              <span className="mono">{entry.configPath}</span>
            </>
          ) : null}
        </p>
        {entry.lastProblem ? (
          <p className="small">
            Last problem ({formatAgo(entry.lastProblem.time, now)}): {entry.lastProblem.message}
          </p>
        ) : null}
        <ActionButtons
          entry={
            showWrapOffer ? { ...entry, actions: entry.actions.filter((action) => action !== 'wrap') } : entry
          }
        />
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {detail ? <FindingsList findings={detail.findings} entry={entry} /> : null}
      {showWrapOffer ? <WrapOffer entry={entry} /> : null}
      {detail ? (
        <>
          <ConnectionTimeline timeline={detail.timeline} now={now} />
          <div className="detail-grid">
            <DisconnectHistogram timeline={detail.timeline} />
            <ToolCountChart
              points={detail.toolCounts.length ? detail.toolCounts : (detail.timeline?.toolsListed ?? [])}
            />
          </div>
          <CountersPanel counters={detail.timeline?.counters} />
          <ActivityTable items={detail.activity} />
          <SecurityList items={detail.security} />
          <StderrTail lines={detail.stderrTail} />
          <EvidenceFiles files={detail.evidenceFiles} server={entry.name} />
        </>
      ) : !error ? (
        <p className="muted">Loading the detail…</p>
      ) : null}
    </section>
  );
}
