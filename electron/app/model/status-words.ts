import type { StatusClient } from '../../../shared/server-status.js';
import type { ServerStatus } from '../../../shared/timeline-model.js';

/**
 * The words the tray and notifications use for a status and a client. One table, so the tooltip, the
 * menu and a notification never name the same state differently.
 */
export const STATUS_WORDS: Record<ServerStatus, string> = {
  connected: 'connected',
  degraded: 'degraded',
  reconnecting: 'reconnecting',
  'session-expired': 'session expired',
  'needs-auth': 'needs sign-in',
  'upstream-down': 'upstream down',
  'never-attached': 'not started by a client',
  unknown: 'unknown',
};

export const CLIENT_WORDS: Record<StatusClient, string> = {
  'claude-code': 'Claude Code',
  'claude-desktop': 'Claude Desktop',
  cursor: 'Cursor',
  vscode: 'VS Code',
  windsurf: 'Windsurf',
  codex: 'Codex',
  tether: 'Tether',
};

/** "1 server" / "6 servers". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** Shortens a label to `max` characters with an ellipsis, keeping the start (names read left to right). */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
