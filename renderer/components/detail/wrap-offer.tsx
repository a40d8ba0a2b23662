import { useEffect, useState } from 'react';
import type { ConfigEditResult } from '../../../shared/server-detail.js';
import type { ServerStatusEntry } from '../../../shared/server-status.js';
import { applyEdit, previewEdit } from '../../state/server-actions.js';
import { DiffView } from '../diff-view.js';

/** A server not behind the proxy: what wrapping gives, the exact change (a dry run), and the button. */
export function WrapOffer({ entry }: { entry: ServerStatusEntry }): React.JSX.Element {
  const [preview, setPreview] = useState<ConfigEditResult>();
  useEffect(() => {
    let alive = true;
    void previewEdit('wrap', entry.key).then((result) => alive && setPreview(result));
    return () => {
      alive = false;
    };
  }, [entry.key, entry.configPath]);
  return (
    <section className="card wrap-offer" aria-labelledby="wrap-heading">
      <h3 id="wrap-heading">Not wrapped: the status below is inferred from logs</h3>
      <p>
        Wrapping puts Tether&apos;s proxy between {entry.client} and this server: the client keeps its session
        when the server restarts or a proxy in the path cuts the stream, calls wait for a reconnect instead of
        failing, and this page shows the live status with one-click reconnect. The client&apos;s config entry
        is rewritten to start <span className="mono">tether proxy</span>; a backup is kept and Undo is
        offered.
      </p>
      {!preview ? <p className="muted">Preparing the change…</p> : null}
      {preview && !preview.ok ? <p className="error">{preview.message}</p> : null}
      {preview?.ok ? (
        <>
          {preview.file ? <p className="mono small">{preview.file}</p> : null}
          <DiffView diff={preview.diff} label={`Change that wraps ${entry.name}`} />
        </>
      ) : null}
      <button
        type="button"
        className="primary"
        aria-label={`Wrap ${entry.name}`}
        onClick={() => void applyEdit('wrap', entry)}
      >
        Wrap
      </button>
    </section>
  );
}
