import {
  STATUS_SEVERITY_ORDER,
  summarizeStatuses,
  type ServerStatusEntry,
  type StatusSnapshot,
} from '../../../shared/server-status.js';
import type { ServerStatus } from '../../../shared/timeline-model.js';
import type { PauseChoice } from './pause.js';
import { isPaused } from './pause.js';
import { CLIENT_WORDS, STATUS_WORDS, clip, countOf } from './status-words.js';
import { trayIcon, type TrayIcon } from './tray-icon.js';

/**
 * The tray as a pure function of the status model: icon, tooltip and menu. The Electron code
 * (electron/app/tray.ts) only renders what this returns and runs the commands it names, so opening
 * the menu does no I/O and every state is unit-tested without Electron.
 */

/** What a menu item asks the shell to do. */
export type TrayCommand =
  | { kind: 'act'; key: string; action: 'reconnect' | 'reset-session' | 'restart' }
  | { kind: 'sign-in'; key: string }
  | { kind: 'open-details'; key: string }
  | { kind: 'view-logs'; key: string }
  | { kind: 'reconnect-all' }
  | { kind: 'open-dashboard' }
  | { kind: 'pause-notifications'; choice: PauseChoice }
  | { kind: 'resume-notifications' }
  | { kind: 'start-at-login'; enabled: boolean }
  | { kind: 'quit' };

/** One menu row. `id` is stable across updates, so an open menu can be updated in place. */
export type TrayMenuItem =
  | { type: 'label'; id: string; label: string }
  | { type: 'action'; id: string; label: string; command: TrayCommand; enabled: boolean }
  | { type: 'checkbox'; id: string; label: string; checked: boolean; command: TrayCommand }
  | { type: 'submenu'; id: string; label: string; items: TrayMenuItem[] }
  | { type: 'separator'; id: string };

export type TrayContext = {
  platform: NodeJS.Platform;
  now: Date;
  /** ISO end of a notification pause, or null. */
  pausedUntil: string | null;
  startAtLogin: boolean;
  /** Time of day for "paused until 14:00" (injected so tests fix the time zone). */
  formatTime: (date: Date) => string;
};

export type TrayModel = {
  icon: TrayIcon;
  /** Fits Windows' 127-character tooltip. */
  tooltip: string;
  /** The same sentence uncut, for screen readers. */
  accessibleLabel: string;
  menu: TrayMenuItem[];
};

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;
/** Menu labels beyond this are cut (menus grow as wide as their longest row). */
const LABEL_MAX = 60;
/** Rows under "Needs attention"; the rest are one "… more" row opening the dashboard. */
const ATTENTION_ROWS = 10;

/** Statuses that put a server under "Needs attention": each has an action that helps. */
const ATTENTION: ReadonlySet<ServerStatus> = new Set([
  'upstream-down',
  'needs-auth',
  'session-expired',
  'degraded',
]);

const severity = (status: ServerStatus): number => STATUS_SEVERITY_ORDER.indexOf(status);

/** Servers a person should look at: enabled, effective, in an attention state; worst first. */
export function attentionServers(servers: readonly ServerStatusEntry[]): ServerStatusEntry[] {
  return servers
    .filter((entry) => !entry.disabled && entry.effective && ATTENTION.has(entry.status))
    .sort((a, b) => severity(a.status) - severity(b.status) || a.name.localeCompare(b.name));
}

/** "6 servers: 5 connected, 1 upstream down" (connected first, then worst first); null when not loaded. */
export function statusSentence(snapshot: StatusSnapshot | null): string {
  if (!snapshot) return 'starting…';
  const servers = snapshot.servers.filter((entry) => !entry.disabled);
  if (servers.length === 0) return 'no MCP servers found';
  const summary = summarizeStatuses(servers);
  const order: ServerStatus[] = [
    'connected',
    ...STATUS_SEVERITY_ORDER.filter((status) => status !== 'connected'),
  ];
  const parts = order
    .filter((status) => summary.byStatus[status] > 0)
    .map((status) => `${summary.byStatus[status]} ${STATUS_WORDS[status]}`);
  return `${countOf(servers.length, 'server')}: ${parts.join(', ')}`;
}

export function trayModel(snapshot: StatusSnapshot | null, context: TrayContext): TrayModel {
  const servers = snapshot?.servers ?? [];
  const attention = attentionServers(servers);
  const enabled = servers.filter((entry) => !entry.disabled && entry.effective);
  const worst = snapshot && enabled.length > 0 ? summarizeStatuses(enabled).worst : null;
  const paused = isPaused(context.pausedUntil, context.now);
  const sentence = statusSentence(snapshot);
  const pauseNote = paused
    ? ` · notifications paused until ${context.formatTime(new Date(context.pausedUntil!))}`
    : '';
  const accessibleLabel = `Tether — ${sentence}${pauseNote}`;
  const text = (label: string): string => menuText(label, context.platform);
  const duplicates = duplicateNames(servers);
  const nameOf = (entry: ServerStatusEntry): string =>
    duplicates.has(entry.name) ? `${entry.name} (${CLIENT_WORDS[entry.client]})` : entry.name;

  const menu: TrayMenuItem[] = [
    { type: 'label', id: 'summary', label: text(clip(capitalize(sentence), LABEL_MAX)) },
  ];
  if (paused)
    menu.push({
      type: 'label',
      id: 'paused',
      label: text(`Notifications paused until ${context.formatTime(new Date(context.pausedUntil!))}`),
    });
  const problems = snapshot?.problems.length ?? 0;
  if (attention.length > 0 || problems > 0) {
    menu.push({ type: 'separator', id: 'attention-sep' });
    menu.push({ type: 'label', id: 'attention', label: `Needs attention (${attention.length + problems})` });
    for (const entry of attention.slice(0, ATTENTION_ROWS))
      menu.push(attentionRow(entry, nameOf(entry), text));
    if (attention.length > ATTENTION_ROWS)
      menu.push({
        type: 'action',
        id: 'attention-more',
        label: `${attention.length - ATTENTION_ROWS} more… (open the dashboard)`,
        command: { kind: 'open-dashboard' },
        enabled: true,
      });
    if (problems > 0)
      menu.push({
        type: 'action',
        id: 'attention-problems',
        label: `${countOf(problems, 'config file')} cannot be read…`,
        command: { kind: 'open-dashboard' },
        enabled: true,
      });
  }
  menu.push({ type: 'separator', id: 'servers-sep' });
  const sorted = [...servers].sort(
    (a, b) =>
      Number(a.disabled) - Number(b.disabled) ||
      severity(a.status) - severity(b.status) ||
      a.name.localeCompare(b.name),
  );
  menu.push(
    sorted.length === 0
      ? { type: 'label', id: 'servers', label: snapshot ? 'Servers: none found' : 'Servers: loading…' }
      : {
          type: 'submenu',
          id: 'servers',
          label: `Servers (${sorted.length})`,
          items: sorted.map((entry) => serverSubmenu(entry, nameOf(entry), text)),
        },
  );
  menu.push({
    type: 'action',
    id: 'reconnect-all',
    label: 'Reconnect all',
    command: { kind: 'reconnect-all' },
    enabled: servers.some((entry) => entry.liveProxies > 0),
  });
  menu.push({
    type: 'action',
    id: 'open-dashboard',
    label: 'Open dashboard',
    command: { kind: 'open-dashboard' },
    enabled: true,
  });
  menu.push({ type: 'separator', id: 'settings-sep' });
  menu.push(
    paused
      ? {
          type: 'action',
          id: 'pause',
          label: 'Resume notifications',
          command: { kind: 'resume-notifications' },
          enabled: true,
        }
      : {
          type: 'submenu',
          id: 'pause',
          label: 'Pause notifications',
          items: [
            {
              type: 'action',
              id: 'pause-hour',
              label: 'For 1 hour',
              command: { kind: 'pause-notifications', choice: 'hour' },
              enabled: true,
            },
            {
              type: 'action',
              id: 'pause-tomorrow',
              label: 'Until tomorrow',
              command: { kind: 'pause-notifications', choice: 'tomorrow' },
              enabled: true,
            },
          ],
        },
  );
  menu.push({
    type: 'checkbox',
    id: 'start-at-login',
    label: 'Start at login',
    checked: context.startAtLogin,
    command: { kind: 'start-at-login', enabled: !context.startAtLogin },
  });
  menu.push({ type: 'separator', id: 'quit-sep' });
  menu.push({ type: 'action', id: 'quit', label: 'Quit Tether', command: { kind: 'quit' }, enabled: true });

  return {
    icon: trayIcon(worst, attention.length, context.platform),
    tooltip: clip(accessibleLabel, TOOLTIP_MAX),
    accessibleLabel,
    menu,
  };
}

/** A "Needs attention" row: the server and its state, opening its action and its details. */
function attentionRow(entry: ServerStatusEntry, name: string, text: (label: string) => string): TrayMenuItem {
  const id = `attention:${entry.key}`;
  const primary: TrayMenuItem =
    entry.status === 'needs-auth'
      ? {
          type: 'action',
          id: `${id}:sign-in`,
          label: 'Sign in…',
          command: { kind: 'sign-in', key: entry.key },
          enabled: entry.liveProxies > 0,
        }
      : entry.status === 'session-expired'
        ? {
            type: 'action',
            id: `${id}:reset`,
            label: 'Reset session',
            command: { kind: 'act', key: entry.key, action: 'reset-session' },
            enabled: entry.liveProxies > 0,
          }
        : {
            type: 'action',
            id: `${id}:reconnect`,
            label: 'Reconnect',
            command: { kind: 'act', key: entry.key, action: 'reconnect' },
            enabled: entry.liveProxies > 0,
          };
  return {
    type: 'submenu',
    id,
    label: text(clip(`${name} — ${STATUS_WORDS[entry.status]}`, LABEL_MAX)),
    items: [
      { type: 'label', id: `${id}:reason`, label: text(clip(reasonLine(entry), LABEL_MAX)) },
      primary,
      {
        type: 'action',
        id: `${id}:details`,
        label: 'Open details',
        command: { kind: 'open-details', key: entry.key },
        enabled: true,
      },
    ],
  };
}

/** One server's submenu: its status and reason, then every action (disabled without a live proxy). */
function serverSubmenu(
  entry: ServerStatusEntry,
  name: string,
  text: (label: string) => string,
): TrayMenuItem {
  const id = `server:${entry.key}`;
  const live = entry.liveProxies > 0;
  const act = (action: 'reconnect' | 'reset-session' | 'restart', label: string): TrayMenuItem => ({
    type: 'action',
    id: `${id}:${action}`,
    label,
    command: { kind: 'act', key: entry.key, action },
    enabled: live,
  });
  const items: TrayMenuItem[] = [
    {
      type: 'label',
      id: `${id}:status`,
      label: text(
        clip(capitalize(STATUS_WORDS[entry.status]) + (entry.live ? '' : ' (not live)'), LABEL_MAX),
      ),
    },
    { type: 'label', id: `${id}:reason`, label: text(clip(reasonLine(entry), LABEL_MAX)) },
    { type: 'separator', id: `${id}:sep` },
  ];
  if (entry.status === 'needs-auth' || entry.actions.includes('sign-in'))
    items.push({
      type: 'action',
      id: `${id}:sign-in`,
      label: 'Sign in…',
      command: { kind: 'sign-in', key: entry.key },
      enabled: live,
    });
  items.push(act('reconnect', 'Reconnect'), act('reset-session', 'Reset session'), act('restart', 'Restart'));
  if (!live)
    items.push({
      type: 'label',
      id: `${id}:no-proxy`,
      label: entry.wrapped ? 'No proxy running: the client starts it' : 'Not wrapped: wrap it to act on it',
    });
  items.push(
    { type: 'separator', id: `${id}:sep2` },
    {
      type: 'action',
      id: `${id}:details`,
      label: 'Open details',
      command: { kind: 'open-details', key: entry.key },
      enabled: true,
    },
    {
      type: 'action',
      id: `${id}:logs`,
      label: 'View logs',
      command: { kind: 'view-logs', key: entry.key },
      enabled: true,
    },
  );
  const mark = entry.disabled ? ' (disabled)' : '';
  return {
    type: 'submenu',
    id,
    label: text(
      clip(`${STATUS_DOT[entry.status]} ${name}${mark} — ${STATUS_WORDS[entry.status]}`, LABEL_MAX),
    ),
    items,
  };
}

/** A glyph per status in the server rows: shape, not only colour, tells them apart. */
const STATUS_DOT: Record<ServerStatus, string> = {
  connected: '●',
  degraded: '▲',
  reconnecting: '↻',
  'session-expired': '▲',
  'needs-auth': '🔑',
  'upstream-down': '✕',
  'never-attached': '○',
  unknown: '?',
};

function reasonLine(entry: ServerStatusEntry): string {
  return entry.reason.trim() || entry.sourceNote.trim() || 'no details yet';
}

function duplicateNames(servers: readonly ServerStatusEntry[]): Set<string> {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const entry of servers) (seen.has(entry.name) ? duplicates : seen).add(entry.name);
  return duplicates;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Windows and Linux read `&` in a menu label as a mnemonic marker; `&&` shows one `&`. */
function menuText(label: string, platform: NodeJS.Platform): string {
  return platform === 'darwin' ? label : label.replaceAll('&', '&&');
}
