import type { Finding } from '../../../shared/server-detail.js';
import type { ServerStatusEntry } from '../../../shared/server-status.js';
import { logViewHref } from '../../../shared/log-view-link.js';
import { formatTime } from '../../format/durations.js';
import { ACTION_LABEL, runAction } from '../servers/action-buttons.js';

/** What the diagnosis rules found, most severe first: each with its evidence, remedy and, where one exists, the button. */
export function FindingsList({
  findings,
  entry,
}: {
  findings: readonly Finding[];
  entry: ServerStatusEntry;
}): React.JSX.Element | null {
  if (findings.length === 0) return null;
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <section className="findings" aria-labelledby="findings-heading">
      <h3 id="findings-heading">Findings</h3>
      {sorted.map((finding) => (
        <article
          key={finding.rule + finding.title}
          className={`card finding finding-${finding.severity}`}
          aria-label={finding.title}
        >
          <h4>
            <span className="severity">{finding.severity}</span> {finding.title}
          </h4>
          <p>{finding.explanation}</p>
          <div className="remedy">
            <strong>Remedy:</strong> {finding.remedy}
            {finding.action ? (
              <button type="button" className="primary" onClick={() => runAction(entry, finding.action!)}>
                Apply the remedy ({ACTION_LABEL[finding.action].toLowerCase()})
              </button>
            ) : null}
          </div>
          {finding.evidence.length ? (
            <details>
              <summary>Evidence ({finding.evidence.length})</summary>
              <ul className="evidence">
                {finding.evidence.map((item, index) => (
                  <li key={index}>
                    <span className="muted">{formatTime(item.time)}</span> {item.message}{' '}
                    <a
                      href={logViewHref({ file: item.file, line: item.line, around: item.time })}
                      className="mono small"
                    >
                      {item.file.split(/[\\/]/).pop()}:{item.line}
                    </a>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </article>
      ))}
    </section>
  );
}
