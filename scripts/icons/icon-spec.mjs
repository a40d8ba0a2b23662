// @ts-check
// What icons the app ships: one tray icon per state (the worst server's state, by shape and colour),
// coloured for Windows and Linux, monochrome `…Template` images for macOS, each at 1x and 2x; and the
// app icon. scripts/generate-icons.mjs draws them, test/integration/desktop/icons.test.ts checks them,
// electron/app/model/tray-icon.ts names them.

/** @typedef {'ok' | 'warning' | 'down' | 'sign-in' | 'unknown'} IconState */

/** @type {Record<IconState, string>} */
export const STATE_COLOURS = {
  ok: '#2e9e5b',
  warning: '#d99a00',
  down: '#d64545',
  'sign-in': '#2f6fed',
  unknown: '#8a93a6',
};

/**
 * Tray icons are 16 pt, plus a double-size file (suffix "@2x") for Retina and 200 % scaling.
 * @type {ReadonlyArray<readonly ['' | '@2x', number]>}
 */
export const TRAY_SIZES = [
  ['', 16],
  ['@2x', 32],
];

export const APP_ICON_SIZE = 1024;

/**
 * The file name of a tray icon.
 * @param {IconState} state
 * @param {boolean} template
 * @param {'' | '@2x'} suffix - "" or "@2x"
 */
export function trayFileName(state, template, suffix) {
  return `tray-${state}${template ? 'Template' : ''}${suffix}.png`;
}

/**
 * The SVG of a tray icon: a ring (dashed when unknown) around a state shape. Shapes differ so the
 * state reads without colour: a disc (ok), a triangle (warning), a cross (down), a keyhole (sign-in),
 * nothing (unknown).
 * @param {IconState} state
 * @param {string} colour
 * @param {number} size
 */
export function trayIconSvg(state, colour, size) {
  const ring =
    state === 'unknown'
      ? `<circle cx="16" cy="16" r="12.5" fill="none" stroke="${colour}" stroke-width="3.5" stroke-dasharray="6 3.8"/>`
      : `<circle cx="16" cy="16" r="12.5" fill="none" stroke="${colour}" stroke-width="3.5"/>`;
  const shapes = {
    ok: `<circle cx="16" cy="16" r="5.5" fill="${colour}"/>`,
    warning: `<path d="M16 8.5 L23 21.5 L9 21.5 Z" fill="${colour}"/>`,
    down: `<path d="M11 11 L21 21 M21 11 L11 21" stroke="${colour}" stroke-width="3.5" stroke-linecap="round"/>`,
    'sign-in': `<circle cx="16" cy="13.5" r="3.8" fill="${colour}"/><path d="M14.2 15 L17.8 15 L18.8 22.5 L13.2 22.5 Z" fill="${colour}"/>`,
    unknown: '',
  };
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}">${ring}${shapes[state]}</svg>`;
}
