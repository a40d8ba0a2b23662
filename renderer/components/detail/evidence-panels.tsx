import type { EvidenceFile } from '../../../shared/server-detail.js';
import { logViewHref } from '../../../shared/log-view-link.js';
import type { TimelineCounters } from '../../../shared/timeline-model.js';

const COUNTER_WORDS: Record<keyof TimelineCounters, string> = {
  connectAttempts: 'connect attempts',
  connects: 'connects',
  connectFailures: 'connect failures',
  disconnects: 'disconnects',
  uncleanDisconnects: 'unclean disconnects',
  drops: 'stream drops',
  reconnects: 'reconnects',
  sessionExpired: 'expired sessions',
  authRequired: 'auth required',
  timeouts: 'timeouts',
  toolCalls: 'tool calls',
  toolOk: 'tool calls ok',
  toolErrors: 'tool errors',
  stderrLines: 'stderr lines',
  errors: 'errors',
  malformed: 'malformed lines',
};

/** The timeline's counters, the ones that happened at all. */
export function CountersPanel({ counters }: { counters: TimelineCounters | undefined }): React.JSX.Element {
  const shown = counters
    ? (Object.keys(COUNTER_WORDS) as (keyof TimelineCounters)[]).filter((key) => counters[key] > 0)
    : [];
  return (
    <section className="card" aria-labelledby="counters-heading">
      <h3 id="counters-heading">Counters</h3>
      {shown.length === 0 ? (
        <p className="muted">Nothing counted yet.</p>
      ) : (
        <dl className="counters">
          {shown.map((key) => (
            <div key={key}>
              <dt>{COUNTER_WORDS[key]}</dt>
              <dd>{counters![key].toLocaleString()}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

/** The newest lines the server wrote to stderr (redacted by the service). */
export function StderrTail({ lines }: { lines: readonly string[] }): React.JSX.Element {
  return (
    <section className="card" aria-labelledby="stderr-heading">
      <h3 id="stderr-heading">Stderr</h3>
      {lines.length === 0 ? (
        <p className="muted">No stderr output.</p>
      ) : (
        <pre className="stderr-tail" tabIndex={0}>
          {lines.join('\n')}
        </pre>
      )}
    </section>
  );
}

/** The files the evidence came from, each opening the log viewer on that file's lines of this server. */
export function EvidenceFiles({
  files,
  server,
}: {
  files: readonly EvidenceFile[];
  server: string;
}): React.JSX.Element {
  return (
    <section className="card" aria-labelledby="files-heading">
      <h3 id="files-heading">Evidence files</h3>
      {files.length === 0 ? (
        <p className="muted">No log file mentions this server yet.</p>
      ) : (
        <ul className="plain-list">
          {files.map((file) => (
            <li key={file.file}>
              <a href={logViewHref({ server, q: undefined, file: file.file })} className="mono small">
                {file.file}
              </a>{' '}
              <span className="muted">({file.events.toLocaleString()} events)</span>
            </li>
          ))}
        </ul>
      )}
      <p className="small">
        <a href={logViewHref({ server })}>Open every log line of {server} in the log viewer</a>
      </p>
    </section>
  );
}
