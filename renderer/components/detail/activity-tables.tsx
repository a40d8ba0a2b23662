import type { ActivityItem, SecurityItem } from '../../../shared/server-detail.js';
import { formatTime } from '../../format/durations.js';

/** The newest requests through the proxy: time, method/tool, duration, outcome, redacted preview. */
export function ActivityTable({ items }: { items: readonly ActivityItem[] }): React.JSX.Element {
  return (
    <section className="card" aria-labelledby="activity-heading">
      <h3 id="activity-heading">Recent activity</h3>
      {items.length === 0 ? (
        <p className="muted">No requests through the proxy yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>Time</th>
                <th>Call</th>
                <th>Duration</th>
                <th>Outcome</th>
                <th>Preview</th>
              </tr>
            </thead>
            <tbody>
              {[...items]
                .reverse()
                .slice(0, 100)
                .map((item, index) => (
                  <tr key={index} className={`outcome-${item.outcome}`}>
                    <td className="nowrap">{formatTime(item.time)}</td>
                    <td className="mono">{item.tool ? `${item.method} ${item.tool}` : item.method}</td>
                    <td className="nowrap">{Math.round(item.durationMs)} ms</td>
                    <td>
                      {item.outcome}
                      {item.reason ? <span className="muted"> — {item.reason}</span> : null}
                    </td>
                    <td className="mono small preview">{item.preview ?? ''}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Sign-ins, refreshes, revokes and 401s: when and why, never a token. */
export function SecurityList({ items }: { items: readonly SecurityItem[] }): React.JSX.Element {
  return (
    <section className="card" aria-labelledby="security-heading">
      <h3 id="security-heading">Security activity</h3>
      {items.length === 0 ? (
        <p className="muted">No sign-in, refresh or 401 recorded.</p>
      ) : (
        <ul className="plain-list">
          {[...items]
            .reverse()
            .slice(0, 50)
            .map((item, index) => (
              <li key={index}>
                <span className="muted">{formatTime(item.time)}</span>{' '}
                <span className="mono">{item.kind}</span> {item.message}
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
