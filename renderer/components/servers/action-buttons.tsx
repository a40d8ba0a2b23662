import type { LiveAction } from '../../../shared/server-detail.js';
import type { ServerAction, ServerStatusEntry } from '../../../shared/server-status.js';
import { runLiveAction, signIn, startEdit } from '../../state/server-actions.js';

/** The visible label of each action; the accessible name adds the server's name (`Reconnect <name>`). */
export const ACTION_LABEL: Record<ServerAction, string> = {
  reconnect: 'Reconnect',
  'reset-session': 'Reset session',
  restart: 'Restart',
  'sign-in': 'Sign in',
  wrap: 'Wrap',
  unwrap: 'Unwrap',
};

const LIVE: readonly ServerAction[] = ['reconnect', 'reset-session', 'restart'];

/** Runs `action` on `entry` the way its button does. */
export function runAction(entry: ServerStatusEntry, action: ServerAction): void {
  if (LIVE.includes(action)) void runLiveAction(entry, action as LiveAction);
  else if (action === 'sign-in') void signIn(entry);
  else startEdit(action as 'wrap' | 'unwrap', entry);
}

/** The buttons of what makes sense for a server now (the status model's `actions`, most useful first). */
export function ActionButtons({
  entry,
  limit,
}: {
  entry: ServerStatusEntry;
  limit?: number;
}): React.JSX.Element {
  const actions = limit === undefined ? entry.actions : entry.actions.slice(0, limit);
  return (
    <span className="action-buttons">
      {actions.map((action, index) => (
        <button
          key={action}
          type="button"
          className={index === 0 ? 'primary' : undefined}
          aria-label={`${ACTION_LABEL[action]} ${entry.name}`}
          title={`${ACTION_LABEL[action]} ${entry.name}`}
          onClick={() => runAction(entry, action)}
        >
          {ACTION_LABEL[action]}
        </button>
      ))}
    </span>
  );
}
