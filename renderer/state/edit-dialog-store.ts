import { create } from 'zustand';
import type { ConfigEditKind, ConfigEditResult } from '../../shared/server-detail.js';
import type { ServerStatusEntry } from '../../shared/server-status.js';

/** The edit waiting for the user's yes (unwrap, clean): its preview once the service answered. */
export type EditDialogState = {
  kind?: ConfigEditKind;
  entry?: ServerStatusEntry;
  preview?: ConfigEditResult;
};

export const useEditDialogStore = create<EditDialogState>(() => ({}));

export function closeEditDialog(): void {
  useEditDialogStore.setState({ kind: undefined, entry: undefined, preview: undefined });
}
