import { toast } from 'sonner';
import type { ConfigEditKind, ConfigEditResult, LiveAction } from '../../shared/server-detail.js';
import type { ServerStatusEntry } from '../../shared/server-status.js';
import { callDashboard, refreshStatus } from '../api/dashboard-api.js';
import { useEditDialogStore } from './edit-dialog-store.js';

/**
 * Every action the dashboard offers, each showing its progress and then the service's own message
 * (a toast). Config edits offer Undo; unwrap and clean show their preview first and ask once.
 */

const PROGRESS: Record<LiveAction, string> = {
  reconnect: 'Reconnecting',
  'reset-session': 'Resetting the session of',
  restart: 'Restarting',
};

function settle(id: string | number, ok: boolean, message: string): void {
  if (ok) toast.success(message, { id });
  else toast.error(message, { id });
}

/** Reconnect, reset session or restart: a command to the server's live proxies, acted on at once. */
export async function runLiveAction(entry: ServerStatusEntry, action: LiveAction): Promise<void> {
  const id = toast.loading(`${PROGRESS[action]} ${entry.name}…`);
  const result = await callDashboard('server:act', { key: entry.key, action });
  if (!result.ok) return settle(id, false, result.error.message);
  settle(id, result.data.ok, result.data.message);
}

export async function reconnectAll(): Promise<void> {
  const id = toast.loading('Reconnecting every live server…');
  const result = await callDashboard('server:reconnect-all', {});
  if (!result.ok) return settle(id, false, result.error.message);
  settle(id, result.data.ok, result.data.message);
}

/** Asks the server's OAuth proxy for a sign-in URL and opens it; the proxy finishes by itself. */
export async function signIn(entry: ServerStatusEntry): Promise<void> {
  const id = toast.loading(`Preparing the sign-in of ${entry.name}…`);
  const result = await callDashboard('proxy:sign-in', { name: entry.name });
  if (!result.ok) return settle(id, false, result.error.message);
  if (!result.data.ok) return settle(id, false, result.data.message);
  window.open(result.data.authorizationUrl, '_blank', 'noopener');
  settle(id, true, `Sign-in for ${entry.name} opened in your browser; Tether picks it up when you finish.`);
}

/** What an edit would change, without writing anything. */
export async function previewEdit(kind: ConfigEditKind, key: string | undefined): Promise<ConfigEditResult> {
  const result = await callDashboard('config:edit', { kind, key, dryRun: true });
  return result.ok ? result.data : { ok: false, message: result.error.message };
}

/** Writes the edit; the toast offers Undo when the service says it can. */
export async function applyEdit(
  kind: ConfigEditKind,
  entry: ServerStatusEntry | undefined,
): Promise<boolean> {
  const what = entry ? `${kind} ${entry.name}` : kind;
  const id = toast.loading(`Applying ${what}…`);
  const result = await callDashboard('config:edit', { kind, key: entry?.key, dryRun: false });
  const answer: ConfigEditResult = result.ok ? result.data : { ok: false, message: result.error.message };
  if (!answer.ok) {
    settle(id, false, answer.message);
    return false;
  }
  toast.success(answer.message, {
    id,
    duration: 15_000,
    ...(answer.applied ? { action: { label: 'Undo', onClick: () => void undoLastEdit() } } : {}),
  });
  void refreshStatus();
  return true;
}

export async function undoLastEdit(): Promise<void> {
  const id = toast.loading('Undoing the last edit…');
  const result = await callDashboard('config:undo', {});
  if (!result.ok) return settle(id, false, result.error.message);
  settle(id, result.data.ok, result.data.message);
  void refreshStatus();
}

/** Wrap applies at once (Undo is offered); unwrap and clean open their preview to ask once. */
export function startEdit(kind: ConfigEditKind, entry: ServerStatusEntry | undefined): void {
  if (kind === 'wrap') {
    void applyEdit('wrap', entry);
    return;
  }
  useEditDialogStore.setState({ kind, entry, preview: undefined });
  void previewEdit(kind, entry?.key).then((preview) => {
    const now = useEditDialogStore.getState();
    if (now.kind === kind && now.entry?.key === entry?.key) useEditDialogStore.setState({ preview });
  });
}
