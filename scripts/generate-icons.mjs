// Draws every tray icon (per state: coloured and macOS Template, 1x and @2x) and the app icon with
// headless Chromium, from scripts/icons/icon-spec.mjs. Run by hand after changing a shape or colour:
// `node scripts/generate-icons.mjs`; the PNGs are committed and test/integration/desktop/icons.test.ts
// checks names, sizes and that templates are monochrome.
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { APP_ICON_SIZE, STATE_COLOURS, TRAY_SIZES, trayFileName, trayIconSvg } from './icons/icon-spec.mjs';
import { findPart } from './preflight/probe.mjs';

// The browser the test preflight would use (TETHER_CHROMIUM first, then the usual places per OS).
const executablePath = findPart('chromium', {
  platform: process.platform,
  env: process.env,
  home: os.homedir(),
});
if (!executablePath)
  throw new Error('No Chrome or Chromium found: run `node scripts/preflight.mjs` to see how to install one.');
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const page = await browser.newPage();

async function render(svg, size, file) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await writeFile(
    new URL(`../assets/${file}`, import.meta.url),
    await page.screenshot({ omitBackground: true }),
  );
}

for (const [state, colour] of Object.entries(STATE_COLOURS)) {
  for (const [suffix, size] of TRAY_SIZES) {
    await render(trayIconSvg(state, colour, size), size, trayFileName(state, false, suffix));
    // Template images: black with alpha only; macOS recolours them for light and dark menu bars.
    await render(trayIconSvg(state, '#000000', size), size, trayFileName(state, true, suffix));
  }
}
const mark = await readFile(new URL('../assets/src/tether-mark.svg', import.meta.url), 'utf8');
await page.setViewportSize({ width: APP_ICON_SIZE, height: APP_ICON_SIZE });
await page.setContent(
  `<html><body style="margin:0">${mark.replaceAll('STATE_COLOR', '#2f6fed').replace('<svg ', `<svg width="${APP_ICON_SIZE}" height="${APP_ICON_SIZE}" `)}</body></html>`,
);
await writeFile(
  new URL('../assets/icon.png', import.meta.url),
  await page.screenshot({ omitBackground: true }),
);
await browser.close();
