import type { ServerStatus } from '../../../shared/timeline-model.js';

/**
 * The tray icon: the worst server's state, drawn by shape as well as colour (never colour alone).
 * - `ok` green disc with a check; `warning` amber triangle; `down` red disc with a cross;
 * - `sign-in` a calm blue key (an expected step, not an error); `unknown` a grey hollow ring.
 * macOS draws template images (monochrome, re-coloured by the system), so there the colour goes
 * beside the icon as a coloured dot in the title.
 */
export const TRAY_ICON_STATES = ['ok', 'warning', 'down', 'sign-in', 'unknown'] as const;
export type TrayIconState = (typeof TRAY_ICON_STATES)[number];

export const ICON_STATE_OF: Record<ServerStatus, TrayIconState> = {
  connected: 'ok',
  degraded: 'warning',
  reconnecting: 'warning',
  'session-expired': 'warning',
  'needs-auth': 'sign-in',
  'upstream-down': 'down',
  'never-attached': 'unknown',
  unknown: 'unknown',
};

/** ANSI colours for the macOS title (`Tray.setTitle` renders them); null: no coloured dot. */
const TITLE_COLOUR: Record<TrayIconState, string | null> = {
  ok: null,
  warning: '\u001b[33m',
  down: '\u001b[31m',
  'sign-in': '\u001b[34m',
  unknown: null,
};

export type TrayIcon = {
  state: TrayIconState;
  /** File in assets/ (the renderer picks @2x itself from the name). */
  file: string;
  /** macOS: a template image the system re-colours for light and dark menu bars. */
  template: boolean;
  /** Text beside the icon (macOS only; empty elsewhere): a coloured dot and the attention count. */
  title: string;
};

/** Pure: the icon for a worst status (null: no servers or no snapshot yet) on a platform. */
export function trayIcon(worst: ServerStatus | null, attention: number, platform: NodeJS.Platform): TrayIcon {
  const state = worst === null ? 'unknown' : ICON_STATE_OF[worst];
  const template = platform === 'darwin';
  const colour = TITLE_COLOUR[state];
  const title = template && colour && attention > 0 ? `${colour}●\u001b[0m ${attention}` : '';
  return { state, file: trayIconFile(state, template), template, title };
}

/** `tray-down.png`, or `tray-downTemplate.png` (Electron treats a name ending in Template as a template image). */
export function trayIconFile(state: TrayIconState, template: boolean, scale: 1 | 2 = 1): string {
  return `tray-${state}${template ? 'Template' : ''}${scale === 2 ? '@2x' : ''}.png`;
}
