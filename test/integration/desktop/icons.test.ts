import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_ICON_STATES, trayIconFile } from '../../../electron/app/model/tray-icon.js';
import { APP_ICON_SIZE, STATE_COLOURS, TRAY_SIZES, trayFileName } from '../../../scripts/icons/icon-spec.mjs';
import { decodeRgbaPng } from '../../helpers/png-pixels.js';

const assets = path.resolve(import.meta.dirname, '../../../assets');

/** Every tray state has its four files (coloured and Template, 1x and @2x), with the right pixels. */
describe('generated icons (scripts/generate-icons.mjs)', () => {
  it('the tray model and the generator name the same states and files', () => {
    expect([...TRAY_ICON_STATES].sort()).toEqual(Object.keys(STATE_COLOURS).sort());
    for (const state of TRAY_ICON_STATES) {
      expect(trayIconFile(state, true)).toBe(trayFileName(state, true, ''));
      expect(trayIconFile(state, false, 2)).toBe(trayFileName(state, false, '@2x'));
      // Electron makes a file a template image by its name ending in "Template" (before @2x).
      expect(trayIconFile(state, true, 2)).toMatch(/Template@2x\.png$/);
    }
  });

  it('every file exists at its size; no stray tray files', async () => {
    const expected = new Set<string>();
    for (const state of TRAY_ICON_STATES)
      for (const template of [false, true])
        for (const [suffix, size] of TRAY_SIZES) {
          const file = trayFileName(state, template, suffix);
          expected.add(file);
          const { width, height } = decodeRgbaPng(await readFile(path.join(assets, file)));
          expect([file, width, height]).toEqual([file, size, size]);
        }
    const present = (await readdir(assets)).filter((name) => name.startsWith('tray-'));
    expect(present.sort()).toEqual([...expected].sort());
    const app = decodeRgbaPng(await readFile(path.join(assets, 'icon.png')));
    expect([app.width, app.height]).toEqual([APP_ICON_SIZE, APP_ICON_SIZE]);
  });

  it('Template images are black with alpha only; coloured ones carry their state colour', async () => {
    for (const state of TRAY_ICON_STATES) {
      const template = decodeRgbaPng(await readFile(path.join(assets, trayFileName(state, true, '@2x'))));
      let opaque = 0;
      for (let at = 0; at < template.rgba.length; at += 4) {
        if (template.rgba[at + 3]! === 0) continue;
        opaque++;
        expect(
          Math.max(template.rgba[at]!, template.rgba[at + 1]!, template.rgba[at + 2]!),
          state,
        ).toBeLessThanOrEqual(8);
      }
      expect(opaque, state).toBeGreaterThan(50);
      const coloured = decodeRgbaPng(await readFile(path.join(assets, trayFileName(state, false, '@2x'))));
      const hex = STATE_COLOURS[state].slice(1);
      const [r, g, b] = [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16));
      let matching = 0;
      for (let at = 0; at < coloured.rgba.length; at += 4)
        if (
          coloured.rgba[at + 3]! > 250 &&
          Math.abs(coloured.rgba[at]! - r!) < 6 &&
          Math.abs(coloured.rgba[at + 1]! - g!) < 6 &&
          Math.abs(coloured.rgba[at + 2]! - b!) < 6
        )
          matching++;
      expect(matching, state).toBeGreaterThan(50);
    }
  });

  it('the states differ by shape, not only colour: templates (no colour at all) are pairwise different', async () => {
    const masks = await Promise.all(
      TRAY_ICON_STATES.map(async (state) => {
        const { rgba } = decodeRgbaPng(await readFile(path.join(assets, trayFileName(state, true, '@2x'))));
        return Array.from({ length: rgba.length / 4 }, (_, index) => (rgba[index * 4 + 3]! > 127 ? 1 : 0));
      }),
    );
    for (let a = 0; a < masks.length; a++)
      for (let b = a + 1; b < masks.length; b++) {
        const differing = masks[a]!.filter((bit, index) => bit !== masks[b]![index]).length;
        expect(differing, `${TRAY_ICON_STATES[a]} vs ${TRAY_ICON_STATES[b]}`).toBeGreaterThan(20);
      }
  });
});
