import { useEffect, useRef } from 'react';
import { logViewHref } from '../../../shared/log-view-link.js';
import { closeDetail } from '../../state/log-viewer-actions.js';
import { rowText } from '../../state/log-export.js';
import type { DetailState } from '../../state/log-viewer-store.js';
import type { CellFilter } from './cell-menu.js';
import { copyText, CLIENT_LABEL, LEVEL_LABEL } from './log-format.js';

const COMMON = new Set(['kind', 'time', 'server', 'level', 'message', 'source']);

/**
 * One event in full: the message, the parsed fields, the source file and line with the raw lines
 * around it (the event's line marked), and links: the server's timeline, the view around this event.
 */
export function LogDetail({
  detail,
  onAround,
  onFilter,
}: {
  detail: DetailState;
  onAround: (time: number, file: string, line: number) => void;
  onFilter: (filter: CellFilter, mode: 'only' | 'hide') => void;
}): React.JSX.Element {
  const heading = useRef<HTMLHeadingElement>(null);
  const target = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // Scroll only the context box (scrollIntoView would move the page and the panel too).
    const line = target.current;
    const box = line?.parentElement;
    if (line && box)
      box.scrollTop = line.offsetTop - box.offsetTop - box.clientHeight / 2 + line.clientHeight / 2;
  }, [detail]);
  if (detail.status !== 'ready') {
    return (
      <aside className="log-detail" aria-labelledby="log-detail-heading">
        <header className="detail-header">
          <h3 id="log-detail-heading" ref={heading}>
            Event
          </h3>
          <button type="button" onClick={closeDetail} aria-label="Close details">
            ✕
          </button>
        </header>
        {detail.status === 'loading' ? (
          <p className="muted">Loading…</p>
        ) : (
          <p role="alert" className="error">
            {detail.message}
          </p>
        )}
      </aside>
    );
  }
  const { event, file, line, lines, note, messageCut } = detail.context;
  const fields = Object.entries(event).filter(([key, value]) => !COMMON.has(key) && value !== undefined);
  const t = Date.parse(event.time);
  const row = {
    id: detail.id,
    t,
    time: event.time,
    server: event.server,
    level: event.level,
    kind: event.kind,
    message: event.message,
    file,
    line,
  };
  return (
    <aside className="log-detail" aria-labelledby="log-detail-heading" data-testid="log-detail">
      <header className="detail-header">
        <h3 id="log-detail-heading" ref={heading}>
          <span className={`level-badge level-${event.level}`}>{LEVEL_LABEL[event.level]}</span> {event.kind}
        </h3>
        <button type="button" onClick={closeDetail} aria-label="Close details">
          ✕
        </button>
      </header>
      <dl className="facts detail-facts">
        <dt>Time</dt>
        <dd>
          {new Date(t).toLocaleString()} <span className="muted">({event.time})</span>
        </dd>
        <dt>Server</dt>
        <dd>
          {event.server.name}{' '}
          <span className="muted">
            ({CLIENT_LABEL[event.server.client] ?? event.server.client}, {event.server.scope}
            {event.server.project ? `: ${event.server.project}` : ''})
          </span>
        </dd>
        <dt>Source</dt>
        <dd>
          <code data-testid="detail-source">
            {file}:{line}
          </code>{' '}
          <button type="button" className="link-button" onClick={() => void copyText(`${file}:${line}`)}>
            Copy path
          </button>
        </dd>
        <dt>Filter</dt>
        <dd className="detail-filters">
          {(
            [
              ['server', event.server.name],
              ['client', event.server.client],
              ['kind', event.kind],
              ['level', event.level],
            ] as Array<[CellFilter['field'], string]>
          ).map(([field, value]) => (
            <span key={field} role="group" aria-label={`${field} ${value}`}>
              <button type="button" onClick={() => onFilter({ field, value }, 'only')}>
                Only this {field}
              </button>
              <button type="button" onClick={() => onFilter({ field, value }, 'hide')}>
                Hide this {field}
              </button>
            </span>
          ))}
        </dd>
        {fields.map(([key, value]) => (
          <Field key={key} name={key} value={value} />
        ))}
      </dl>
      <div className="detail-actions">
        <button type="button" onClick={() => void copyText(rowText(row))}>
          Copy line
        </button>
        <button type="button" onClick={() => onAround(t, file, line)}>
          Show around this event
        </button>
        <a href={`#/servers/${encodeURIComponent(event.server.name)}`}>Server timeline</a>
        <a
          href={logViewHref({ server: event.server.name, around: event.time, file, line })}
          className="muted"
        >
          Permalink
        </a>
      </div>
      <h4>Message{messageCut ? ` (first ${messageCut.toLocaleString()} characters)` : ''}</h4>
      <pre className="detail-message">{event.message}</pre>
      <h4>Raw lines in the file</h4>
      {note ? (
        <p className="notice" role="note">
          {note}
        </p>
      ) : null}
      {lines.length > 0 ? (
        <ol
          className="context-lines"
          aria-label={`Lines ${lines[0]!.line} to ${lines.at(-1)!.line} of ${file}`}
        >
          {lines.map((entry) => (
            <li
              key={entry.line}
              ref={entry.line === line ? target : undefined}
              className={entry.line === line ? 'context-target' : undefined}
              aria-current={entry.line === line ? 'true' : undefined}
              data-line={entry.line}
            >
              <span className="line-number">{entry.line}</span>
              <code>{entry.text}</code>
              {entry.cutBytes ? (
                <span className="muted"> … {entry.cutBytes.toLocaleString()} more bytes</span>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </aside>
  );
}

function Field({ name, value }: { name: string; value: unknown }): React.JSX.Element {
  return (
    <>
      <dt>{name}</dt>
      <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
    </>
  );
}
