import { reconnectAll, startEdit } from '../../state/server-actions.js';
import { useServersViewOptions, type ServersViewOptions } from '../../state/servers-view-options.js';

/** Text filter, sort, grouping, and the actions on every server. */
export function ServersToolbar(): React.JSX.Element {
  const options = useServersViewOptions();
  const set = (patch: Partial<ServersViewOptions>): void => useServersViewOptions.setState(patch);
  return (
    <div className="servers-toolbar" role="toolbar" aria-label="Server list">
      <input
        type="search"
        aria-label="Filter servers"
        placeholder="Filter by name, client, upstream…"
        value={options.text}
        onChange={(event) => set({ text: event.target.value })}
      />
      <label>
        Sort{' '}
        <select
          value={options.sort}
          onChange={(event) => set({ sort: event.target.value as ServersViewOptions['sort'] })}
        >
          <option value="severity">Most urgent first</option>
          <option value="name">Name</option>
          <option value="client">Client</option>
          <option value="since">Latest change</option>
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={options.group}
          onChange={(event) => set({ group: event.target.checked })}
        />{' '}
        Group by client
      </label>
      <span className="spacer" />
      <button type="button" onClick={() => startEdit('clean', undefined)}>
        Clean stale state…
      </button>
      <button type="button" className="primary" onClick={() => void reconnectAll()}>
        Reconnect all
      </button>
    </div>
  );
}
