import * as Dialog from '@radix-ui/react-dialog';
import { closeEditDialog, useEditDialogStore } from '../state/edit-dialog-store.js';
import { applyEdit } from '../state/server-actions.js';
import { DiffView } from './diff-view.js';

const TITLE = { wrap: 'Wrap', unwrap: 'Unwrap', clean: 'Clean stale MCP state' } as const;

/** Unwrap and clean: the preview (the diff) and one question before anything is written. */
export function EditDialog(): React.JSX.Element {
  const { kind, entry, preview } = useEditDialogStore();
  const title = kind ? `${TITLE[kind]}${entry ? ` ${entry.name}` : ''}` : '';
  const canApply = preview?.ok === true && preview.diff.trim() !== '';
  return (
    <Dialog.Root open={kind !== undefined} onOpenChange={(open) => !open && closeEditDialog()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dash-dialog-overlay" />
        <Dialog.Content className="dash-dialog" aria-describedby="edit-dialog-description">
          <Dialog.Title>{title}?</Dialog.Title>
          <Dialog.Description id="edit-dialog-description" className="muted">
            {kind === 'unwrap'
              ? 'The client will talk to the server directly again: no reconnects, no live status. This is the change to its config file; a backup is kept and Undo is offered.'
              : 'This is the change to the client config file; a backup is kept and Undo is offered.'}
          </Dialog.Description>
          {!preview ? <p className="muted">Preparing the preview…</p> : null}
          {preview && !preview.ok ? (
            <p role="alert" className="error">
              {preview.message}
            </p>
          ) : null}
          {preview?.ok ? (
            <>
              {preview.file ? <p className="mono small">{preview.file}</p> : null}
              <DiffView diff={preview.diff} label="Preview of the change" />
            </>
          ) : null}
          <div className="dash-dialog-buttons">
            <Dialog.Close asChild>
              <button type="button">Cancel</button>
            </Dialog.Close>
            <button
              type="button"
              className="primary"
              disabled={!canApply}
              onClick={() => {
                const now = useEditDialogStore.getState();
                closeEditDialog();
                if (now.kind) void applyEdit(now.kind, now.entry);
              }}
            >
              Apply
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
