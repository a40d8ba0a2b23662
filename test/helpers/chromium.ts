import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium unless TETHER_CHROMIUM says otherwise; Playwright's own download cannot run here. */
export const CHROMIUM_PATH = process.env['TETHER_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium with the flags a closed network needs (no background fetches, no
 * component updates), each run with a fresh profile.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install Debian's chromium or set TETHER_CHROMIUM.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
