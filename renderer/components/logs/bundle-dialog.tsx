import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import type { BundleSummary } from '../../../shared/logs-contract.js';
import { createBundle, downloadBundle } from '../../state/log-export.js';
import { formatBytes } from './log-format.js';

type BundleState =
  | { status: 'idle' }
  | { status: 'creating' }
  | { status: 'ready'; summary: BundleSummary; downloadError?: string }
  | { status: 'error'; message: string };

/**
 * `Create support bundle`: builds the redacted archive (system, servers, timelines and findings,
 * journals, client logs), shows what went in, and downloads it.
 */
export function BundleDialog(): React.JSX.Element {
  const [state, setState] = useState<BundleState>({ status: 'idle' });
  const start = async (): Promise<void> => {
    setState({ status: 'creating' });
    const result = await createBundle();
    if ('error' in result) return setState({ status: 'error', message: result.error });
    const downloadError = await downloadBundle(result.summary);
    setState({ status: 'ready', summary: result.summary, ...(downloadError ? { downloadError } : {}) });
  };
  return (
    <Dialog.Root onOpenChange={(open) => open && void start()}>
      <Dialog.Trigger asChild>
        <button type="button">Create support bundle</button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog-content" aria-describedby="bundle-description">
          <Dialog.Title>Support bundle</Dialog.Title>
          <Dialog.Description id="bundle-description" className="muted">
            One archive to hand to whoever helps you: secrets are redacted before anything is written.
          </Dialog.Description>
          {state.status === 'creating' || state.status === 'idle' ? (
            <p role="status">Collecting logs, configs, timelines and findings…</p>
          ) : null}
          {state.status === 'error' ? (
            <p role="alert" className="error">
              The bundle could not be made: {state.message}
            </p>
          ) : null}
          {state.status === 'ready' ? <BundleContents state={state} /> : null}
          <Dialog.Close asChild>
            <button type="button" className="dialog-close">
              Close
            </button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function BundleContents({ state }: { state: Extract<BundleState, { status: 'ready' }> }): React.JSX.Element {
  const { summary } = state;
  return (
    <>
      <p role="status">
        <strong data-testid="bundle-name">{summary.id}</strong> ({formatBytes(summary.bytes)},{' '}
        {summary.files.length} files){' '}
        {state.downloadError ? (
          <span className="error">Download failed: {state.downloadError}</span>
        ) : (
          'is downloading.'
        )}
      </p>
      <button type="button" onClick={() => void downloadBundle(summary)}>
        Download again
      </button>
      {summary.errors.length ? (
        <ul className="bundle-errors">
          {summary.errors.map((error) => (
            <li key={error.collector} className="error">
              {error.collector}: {error.message}
            </li>
          ))}
        </ul>
      ) : null}
      <table className="bundle-files">
        <caption className="muted">Inside the archive</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">From</th>
            <th scope="col">Size</th>
          </tr>
        </thead>
        <tbody>
          {summary.files.map((file) => (
            <tr key={file.path}>
              <td>
                <code>{file.path}</code>
              </td>
              <td>{file.collector}</td>
              <td>{formatBytes(file.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
