// Renders the tray and app icons from assets/src/tether-mark.svg with headless Chromium, one colour per
// server state (the tray shows the worst server's state). Run by hand after changing the mark:
// `node scripts/generate-icons.mjs`; the PNGs are committed.
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { findPart } from './preflight/probe.mjs';

const STATE_COLOURS = {
  connected: '#2e9e5b',
  degraded: '#e0a100',
  down: '#d64545',
  unknown: '#8a93a6',
};
const SIZES = [
  ['', 16],
  ['@2x', 32],
];

const mark = await readFile(new URL('../assets/src/tether-mark.svg', import.meta.url), 'utf8');
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
for (const [state, colour] of Object.entries(STATE_COLOURS)) {
  for (const [suffix, size] of SIZES) {
    const svg = mark.replaceAll('STATE_COLOR', colour);
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
    );
    const png = await page.screenshot({ omitBackground: true });
    await writeFile(new URL(`../assets/tray-${state}${suffix}.png`, import.meta.url), png);
  }
}
const appIcon = mark.replaceAll('STATE_COLOR', '#2f6fed');
await page.setViewportSize({ width: 512, height: 512 });
await page.setContent(
  `<html><body style="margin:0">${appIcon.replace('<svg ', '<svg width="512" height="512" ')}</body></html>`,
);
await writeFile(
  new URL('../assets/icon.png', import.meta.url),
  await page.screenshot({ omitBackground: true }),
);
await browser.close();
