import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';
import { stopChild, waitForOutput } from '../../helpers/run-cli.js';

function electronBinaryPresent(): boolean {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary);
  } catch {
    return false;
  }
}

describe('npm start without a usable Electron', () => {
  let home: TempHome;
  beforeAll(async () => {
    home = await createTempHome();
  });
  afterAll(() => home.cleanup());

  it('says why in one line and serves the headless dashboard instead', async () => {
    // With no DISPLAY the fallback is taken whether or not the binary was downloaded.
    // The temp home passes only an allow-list of variables; the skip flag is handed on as npm would.
    const skipDownload = process.env['ELECTRON_SKIP_BINARY_DOWNLOAD'];
    const env = {
      ...home.env,
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      ...(skipDownload === undefined ? {} : { ELECTRON_SKIP_BINARY_DOWNLOAD: skipDownload }),
    };
    const child = spawn(process.execPath, ['scripts/start.mjs', '--no-open'], { env });
    try {
      const [line] = await waitForOutput(child, /^Tether: .*; starting the headless dashboard instead.*$/m);
      // Here the binary is missing because the download was skipped: the line says so and names the fix.
      const reason = electronBinaryPresent()
        ? 'no display is available'
        : process.env['ELECTRON_SKIP_BINARY_DOWNLOAD']
          ? 'the Electron download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD is set); fix: unset'
          : 'the Electron binary is missing';
      expect(line).toContain(reason);
      expect(line).toContain('fix: ');
      const [url] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
      // The token URL is traded for the session cookie (303), as a browser follows it.
      const exchange = await fetch(url, { redirect: 'manual' });
      expect(exchange.status).toBe(303);
      const cookie = (exchange.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect((await fetch(new URL('/', url), { headers: { cookie } })).status).toBe(200);
    } finally {
      await stopChild(child); // start.mjs exits only after the service it started did
    }
  });
});
