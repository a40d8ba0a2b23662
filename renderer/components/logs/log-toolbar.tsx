import { useEffect, useState } from 'react';
import type { LogClient, LogEventLevel, ServerIdentity } from '../../../shared/log-events.js';
import { compileLogSearch } from '../../../shared/log-search.js';
import { ALL_LEVELS, type LogViewState, type RangeKey } from '../../state/log-view-state.js';
import { CLIENT_LABEL, LEVEL_LABEL, toLocalInput } from './log-format.js';

type Update = (patch: Partial<LogViewState>) => void;

/** The search field: typed text reaches the URL (and the service) after a short pause. */
export function SearchBar({
  view,
  update,
  searchError,
  onJump,
}: {
  view: LogViewState;
  update: Update;
  searchError: string | undefined;
  onJump: (direction: 1 | -1) => void;
}): React.JSX.Element {
  const [text, setText] = useState(view.q);
  // A new query from outside (a link, Back) replaces what is typed: adjusted while rendering.
  const [shownQ, setShownQ] = useState(view.q);
  if (shownQ !== view.q) {
    setShownQ(view.q);
    setText(view.q);
  }
  useEffect(() => {
    if (text === view.q) return;
    const timer = setTimeout(() => update({ q: text }), 100);
    return () => clearTimeout(timer);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps
  // Said at once while typing, before the service answers.
  const local = compileLogSearch({ q: text, regex: view.regex, matchCase: view.matchCase });
  const error = !local.ok ? local.error : text === view.q ? searchError : undefined;
  return (
    <div className="search-bar">
      <label htmlFor="log-search" className="visually-hidden">
        Search logs
      </label>
      <input
        id="log-search"
        type="search"
        placeholder={view.regex ? 'Search logs (regular expression)' : 'Search logs'}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'log-search-error' : undefined}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            update({ q: text });
            onJump(event.shiftKey ? -1 : 1);
          }
        }}
      />
      <button
        type="button"
        aria-pressed={view.regex}
        title="Regular expression"
        onClick={() => update({ q: text, regex: !view.regex })}
      >
        Regex
      </button>
      <button
        type="button"
        aria-pressed={view.matchCase}
        aria-label="Match case"
        title="Match case"
        onClick={() => update({ q: text, matchCase: !view.matchCase })}
      >
        Aa
      </button>
      <button
        type="button"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        onClick={() => onJump(-1)}
      >
        ↑
      </button>
      <button type="button" aria-label="Next match" title="Next match (Enter)" onClick={() => onJump(1)}>
        ↓
      </button>
      {error ? (
        <p id="log-search-error" role="alert" className="error search-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One toggle per level, named by the level; at least one stays on. */
export function LevelToggles({ view, update }: { view: LogViewState; update: Update }): React.JSX.Element {
  const toggle = (level: LogEventLevel): void => {
    const on = view.levels.includes(level);
    const levels = on
      ? view.levels.filter((other) => other !== level)
      : ALL_LEVELS.filter((other) => other === level || view.levels.includes(other));
    if (levels.length) update({ levels });
  };
  return (
    <div role="group" aria-label="Levels" className="level-toggles">
      {ALL_LEVELS.map((level) => (
        <button
          key={level}
          type="button"
          className={`level-toggle level-${level}`}
          aria-pressed={view.levels.includes(level)}
          onClick={() => toggle(level)}
        >
          {LEVEL_LABEL[level]}
        </button>
      ))}
    </div>
  );
}

const RANGES: Array<[RangeKey, string]> = [
  ['15m', 'Last 15 minutes'],
  ['1h', 'Last hour'],
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['all', 'Everything indexed'],
  ['custom', 'Custom…'],
];

export function TimeRange({ view, update }: { view: LogViewState; update: Update }): React.JSX.Element {
  const setCustom = (which: 'from' | 'to', value: string): void => {
    const t = Date.parse(value);
    if (Number.isFinite(t)) update({ range: 'custom', [which]: t });
  };
  return (
    <div className="time-range">
      <label>
        <span className="visually-hidden">Time range</span>
        <select
          aria-label="Time range"
          value={view.range}
          onChange={(event) => {
            const range = event.target.value as RangeKey;
            update(
              range === 'custom'
                ? { range, from: view.from ?? Date.now() - 3600_000, to: view.to ?? Date.now() }
                : { range, from: undefined, to: undefined },
            );
          }}
        >
          {RANGES.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {view.range === 'custom' ? (
        <>
          <label>
            From{' '}
            <input
              type="datetime-local"
              value={view.from ? toLocalInput(view.from) : ''}
              onChange={(event) => setCustom('from', event.target.value)}
            />
          </label>
          <label>
            To{' '}
            <input
              type="datetime-local"
              value={view.to ? toLocalInput(view.to) : ''}
              onChange={(event) => setCustom('to', event.target.value)}
            />
          </label>
        </>
      ) : null}
    </div>
  );
}

/** Clients and servers to show: checkboxes in a disclosure, from the servers the index has seen. */
export function SourceFilter({
  view,
  update,
  servers,
}: {
  view: LogViewState;
  update: Update;
  servers: readonly ServerIdentity[];
}): React.JSX.Element {
  const [find, setFind] = useState('');
  const clients = [...new Set(servers.map((server) => server.client))].sort();
  const names = [...new Set(servers.map((server) => server.name))].sort((a, b) => a.localeCompare(b));
  const shown = names.filter((name) => name.toLowerCase().includes(find.toLowerCase())).slice(0, 200);
  const toggleClient = (client: LogClient): void =>
    update({
      clients: view.clients.includes(client)
        ? view.clients.filter((other) => other !== client)
        : [...view.clients, client],
    });
  const toggleServer = (name: string): void =>
    update({
      servers: view.servers.includes(name)
        ? view.servers.filter((other) => other !== name)
        : [...view.servers, name],
    });
  return (
    <details className="source-filter">
      <summary>
        Clients &amp; servers
        {view.clients.length + view.servers.length ? ` (${view.clients.length + view.servers.length})` : ''}
      </summary>
      <div className="source-filter-popup">
        <fieldset>
          <legend>Clients</legend>
          {clients.map((client) => (
            <label key={client}>
              <input
                type="checkbox"
                checked={view.clients.includes(client)}
                onChange={() => toggleClient(client)}
              />{' '}
              {CLIENT_LABEL[client] ?? client}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Servers</legend>
          <input
            type="search"
            aria-label="Find a server"
            placeholder="Find a server"
            value={find}
            onChange={(event) => setFind(event.target.value)}
          />
          <div className="server-choices">
            {shown.map((name) => (
              <label key={name}>
                <input
                  type="checkbox"
                  checked={view.servers.includes(name)}
                  onChange={() => toggleServer(name)}
                />{' '}
                {name}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
    </details>
  );
}

/** The active source filters as removable chips. */
export function FilterChips({
  view,
  update,
}: {
  view: LogViewState;
  update: Update;
}): React.JSX.Element | null {
  const chips: Array<{ label: string; remove: Partial<LogViewState> }> = [
    ...view.clients.map((client) => ({
      label: `Client: ${CLIENT_LABEL[client] ?? client}`,
      remove: { clients: view.clients.filter((other) => other !== client) },
    })),
    ...view.servers.map((name) => ({
      label: `Server: ${name}`,
      remove: { servers: view.servers.filter((other) => other !== name) },
    })),
    ...view.hideClients.map((client) => ({
      label: `Hidden client: ${CLIENT_LABEL[client] ?? client}`,
      remove: { hideClients: view.hideClients.filter((other) => other !== client) },
    })),
    ...view.hideServers.map((name) => ({
      label: `Hidden server: ${name}`,
      remove: { hideServers: view.hideServers.filter((other) => other !== name) },
    })),
    ...view.kinds.map((kind) => ({
      label: `Kind: ${kind}`,
      remove: { kinds: view.kinds.filter((other) => other !== kind) },
    })),
  ];
  if (chips.length === 0) return null;
  return (
    <ul className="filter-chips" aria-label="Active filters">
      {chips.map((chip) => (
        <li key={chip.label}>
          {chip.label}
          <button type="button" aria-label={`Remove ${chip.label}`} onClick={() => update(chip.remove)}>
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
