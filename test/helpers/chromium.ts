import { chromium, type Browser } from 'playwright-core';
import { systemTool } from './system-tools.js';

/**
 * Launches headless Chromium (or Chrome, or Edge: whichever the preflight found, `TETHER_CHROMIUM`
 * first) with the flags a closed network needs (no background fetches, no component updates), each
 * run with a fresh profile.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: systemTool('chromium'),
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
