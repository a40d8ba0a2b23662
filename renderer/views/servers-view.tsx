import { useMemo } from 'react';
import { ConfigProblems } from '../components/servers/config-problems.js';
import { NoClients } from '../components/servers/no-clients.js';
import { ServerList } from '../components/servers/server-list.js';
import { ServersToolbar } from '../components/servers/servers-toolbar.js';
import { StatusSummary } from '../components/status/status-summary.js';
import { useNow } from '../components/use-now.js';
import '../components/dashboard.css';
import { listItems, useServersViewOptions } from '../state/servers-view-options.js';
import { useStatusStore } from '../state/status-store.js';

/** Home: the glance (counts, the worst state), then every server of every client with its live status. */
export function ServersView(): React.JSX.Element {
  const { loaded, entries, problems, summary } = useStatusStore();
  const options = useServersViewOptions();
  const now = useNow();
  const items = useMemo(() => listItems(entries.values(), options), [entries, options]);
  const toggle = (status: (typeof options.states)[number]): void =>
    useServersViewOptions.setState({
      states: options.states.includes(status)
        ? options.states.filter((other) => other !== status)
        : [...options.states, status],
    });
  return (
    <section aria-labelledby="servers-heading" className="servers-view">
      <div className="view-title">
        <h2 id="servers-heading">Servers</h2>
        {summary ? <StatusSummary summary={summary} selected={options.states} onToggle={toggle} /> : null}
      </div>
      <ConfigProblems problems={problems} />
      {!loaded ? <p className="muted">Loading the status of every server…</p> : null}
      {loaded && entries.size === 0 && problems.length === 0 ? <NoClients /> : null}
      {entries.size > 0 ? (
        <>
          <ServersToolbar />
          {items.length === 0 ? <p className="muted">No server matches these filters.</p> : null}
          <ServerList items={items} now={now} />
        </>
      ) : null}
    </section>
  );
}
